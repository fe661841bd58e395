'use client';

import { useTranslations } from 'next-intl';
import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { Button } from '@/components/ui/button';
import { useSplitMessage } from '@/components/split/use-split-message';
import type { Result } from '@/lib/result';

/**
 * One button that does one thing to one row (close, verify, cancel, remove, accept, decline),
 * behind a confirm step when `confirm` says what will happen; the refusal is shown beside it and
 * the page's data refreshed on success.
 */
export function ConfirmAction<I>({
  action,
  input,
  label,
  confirm,
  yes,
  variant = 'secondary',
  testId,
  done,
}: {
  action: (input: I) => Promise<Result<unknown>>;
  input: I;
  label: string;
  /** What happens, asked before doing it; none: done on the first press. */
  confirm?: string;
  yes?: string;
  variant?: 'primary' | 'secondary' | 'danger';
  testId: string;
  /** Said once it is done (the row may stay on the page). */
  done?: string;
}) {
  const t = useTranslations('split');
  const msg = useSplitMessage();
  const router = useRouter();
  const [step, setStep] = useState<'idle' | 'confirm' | 'done'>('idle');
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function run() {
    setPending(true);
    setError(null);
    try {
      const r = await action(input);
      if (r.ok) {
        setStep(done ? 'done' : 'idle');
        router.refresh();
      } else setError(r.error ?? Object.values(r.fieldErrors ?? {})[0] ?? 'unknown');
    } catch {
      setError('network');
    } finally {
      setPending(false);
    }
  }

  return (
    <div className="flex flex-col gap-2" data-testid={testId}>
      {step === 'confirm' && confirm ? (
        <div role="group" aria-label={label} className="flex flex-col gap-2 rounded-lg border border-amber-200 bg-amber-50 p-3">
          <p className="text-sm text-amber-950">{confirm}</p>
          <div className="flex flex-wrap gap-2">
            <Button
              type="button"
              variant={variant === 'danger' ? 'danger' : 'primary'}
              className="min-h-10 px-3"
              pending={pending}
              onClick={() => void run()}
              data-testid={`${testId}-yes`}
            >
              {yes ?? label}
            </Button>
            <Button type="button" variant="secondary" className="min-h-10 px-3" disabled={pending} onClick={() => setStep('idle')}>
              {t('back')}
            </Button>
          </div>
        </div>
      ) : (
        <Button
          type="button"
          variant={variant}
          className="min-h-10 self-start px-3"
          pending={!confirm && pending}
          onClick={() => (confirm ? setStep('confirm') : void run())}
          data-testid={`${testId}-start`}
        >
          {label}
        </Button>
      )}
      <div aria-live="polite">
        {error && <p className="text-sm text-red-700">{msg(error)}</p>}
        {step === 'done' && done && <p className="text-sm text-emerald-800">{done}</p>}
      </div>
    </div>
  );
}
