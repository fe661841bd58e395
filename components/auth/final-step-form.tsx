'use client';

import type { BaseSyntheticEvent, ReactNode } from 'react';
import { Button } from '@/components/ui/button';
import { FormError } from '@/components/ui/notice';

/**
 * The last step of sign-up and reset: its error can offer to start over (a spent or expired
 * ticket), and the verified mobile rides along as the username so password managers save the
 * new password for the right account.
 */
export function FinalStepForm({
  mobile,
  onRestart,
  restartLabel,
  submitLabel,
  state,
  children,
}: {
  mobile: string;
  onRestart: () => void;
  restartLabel: string;
  submitLabel: string;
  /** What `useActionForm` answered for the step's own form. */
  state: { onSubmit: (e?: BaseSyntheticEvent) => Promise<void>; formError: string | undefined; pending: boolean };
  children: ReactNode;
}) {
  return (
    <form onSubmit={state.onSubmit} noValidate className="flex flex-col gap-5">
      <FormError>
        {state.formError && (
          <>
            {state.formError}{' '}
            <button type="button" onClick={onRestart} className="font-semibold underline">
              {restartLabel}
            </button>
          </>
        )}
      </FormError>
      <input type="text" name="username" autoComplete="username" value={mobile} readOnly hidden />
      {children}
      <Button type="submit" pending={state.pending}>
        {submitLabel}
      </Button>
    </form>
  );
}
