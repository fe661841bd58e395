'use client';

import { useLocale, useTranslations } from 'next-intl';
import { useEffect, useState } from 'react';
import { useActionForm } from '@/components/forms/use-action-form';
import { Button } from '@/components/ui/button';
import { Field } from '@/components/ui/field';
import { FormError, Notice } from '@/components/ui/notice';
import type { ActionResult } from '@/lib/actions/result';
import { localDigits } from '@/lib/date/format';
import { requestCodeSchema, verifyCodeSchema } from '@/lib/validation/auth';
import type { Locale } from '@/lib/i18n/config';
import { MobileField } from './mobile-field';

/** `mobile` is what the code is bound to (a mobile or an e-mail address); `phone`, a Turkish company's mobile given beside its address. */
export type CodeSent = { mobile: string; channel?: 'sms' | 'email'; phone?: string; resendAfterSeconds: number; expiresInSeconds: number };
type RequestAction = (values: { mobile: string }) => Promise<ActionResult<CodeSent>>;

export function RequestCodeStep({ action, onSent, submitLabel }: { action: RequestAction; onSent: (s: CodeSent) => void; submitLabel: string }) {
  const { form, onSubmit, formError, message, pending } = useActionForm({
    schema: requestCodeSchema,
    defaultValues: { mobile: '' },
    action,
    onSuccess: (data) => data && onSent(data),
  });
  return (
    <form onSubmit={onSubmit} noValidate className="flex flex-col gap-5">
      <FormError>{formError}</FormError>
      <MobileField {...form.register('mobile')} error={message(form.formState.errors.mobile?.message)} autoFocus />
      <Button type="submit" pending={pending}>
        {submitLabel}
      </Button>
    </form>
  );
}

function useCountdown(seconds: number) {
  const [left, setLeft] = useState(seconds);
  useEffect(() => {
    if (left <= 0) return;
    const id = setTimeout(() => setLeft((s) => s - 1), 1000);
    return () => clearTimeout(id);
  }, [left]);
  return [left, setLeft] as const;
}

export function VerifyCodeStep({
  sent,
  otpLength,
  verify,
  resend,
  onVerified,
  onChangeMobile,
}: {
  sent: CodeSent;
  otpLength: number;
  verify: (values: { mobile: string; code: string }) => Promise<ActionResult>;
  resend: RequestAction;
  onVerified: () => void;
  onChangeMobile: () => void;
}) {
  const t = useTranslations('otp');
  const te = useTranslations('errors');
  const locale = useLocale() as Locale;
  const [left, setLeft] = useCountdown(sent.resendAfterSeconds);
  const [resendNote, setResendNote] = useState<{ tone: 'success' | 'error'; text: string } | null>(null);
  const [resending, setResending] = useState(false);
  const { form, onSubmit, formError, message, pending } = useActionForm({
    schema: verifyCodeSchema,
    defaultValues: { mobile: sent.mobile, code: '' },
    action: verify,
    onSuccess: onVerified,
  });

  async function doResend() {
    setResending(true);
    setResendNote(null);
    try {
      const r = await resend({ mobile: sent.mobile });
      if (r.ok) {
        setLeft(r.data?.resendAfterSeconds ?? 60);
        form.resetField('code');
        setResendNote({ tone: 'success', text: t('resent') });
      } else {
        const secs = Number(r.params?.retryAfterSeconds ?? 0);
        if (r.error === 'resendTooSoon') setLeft(secs);
        setResendNote({ tone: 'error', text: te(r.error ?? 'unknown', { seconds: secs, minutes: Math.ceil(secs / 60) }) });
      }
    } catch {
      setResendNote({ tone: 'error', text: te('network') });
    } finally {
      setResending(false);
    }
  }

  return (
    <form onSubmit={onSubmit} noValidate className="flex flex-col gap-5">
      <p className="text-sm text-muted">
        {t.rich(sent.channel === 'email' ? 'sentByEmail' : 'sentTo', {
          mobile: () => (
            <bdi dir="ltr" className="font-semibold text-ink">
              {sent.mobile.includes('@') ? sent.mobile : localDigits(sent.mobile, locale)}
            </bdi>
          ),
          minutes: localDigits(Math.max(1, Math.round(sent.expiresInSeconds / 60)), locale),
        })}
      </p>
      <FormError>{formError}</FormError>
      <input type="hidden" {...form.register('mobile')} />
      <Field
        {...form.register('code')}
        label={t('code')}
        digits
        autoComplete="one-time-code"
        maxLength={otpLength + 4}
        placeholder={'•'.repeat(otpLength)}
        className="tracking-[0.5em]"
        error={message(form.formState.errors.code?.message)}
        autoFocus
      />
      <Button type="submit" pending={pending}>
        {t('verify')}
      </Button>
      <div className="flex flex-wrap items-center justify-between gap-2 text-sm">
        <button type="button" onClick={onChangeMobile} className="font-medium text-brand-700 underline-offset-4 hover:underline">
          {t(sent.channel === 'email' ? 'changeEmail' : 'changeMobile')}
        </button>
        {left > 0 ? (
          <span className="text-muted" aria-live="off">
            {t('resendIn', { seconds: localDigits(left, locale) })}
          </span>
        ) : (
          <button type="button" onClick={doResend} disabled={resending} className="font-medium text-brand-700 underline-offset-4 hover:underline">
            {t('resend')}
          </button>
        )}
      </div>
      <Notice tone={resendNote?.tone ?? 'success'} testId="resend-note">
        {resendNote?.text}
      </Notice>
    </form>
  );
}
