'use client';

import { useState, type FormEvent } from 'react';
import type { UseFormRegisterReturn } from 'react-hook-form';
import { Button } from '@/components/ui/button';

/**
 * Approve, or reject with a reason: the buttons, the reason field that appears on "reject" (Enter
 * there rejects: it is the only button then) and the one announced message line. The form's state
 * stays with its caller's `useActionForm`.
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
}) {
  const [rejecting, setRejecting] = useState(false);
  const reasonId = `reason-${id}`;
  const named = (label: string) => (describe ? `${label}: ${describe}` : undefined);
  return (
    <form
      noValidate
      className="flex flex-col gap-2"
      onSubmit={(e) => {
        void (rejecting ? onReject : onApprove)(e);
      }}
    >
      {rejecting ? (
        <div className="flex flex-wrap items-center gap-2">
          <label className="sr-only" htmlFor={reasonId}>
            {labels.reason}
          </label>
          <input
            id={reasonId}
            {...reason}
            className="min-h-9 rounded-lg border border-slate-300 px-2 text-sm"
            placeholder={labels.reason}
            aria-invalid={invalid ? true : undefined}
            aria-describedby={error ? `${reasonId}-error` : undefined}
          />
          <Button type="submit" variant="danger" className="min-h-9" pending={pending.reject} disabled={pending.any} aria-label={named(labels.reject)}>
            {labels.reject}
          </Button>
        </div>
      ) : (
        <div className="flex flex-wrap gap-2">
          <Button type="submit" className="min-h-9" pending={pending.approve} disabled={pending.any} aria-label={named(labels.approve)}>
            {labels.approve}
          </Button>
          <Button type="button" variant="secondary" className="min-h-9" onClick={() => setRejecting(true)} aria-label={named(labels.reject)}>
            {labels.reject}
          </Button>
        </div>
      )}
      <p id={`${reasonId}-error`} aria-live="polite" className="text-xs text-red-700">
        {error}
      </p>
    </form>
  );
}
