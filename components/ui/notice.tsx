import type { ReactNode } from 'react';

const tones = {
  error: 'border-red-300 bg-red-50 text-red-800',
  success: 'border-emerald-300 bg-emerald-50 text-emerald-900',
  info: 'border-brand-100 bg-brand-50 text-brand-800',
};

/** A message region that screen readers announce when its text changes. */
export function Notice({ tone, children, testId }: { tone: keyof typeof tones; children?: ReactNode; testId?: string }) {
  return (
    <div aria-live="polite" data-testid={testId}>
      {children ? <div className={`rounded-lg border px-3 py-2 text-sm ${tones[tone]}`}>{children}</div> : null}
    </div>
  );
}

/** A form's outcome in one announced region: its error, or else what it did (`done`); empty before either. */
export function OutcomeNotice({ error, done, testId }: { error: string | null | undefined; done: ReactNode; testId?: string }) {
  return (
    <Notice tone={error ? 'error' : 'success'} testId={testId}>
      {error ?? done}
    </Notice>
  );
}

/** A form's form-level error (not a field's), where the e2e tests look for it. */
export function FormError({ children }: { children?: ReactNode }) {
  return (
    <Notice tone="error" testId="form-error">
      {children}
    </Notice>
  );
}
