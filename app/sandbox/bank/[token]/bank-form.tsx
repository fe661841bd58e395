'use client';

import { useLocale, useTranslations } from 'next-intl';
import { navigateAway, useActionForm } from '@/components/forms/use-action-form';
import { Button } from '@/components/ui/button';
import { Field } from '@/components/ui/field';
import { Notice } from '@/components/ui/notice';
import { localDigits } from '@/lib/date/format';
import type { Locale } from '@/lib/i18n/config';
import { sandboxPaySchema } from '@/lib/validation/payments';
import { sandboxPayAction } from '../../actions';

export function BankForm({ token, cards }: { token: string; cards: [string, string][] }) {
  const t = useTranslations('sandbox');
  const te = useTranslations('errors');
  const locale = useLocale() as Locale;
  const { form, submit, intent, formErrorKey, message, pending } = useActionForm({
    schema: sandboxPaySchema,
    defaultValues: { token, card: '' },
    action: (v, which) => sandboxPayAction(which === 'cancel' ? { token, cancel: true } : { token, card: v.card }),
    onSuccess: (data) => (data ? navigateAway(data.callbackUrl) : undefined),
  });
  // The bank speaks of its own refusals; anything else means the transaction is gone.
  const error =
    formErrorKey === null
      ? null
      : formErrorKey === 'network'
        ? te('network')
        : formErrorKey === 'cardInvalid'
          ? te('cardNumberInvalid')
          : formErrorKey === 'alreadyDone'
            ? t('done')
            : t('notFound');

  return (
    <form className="flex flex-col gap-4" noValidate onSubmit={submit('pay')}>
      <Field
        {...form.register('card')}
        label={t('card')}
        digits
        autoComplete="cc-number"
        hint={t('cardHint')}
        error={message(form.formState.errors.card?.message)}
      />
      <ul className="grid gap-2">
        {cards.map(([number, behaviour]) => (
          <li key={number}>
            <button
              type="button"
              onClick={() => form.setValue('card', number)}
              className="flex w-full min-h-11 items-center justify-between gap-3 rounded-lg border border-slate-300 bg-white px-3 text-sm hover:bg-slate-50"
              data-card={number}
            >
              <bdi dir="ltr" className="font-mono">
                {localDigits(number.replace(/(\d{4})(?=\d)/g, '$1 '), locale)}
              </bdi>
              <span>{t(`cards.${behaviour}` as 'cards.success')}</span>
            </button>
          </li>
        ))}
      </ul>
      <Notice tone="error">{error}</Notice>
      <div className="grid grid-cols-2 gap-3">
        <Button type="submit" pending={intent === 'pay'} disabled={pending}>
          {t('pay')}
        </Button>
        <Button type="button" variant="secondary" pending={intent === 'cancel'} disabled={pending} onClick={submit('cancel')}>
          {t('cancel')}
        </Button>
      </div>
    </form>
  );
}
