'use client';

import { useState, type ReactNode } from 'react';
import type { ActionResult } from '@/lib/actions/result';
import { RequestCodeStep, VerifyCodeStep, type CodeSent } from './otp-steps';
import { StepHeader } from './step-header';

/**
 * The three steps that sign-up and password reset share: mobile → SMS code → a final form
 * (rendered by `finalStep`, which gets the verified mobile and a way to start over).
 */
export function OtpFlow({
  title,
  subtitles,
  sendLabel,
  otpLength,
  request,
  verify,
  finalStep,
  footer,
}: {
  title: string;
  subtitles: [string, string, string];
  sendLabel: string;
  otpLength: number;
  request: (values: { mobile: string }) => Promise<ActionResult<CodeSent>>;
  verify: (values: { mobile: string; code: string }) => Promise<ActionResult>;
  finalStep: (mobile: string, restart: () => void) => ReactNode;
  footer: ReactNode;
}) {
  const [sent, setSent] = useState<CodeSent | null>(null);
  const [verified, setVerified] = useState(false);
  const step = !sent ? 1 : !verified ? 2 : 3;
  const restart = () => {
    setSent(null);
    setVerified(false);
  };
  return (
    <div className="flex flex-col gap-5">
      <StepHeader title={title} subtitle={subtitles[step - 1]} step={step} total={3} />
      {!sent && <RequestCodeStep action={request} onSent={setSent} submitLabel={sendLabel} />}
      {sent && !verified && (
        <VerifyCodeStep sent={sent} otpLength={otpLength} verify={verify} resend={request} onVerified={() => setVerified(true)} onChangeMobile={restart} />
      )}
      {sent && verified && finalStep(sent.mobile, restart)}
      {footer}
    </div>
  );
}
