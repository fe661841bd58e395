'use client';

import { useTranslations } from 'next-intl';
import { useState } from 'react';
import type { z } from 'zod';
import { navigateAway, useActionForm } from '@/components/forms/use-action-form';
import { Button } from '@/components/ui/button';
import { Field } from '@/components/ui/field';
import { FormError } from '@/components/ui/notice';
import type { ActionResult } from '@/lib/actions/result';
import { twoFactorCodeInputSchema } from '@/lib/validation/two-factor';
import { RecoveryCodes } from './recovery-codes';

/**
 * Enrolment: the QR code (an SVG made on the server from the otpauth URI) and the same key as text,
 * then the first code; the recovery codes are shown once before moving on to `next`.
 */
export function TwoFactorEnrolForm({
  secret,
  qrSvg,
  action,
  next,
}: {
  secret: string;
  qrSvg: string;
  action: (v: z.input<typeof twoFactorCodeInputSchema>) => Promise<ActionResult<{ recoveryCodes: string[] }>>;
  next: string;
}) {
  const t = useTranslations('twoFactor');
  const [codes, setCodes] = useState<string[] | null>(null);
  const { form, onSubmit, formError, message, pending } = useActionForm({
    schema: twoFactorCodeInputSchema,
    defaultValues: { code: '' },
    action,
    onSuccess: (data) => setCodes(data?.recoveryCodes ?? []),
  });
  if (codes) {
    return (
      <div className="flex flex-col gap-5">
        <RecoveryCodes codes={codes} />
        <Button type="button" onClick={() => navigateAway(next)} data-testid="two-factor-continue">
          {t('continue')}
        </Button>
      </div>
    );
  }
  return (
    <form onSubmit={onSubmit} noValidate className="flex flex-col gap-5">
      <div className="flex flex-col items-center gap-3">
        {/* The SVG comes from the qrcode package on our server, from a URI we made: no user markup. */}
        <div role="img" aria-label={t('qrAlt')} className="size-48 [&>svg]:size-full" dangerouslySetInnerHTML={{ __html: qrSvg }} />
        <p className="text-sm text-muted">{t('secretLabel')}</p>
        <code data-testid="two-factor-secret" dir="ltr" className="break-all rounded bg-slate-100 px-2 py-1 text-sm">
          {secret}
        </code>
      </div>
      <FormError>{formError}</FormError>
      <Field
        {...form.register('code')}
        label={t('code')}
        autoComplete="one-time-code"
        inputMode="numeric"
        dir="ltr"
        error={message(form.formState.errors.code?.message)}
      />
      <Button type="submit" pending={pending}>
        {t('confirm')}
      </Button>
    </form>
  );
}
