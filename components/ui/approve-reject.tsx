'use client';

import { createContext, useContext, useState, type FormEvent, type ReactNode } from 'react';
import type { UseFormRegisterReturn } from 'react-hook-form';
import { ConfirmStep } from '@/components/money/confirm-step';
import { Button } from '@/components/ui/button';
import { Notice } from '@/components/ui/notice';

const Outcome = createContext<((message: string) => void) | null>(null);

/**
 * Wraps a list of things to decide (slips, platforms): the success message of the last decision,
 * announced above the list. The decided item leaves its list (or loses its buttons) when the page
 * refreshes, so its own message could not stay with it.
 */
export function DecisionOutcomes({ children, testId = 'decision-outcome' }: { children: ReactNode; testId?: string }) {
  const [message, setMessage] = useState<string | null>(null);
  return (
    <Outcome.Provider value={setMessage}>
      <Notice tone="success" testId={testId}>
        {message}
      </Notice>
      {children}
    </Outcome.Provider>
  );
}

/** Tells the enclosing `DecisionOutcomes` what was decided; null outside one. */
export function useDecisionOutcome(): ((message: string) => void) | null {
  return useContext(Outcome);
}

/**
 * What the confirm step says before each decision: its title and what will happen (`note`), and
 * the `ConfirmRow`s both share (the amount, who pays). Given, neither button decides at once.
 */
export type DecisionConfirm = {
  approve: { title: ReactNode; note: ReactNode; confirm: string };
  reject: { title: ReactNode; note: ReactNode; confirm: string };
  rows?: ReactNode;
  back: string;
};

/**
 * Approve, or reject with a reason: the buttons, the reason field that appears on "reject" (Enter
 * there rejects: it is the only button then) and the one announced message line. With `confirm`,
 * each decision first shows its confirm step (what will happen), and the reason field only on the
 * reject one. The form's state stays with its caller's `useActionForm`.
 */
export function ApproveRejectForm({
  id,
  reason,
  onApprove,
  onReject,
  error,
  invalid,
  labels,
  pending,
  describe,
  confirm,
}: {
  id: string;
  reason: UseFormRegisterReturn;
  onApprove: (e: FormEvent<HTMLFormElement>) => unknown;
  onReject: (e: FormEvent<HTMLFormElement>) => unknown;
  error?: string | null;
  /** The reason itself was refused (the message line may also carry other errors). */
  invalid?: boolean;
  labels: { approve: string; reject: string; reason: string };
  /** Which button spins, and whether both wait. */
  pending: { approve: boolean; reject: boolean; any: boolean };
  /** What is decided, for the buttons' accessible names ("Approve: payout of …"). */
  describe?: string;
  confirm?: DecisionConfirm;
}) {
  const [step, setStep] = useState<'idle' | 'approve' | 'reject'>('idle');
  const reasonId = `reason-${id}`;
  const named = (label: string) => (describe ? `${label}: ${describe}` : undefined);
  const errorLine = (
    <p id={`${reasonId}-error`} aria-live="polite" className="text-xs text-red-700">
      {error}
    </p>
  );
  const reasonInput = (className: string) => (
    <input
      id={reasonId}
      {...reason}
      className={className}
      placeholder={confirm ? undefined : labels.reason}
      aria-invalid={invalid ? true : undefined}
      aria-describedby={error ? `${reasonId}-error` : undefined}
    />
  );

  if (confirm) {
    const rejecting = step === 'reject';
    return (
      <form
        noValidate
        className="flex flex-col gap-3"
        data-testid={`decision-${id}`}
        onSubmit={(e) => {
          if (step === 'idle') return e.preventDefault();
          void (rejecting ? onReject : onApprove)(e);
        }}
      >
        {step === 'idle' ? (
          <div className="flex flex-wrap gap-2">
            <Button type="button" className="min-h-9" onClick={() => setStep('approve')} aria-label={named(labels.approve)} data-testid="decision-approve">
              {labels.approve}
            </Button>
            <Button
              type="button"
              variant="secondary"
              className="min-h-9"
              onClick={() => setStep('reject')}
              aria-label={named(labels.reject)}
              data-testid="decision-reject"
            >
              {labels.reject}
            </Button>
          </div>
        ) : (
          <ConfirmStep
            id={`${rejecting ? 'reject' : 'approve'}-${id}`}
            level={3}
            title={confirm[step].title}
            note={confirm[step].note}
            confirmLabel={confirm[step].confirm}
            backLabel={confirm.back}
            danger={rejecting}
            pending={rejecting ? pending.reject : pending.approve}
            onBack={() => setStep('idle')}
            submitTestId={rejecting ? 'decision-reject-confirm' : 'decision-approve-confirm'}
            field={
              rejecting && (
                <div className="flex flex-col gap-1">
                  <label htmlFor={reasonId} className="text-sm font-medium">
                    {labels.reason}
                  </label>
                  {reasonInput('min-h-11 rounded-lg border border-slate-300 bg-white px-3 text-sm')}
                </div>
              )
            }
          >
            {confirm.rows}
          </ConfirmStep>
        )}
        {errorLine}
      </form>
    );
  }

  return (
    <form
      noValidate
      className="flex flex-col gap-2"
      onSubmit={(e) => {
        void (step === 'reject' ? onReject : onApprove)(e);
      }}
    >
      {step === 'reject' ? (
        <div className="flex flex-wrap items-center gap-2">
          <label className="sr-only" htmlFor={reasonId}>
            {labels.reason}
          </label>
          {reasonInput('min-h-9 rounded-lg border border-slate-300 px-2 text-sm')}
          <Button type="submit" variant="danger" className="min-h-9" pending={pending.reject} disabled={pending.any} aria-label={named(labels.reject)}>
            {labels.reject}
          </Button>
        </div>
      ) : (
        <div className="flex flex-wrap gap-2">
          <Button type="submit" className="min-h-9" pending={pending.approve} disabled={pending.any} aria-label={named(labels.approve)}>
            {labels.approve}
          </Button>
          <Button type="button" variant="secondary" className="min-h-9" onClick={() => setStep('reject')} aria-label={named(labels.reject)}>
            {labels.reject}
          </Button>
        </div>
      )}
      {errorLine}
    </form>
  );
}
