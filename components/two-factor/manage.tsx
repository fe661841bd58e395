'use client';

import { useTranslations } from 'next-intl';
import { useState } from 'react';
import type { z } from 'zod';
import { useActionForm } from '@/components/forms/use-action-form';
import { PasswordField } from '@/components/auth/password-field';
import { Button } from '@/components/ui/button';
import { Field } from '@/components/ui/field';
import { FormError } from '@/components/ui/notice';
import { TextLink } from '@/components/ui/text-link';
import type { ActionResult } from '@/lib/actions/result';
import { twoFactorCodeInputSchema, twoFactorDisableSchema } from '@/lib/validation/two-factor';
import { RecoveryCodes } from './recovery-codes';

type Props = {
  enabled: boolean;
  required: boolean;
  recoveryCodesLeft: number;
  /** Where enrolment returns to (this page). */
  back: string;
  regenerate: (v: z.input<typeof twoFactorCodeInputSchema>) => Promise<ActionResult<{ recoveryCodes: string[] }>>;
  disable: (v: z.input<typeof twoFactorDisableSchema>) => Promise<ActionResult>;
};

/** The security section of the merchant's profile and of staff's security page. */
export function TwoFactorManage({ enabled, required, recoveryCodesLeft, back, regenerate, disable }: Props) {
  const t = useTranslations('twoFactor');
  return (
    <div className="flex flex-col gap-5" data-testid="two-factor-section">
      <p className="text-sm" data-testid="two-factor-status">
        {enabled ? t('statusOn') : t('statusOff')} {required && t('required')}
      </p>
      {!enabled && (
        <div>
          <TextLink href={`/login/two-factor/setup?back=${encodeURIComponent(back)}`}>{t('setUp')}</TextLink>
        </div>
      )}
      {enabled && (
        <>
          <p className="text-sm text-muted">{t('codesLeft', { count: recoveryCodesLeft })}</p>
          <RegenerateForm action={regenerate} />
          {!required && <DisableForm action={disable} />}
        </>
      )}
    </div>
  );
}

function RegenerateForm({ action }: { action: Props['regenerate'] }) {
  const t = useTranslations('twoFactor');
  const [codes, setCodes] = useState<string[] | null>(null);
  const { form, onSubmit, formError, message, pending } = useActionForm({
    schema: twoFactorCodeInputSchema,
    defaultValues: { code: '' },
    action,
    onSuccess: (data) => {
      setCodes(data?.recoveryCodes ?? []);
      form.reset();
    },
  });
  return (
    <form onSubmit={onSubmit} noValidate className="flex flex-col gap-3 border-t border-slate-200 pt-4">
      <h3 className="text-sm font-bold">{t('regenerate')}</h3>
      <p className="text-sm text-muted">{t('regenerateIntro')}</p>
      <FormError>{formError}</FormError>
      {codes && <RecoveryCodes codes={codes} />}
      <Field
        {...form.register('code')}
        id="regenerate-code"
        label={t('code')}
        autoComplete="one-time-code"
        dir="ltr"
        error={message(form.formState.errors.code?.message)}
      />
      <div>
        <Button type="submit" variant="secondary" pending={pending}>
          {t('regenerate')}
        </Button>
      </div>
    </form>
  );
}

function DisableForm({ action }: { action: Props['disable'] }) {
  const t = useTranslations('twoFactor');
  const f = useTranslations('fields');
  const { form, onSubmit, formError, message, pending } = useActionForm({
    schema: twoFactorDisableSchema,
    defaultValues: { password: '', code: '' },
    action,
    onSuccess: () => window.location.reload(),
  });
  return (
    <form onSubmit={onSubmit} noValidate className="flex flex-col gap-3 border-t border-slate-200 pt-4">
      <h3 className="text-sm font-bold">{t('disable')}</h3>
      <p className="text-sm text-muted">{t('disableIntro')}</p>
      <FormError>{formError}</FormError>
      <PasswordField
        {...form.register('password')}
        id="disable-password"
        label={f('password')}
        autoComplete="current-password"
        error={message(form.formState.errors.password?.message)}
      />
      <Field
        {...form.register('code')}
        id="disable-code"
        label={t('code')}
        autoComplete="one-time-code"
        dir="ltr"
        error={message(form.formState.errors.code?.message)}
      />
      <div>
        <Button type="submit" variant="danger" pending={pending}>
          {t('disable')}
        </Button>
      </div>
    </form>
  );
}
