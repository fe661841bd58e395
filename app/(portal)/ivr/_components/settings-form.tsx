'use client';

import { useTranslations } from 'next-intl';
import type { z } from 'zod';
import { useSavedForm } from '@/components/forms/use-saved-form';
import { updateIvrSettingsAction } from '@/app/(portal)/ivr/actions';
import { Button } from '@/components/ui/button';
import { Field } from '@/components/ui/field';
import { OutcomeNotice } from '@/components/ui/notice';
import { ivrSettingsSchema } from '@/lib/ivr/schemas';
import { toAsciiDigits } from '@/lib/validation/digits';
import { useIvrMessage } from '@/components/ivr/use-ivr-message';

type Input = z.input<typeof ivrSettingsSchema>;

/** The platform's phone-payment rules: how long an invoice lives and how many wrong tries a caller gets. */
export function IvrSettingsForm({
  initial,
}: {
  initial: { platformId: string; invoiceTtlMinutes: number; callerWrongCap: number; callerWindowMinutes: number; invoiceFailCap: number };
}) {
  const t = useTranslations('ivr');
  const msg = useIvrMessage();
  const { form, onSubmit, formErrorKey, pending, saved } = useSavedForm({
    schema: ivrSettingsSchema,
    defaultValues: {
      platformId: initial.platformId,
      invoiceTtlMinutes: String(initial.invoiceTtlMinutes),
      callerWrongCap: String(initial.callerWrongCap),
      callerWindowMinutes: String(initial.callerWindowMinutes),
      invoiceFailCap: String(initial.invoiceFailCap),
    } as Input,
    action: (v: Input) => updateIvrSettingsAction(v),
  });
  const { errors } = form.formState;
  const field = (name: 'invoiceTtlMinutes' | 'callerWrongCap' | 'callerWindowMinutes' | 'invoiceFailCap') => (
    // Persian digits typed here reach the schema as ASCII ones (z.coerce.number reads only those).
    <Field
      {...form.register(name, { setValueAs: (v) => toAsciiDigits(String(v ?? '')).trim() })}
      label={t(`fields.${name}`)}
      hint={t(`hints.${name}`)}
      error={msg(errors[name]?.message)}
      digits
      autoComplete="off"
    />
  );
  return (
    <form onSubmit={onSubmit} noValidate className="flex flex-col gap-5" data-testid="ivr-settings-form">
      <input type="hidden" {...form.register('platformId')} />
      <div className="grid gap-5 sm:grid-cols-2">
        {field('invoiceTtlMinutes')}
        {field('invoiceFailCap')}
        {field('callerWrongCap')}
        {field('callerWindowMinutes')}
      </div>
      <div className="flex flex-wrap items-center gap-3">
        <Button type="submit" pending={pending} data-testid="save-ivr-settings">
          {t('save')}
        </Button>
        <OutcomeNotice error={msg(formErrorKey)} done={saved ? t('saved') : null} testId="settings-outcome" />
      </div>
    </form>
  );
}
