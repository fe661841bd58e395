'use client';

import { useLocale, useTranslations } from 'next-intl';
import { useState } from 'react';
import { useActionForm } from '@/components/forms/use-action-form';
import { Button } from '@/components/ui/button';
import { Field } from '@/components/ui/field';
import { Notice } from '@/components/ui/notice';
import { TextareaField } from '@/components/ui/textarea-field';
import type { ActionResult } from '@/lib/actions/result';
import { localDigits } from '@/lib/date/format';
import type { Locale } from '@/lib/i18n/config';
import type { PayHelpInput } from '@/lib/support/inquiries-schema';

/** What the server answers (app/pay/help/actions.ts): plain strings in the payer's language. */
export type PayHelpAnswerView =
  | { matched: false }
  | {
      matched: true;
      state: 'succeeded' | 'failed' | 'pending' | 'refunded';
      amount: string;
      refunded: string;
      when: string;
      merchant: string;
      trackingCode: string;
    };

const TONE = {
  succeeded: 'border-emerald-300 bg-emerald-50 text-emerald-900',
  refunded: 'border-emerald-300 bg-emerald-50 text-emerald-900',
  failed: 'border-red-300 bg-red-50 text-red-800',
  pending: 'border-amber-300 bg-amber-50 text-amber-900',
} as const;

/**
 * The payer's question on /pay/help: the payment by tracking code (or card, amount and day), the
 * mobile it was paid with, the message. With a match the payment's state shows at once; without
 * one, the same answer whatever was wrong.
 */
export function PayHelpForm({ action, defaultCode }: { action: (v: PayHelpInput) => Promise<ActionResult<PayHelpAnswerView>>; defaultCode: string }) {
  const t = useTranslations('payHelp');
  const locale = useLocale() as Locale;
  const [answer, setAnswer] = useState<PayHelpAnswerView | null>(null);
  const { form, onSubmit, formError, message, pending } = useActionForm({
    // Loaded when the form is first checked: zod is not in the payer's first-load script.
    schema: () => import('@/lib/support/inquiries-schema').then((m) => m.payHelpSchema),
    defaultValues: { by: 'code', trackingCode: defaultCode, cardLast4: '', amount: '', date: '', mobile: '', message: '' },
    action,
    onSuccess: (data) => setAnswer(data ?? null),
  });
  const errors = form.formState.errors;
  // Messages of this page first, then the shared ones (`errors.*`).
  const msg = (key: string | undefined) => (key && t.has(`errors.${key}`) ? t(`errors.${key}` as 'errors.trackingCodeInvalid') : message(key));
  const by = form.watch('by');

  if (answer) {
    return (
      <div className="flex flex-col gap-4" data-testid="pay-help-answer">
        {answer.matched ? (
          <>
            <h2 className="text-base font-bold">{t('resultTitle')}</h2>
            <p className={`rounded-lg border px-3 py-3 text-sm font-semibold ${TONE[answer.state]}`} data-testid="pay-help-state" data-state={answer.state}>
              {t(`states.${answer.state}`, {
                amount: answer.amount,
                merchant: `\u2068${answer.merchant}\u2069`,
                when: answer.when,
                refunded: answer.refunded,
              })}
            </p>
            <p className="text-sm text-muted">
              <bdi>{t('tracking', { code: localDigits(answer.trackingCode, locale) })}</bdi>
            </p>
            <p className="rounded-lg bg-slate-50 px-3 py-2 text-sm" data-testid="pay-help-sent">
              {t('sentToMerchant', { merchant: `\u2068${answer.merchant}\u2069` })}
            </p>
          </>
        ) : (
          <p className="rounded-lg border border-slate-300 bg-slate-50 px-3 py-3 text-sm" data-testid="pay-help-no-match">
            {t('noMatch')}
          </p>
        )}
        <div>
          <Button
            type="button"
            variant="secondary"
            onClick={() => {
              form.reset();
              setAnswer(null);
            }}
          >
            {t('askAnother')}
          </Button>
        </div>
      </div>
    );
  }

  return (
    <form onSubmit={onSubmit} noValidate className="flex flex-col gap-4" data-testid="pay-help-form">
      <Notice tone="error" testId="form-error">
        {formError}
      </Notice>
      <fieldset className="flex flex-col gap-2">
        <legend className="mb-1 text-sm font-semibold">{t('by')}</legend>
        <div className="flex flex-wrap gap-2">
          {(['code', 'card'] as const).map((v) => (
            <label
              key={v}
              className={`flex min-h-11 cursor-pointer items-center gap-2 rounded-lg border px-3 py-2 text-sm has-[:focus-visible]:outline-2 has-[:focus-visible]:outline-brand-600 ${by === v ? 'border-brand-600 bg-brand-50 font-semibold text-brand-800' : 'border-slate-300 bg-white'}`}
            >
              <input type="radio" value={v} {...form.register('by')} className="sr-only" data-testid={`pay-help-by-${v}`} />
              {t(v === 'code' ? 'byCode' : 'byCard')}
            </label>
          ))}
        </div>
      </fieldset>
      {by === 'card' ? (
        <>
          <Field
            {...form.register('cardLast4')}
            label={t('cardLast4')}
            digits
            maxLength={8}
            autoComplete="off"
            error={msg(errors.cardLast4?.message)}
            required
          />
          <Field {...form.register('amount')} label={t('amount')} digits autoComplete="off" error={msg(errors.amount?.message)} required />
          <Field {...form.register('date')} label={t('date')} hint={t('dateHint')} digits autoComplete="off" error={msg(errors.date?.message)} required />
        </>
      ) : (
        <Field
          {...form.register('trackingCode')}
          label={t('trackingCode')}
          hint={t('trackingCodeHint')}
          digits
          autoComplete="off"
          error={msg(errors.trackingCode?.message)}
          required
        />
      )}
      <Field
        {...form.register('mobile')}
        label={t('mobile')}
        hint={t('mobileHint')}
        type="tel"
        inputMode="tel"
        dir="ltr"
        autoComplete="tel"
        error={msg(errors.mobile?.message)}
        required
      />
      <TextareaField {...form.register('message')} label={t('message')} hint={t('messageHint')} rows={5} error={msg(errors.message?.message)} required />
      <div>
        <Button type="submit" pending={pending} data-testid="pay-help-submit">
          {t('submit')}
        </Button>
      </div>
    </form>
  );
}
