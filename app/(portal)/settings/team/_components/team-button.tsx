'use client';

import { useTranslations } from 'next-intl';
import { useRouter } from 'next/navigation';
import { useState, useTransition } from 'react';
import { ConfirmStep } from '@/components/money/confirm-step';
import { Button } from '@/components/ui/button';
import type { ActionResult } from '@/lib/actions/result';

/**
 * One button that runs one team action with fixed input (remove, revoke, accept, …): with `confirm`,
 * a confirm step first (the question, then confirm or back — the same step as the portal's other
 * actions that cannot be taken back), shows the refusal next to it, and reloads the page's data
 * (or goes to `then`) once done.
 */
export function TeamButton<I>({
  action,
  input,
  label,
  confirm,
  variant = 'secondary',
  then,
  testId,
}: {
  action: (input: I) => Promise<ActionResult<unknown>>;
  input: I;
  label: string;
  confirm?: string;
  variant?: 'primary' | 'secondary' | 'danger' | 'ghost';
  then?: string;
  testId?: string;
}) {
  const t = useTranslations('errors');
  const tc = useTranslations('teamConfirm');
  const router = useRouter();
  const [error, setError] = useState<string | null>(null);
  const [asking, setAsking] = useState(false);
  const [pending, start] = useTransition();
  const run = () => {
    setError(null);
    start(async () => {
      try {
        const r = await action(input);
        if (!r.ok) {
          const key = r.error ?? Object.values(r.fieldErrors ?? {})[0] ?? 'unknown';
          setError(t.has(key) ? t(key) : t('unknown'));
          return;
        }
        setAsking(false);
        if (then) window.location.assign(then);
        else router.refresh();
      } catch {
        setError(t('network'));
      }
    });
  };
  const alert = error && (
    <span role="alert" className="text-xs text-red-700">
      {error}
    </span>
  );
  if (confirm && asking) {
    return (
      <form
        noValidate
        className="flex w-full flex-col gap-2 rounded-lg border border-slate-200 bg-slate-50 p-3"
        onSubmit={(e) => {
          e.preventDefault();
          run();
        }}
      >
        <ConfirmStep
          id={testId ?? 'team-action'}
          level={3}
          title={confirm}
          confirmLabel={label}
          backLabel={tc('back')}
          danger={variant === 'danger'}
          pending={pending}
          onBack={() => setAsking(false)}
          submitTestId={testId ? `${testId}-confirm-submit` : undefined}
        />
        {alert}
      </form>
    );
  }
  return (
    <span className="inline-flex flex-col items-start gap-1">
      <Button
        type="button"
        variant={variant}
        pending={pending}
        onClick={() => (confirm ? setAsking(true) : run())}
        data-testid={testId}
        className="min-h-10 py-1.5"
      >
        {label}
      </Button>
      {alert}
    </span>
  );
}
