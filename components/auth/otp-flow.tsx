'use client';

import { useTranslations } from 'next-intl';
import { useState, type ComponentType, type ReactNode } from 'react';
import type { ActionResult } from '@/lib/actions/result';
import { RequestCodeStep, VerifyCodeStep, type CodeSent } from './otp-steps';
import { StepHeader } from './step-header';

const STEPS = ['step1', 'step2', 'step3'] as const;

/**
 * The three steps that sign-up and password reset share: mobile → SMS code → a final form
 * (`FinalStep`, which gets the verified mobile and a way to start over). The texts are the
 * namespace's `title`, `step1`…`step3` (or the keys `subtitles` names) and `sendCode`. A flow
 * whose first step asks for something else (an e-mail address) gives its own `RequestStep`.
 */
export function OtpFlow({
  namespace,
  otpLength,
  actions,
  FinalStep,
  footer,
  RequestStep,
  subtitles = STEPS,
  choice,
}: {
  namespace: 'signup' | 'reset';
  otpLength: number;
  actions: {
    request: (values: { mobile: string }) => Promise<ActionResult<CodeSent>>;
    verify: (values: { mobile: string; code: string }) => Promise<ActionResult>;
  };
  FinalStep: ComponentType<{ mobile: string; sent: CodeSent; onRestart: () => void }>;
  footer: ReactNode;
  RequestStep?: ComponentType<{ onSent: (s: CodeSent) => void; submitLabel: string }>;
  subtitles?: readonly [string, string, string];
  /** Shown under the header on the first step only (sign-up's country choice). */
  choice?: ReactNode;
}) {
  const t = useTranslations(namespace);
  const [sent, setSent] = useState<CodeSent | null>(null);
  const [verified, setVerified] = useState(false);
  const step = !sent ? 1 : !verified ? 2 : 3;
  const restart = () => {
    setSent(null);
    setVerified(false);
  };
  return (
    <div className="flex flex-col gap-5">
      <StepHeader title={t('title')} subtitle={t(subtitles[step - 1] as (typeof STEPS)[number])} step={step} total={3} />
      {!sent && choice}
      {!sent &&
        (RequestStep ? (
          <RequestStep onSent={setSent} submitLabel={t('sendCode')} />
        ) : (
          <RequestCodeStep action={actions.request} onSent={setSent} submitLabel={t('sendCode')} />
        ))}
      {sent && !verified && (
        <VerifyCodeStep
          sent={sent}
          otpLength={otpLength}
          verify={actions.verify}
          resend={actions.request}
          onVerified={() => setVerified(true)}
          onChangeMobile={restart}
        />
      )}
      {sent && verified && <FinalStep mobile={sent.mobile} sent={sent} onRestart={restart} />}
      {footer}
    </div>
  );
}
