'use client';

import { useTranslations } from 'next-intl';
import { useRouter } from 'next/navigation';
import { useState, useTransition } from 'react';
import { Button } from '@/components/ui/button';
import type { ActionResult } from '@/lib/actions/result';

/**
 * One button that runs one team action with fixed input (remove, revoke, accept, …): asks first
 * when `confirm` is given, shows the refusal next to it, and reloads the page's data (or goes to
 * `then`) once done.
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
  const router = useRouter();
  const [error, setError] = useState<string | null>(null);
  const [pending, start] = useTransition();
  const run = () => {
    if (confirm && !window.confirm(confirm)) return;
    setError(null);
    start(async () => {
      try {
        const r = await action(input);
        if (!r.ok) {
          const key = r.error ?? Object.values(r.fieldErrors ?? {})[0] ?? 'unknown';
          setError(t.has(key) ? t(key) : t('unknown'));
          return;
        }
        if (then) window.location.assign(then);
        else router.refresh();
      } catch {
        setError(t('network'));
      }
    });
  };
  return (
    <span className="inline-flex flex-col items-start gap-1">
      <Button type="button" variant={variant} pending={pending} onClick={run} data-testid={testId} className="min-h-10 py-1.5">
        {label}
      </Button>
      {error && (
        <span role="alert" className="text-xs text-red-700">
          {error}
        </span>
      )}
    </span>
  );
}
