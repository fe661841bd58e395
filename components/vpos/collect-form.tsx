'use client';

import { useLocale, useTranslations } from 'next-intl';
import { useEffect, useRef, useState } from 'react';
import type { z } from 'zod';
import { useActionForm } from '@/components/forms/use-action-form';
import { Button } from '@/components/ui/button';
import { Field } from '@/components/ui/field';
import { FormError, Notice } from '@/components/ui/notice';
import { SelectField } from '@/components/ui/select-field';
import { TextareaField } from '@/components/ui/textarea-field';
import { localDigits } from '@/lib/date/format';
import type { Locale } from '@/lib/i18n/config';
import { formatMoney } from '@/lib/money';
import { toAsciiDigits } from '@/lib/validation/digits';
import { vposCollectSchema } from '@/lib/vpos/schemas';
import { bankReasonOf, BankReasonView } from './bank-reason';
import { isolated } from './bidi';
import type { ActionFn, CollectResult } from './types';
import { useVposMessage } from './use-vpos-message';

type Input = z.input<typeof vposCollectSchema>;
export type CollectDefinition = { id: string; name: string; company: string; use3d: boolean; maxInstallments: number; environment: 'test' | 'production' };

const NO_CARD = { number: '', month: '', year: '', cvv: '', holderName: '' };
const empty = (definitionId: string): Input => ({
  definitionId,
  amount: '',
  customerName: '',
  customerEmail: '',
  customerPhone: '',
  description: '',
  installments: '1',
  card: { ...NO_CARD },
});

/**
 * The online-collection screen (Kredi Kartı Tahsilatları > Online Tahsilat): an agent takes a
 * customer's card over the phone. The card goes to the server for the one call to N Kolay and is
 * cleared from the form after every try; it is never kept in a draft (no saved form here) and the
 * browser is asked not to remember it. Paid: a receipt. Declined: the bank's reason. 3-D: the
 * bank's page, where the code sent to the cardholder's phone is typed.
 */
export function CollectForm({ definitions, collect }: { definitions: CollectDefinition[]; collect: ActionFn<Input, CollectResult> }) {
  const t = useTranslations('vpos.collect');
  const tv = useTranslations('vpos');
  const locale = useLocale() as Locale;
  const msg = useVposMessage();
  const [outcome, setOutcome] = useState<CollectResult | null>(null);
  const outcomeRef = useRef<HTMLDivElement>(null);
  const { form, onSubmit, formErrorKey, pending } = useActionForm({
    schema: vposCollectSchema,
    defaultValues: empty(definitions[0].id),
    action: async (v: Input) => {
      // The card leaves the form as it is sent: whatever the answer, it is not kept on the screen.
      const r = await collect(v);
      form.setValue('card', { ...NO_CARD });
      return r;
    },
    onSuccess: (data) => setOutcome(data ?? null),
  });
  const { errors } = form.formState;
  const chosen = definitions.find((d) => d.id === form.watch('definitionId')) ?? definitions[0];
  const words = (code: string) => (tv.has(`bankCodes.${code}`) ? tv(`bankCodes.${code}` as 'bankCodes.51') : undefined);
  const year = new Date().getFullYear();
  const ascii = { setValueAs: (v: unknown) => toAsciiDigits(String(v ?? '')) };

  useEffect(() => {
    if (outcome) outcomeRef.current?.focus();
  }, [outcome]);
  useEffect(() => {
    if (Number(form.getValues('installments')) > chosen.maxInstallments) form.setValue('installments', '1');
  }, [chosen.maxInstallments, form]);

  function again() {
    form.reset(empty(form.getValues('definitionId')));
    setOutcome(null);
  }

  if (outcome?.step === 'paid') return <Receipt paid={outcome} onNew={again} />;

  return (
    <div className="flex flex-col gap-5">
      {outcome && (
        <div ref={outcomeRef} tabIndex={-1} className="outline-none">
          {outcome.step === 'declined' && (
            <Notice tone="error" testId="collect-declined">
              <p className="font-semibold">{t('declined')}</p>
              <p className="mt-1">
                <BankReasonView reason={bankReasonOf(outcome.bankCode, outcome.message, words)} locale={locale} testId="collect-reason" />
              </p>
              <p className="mt-1 text-xs">{t('declinedNext', { code: localDigits(outcome.trackingCode, locale) })}</p>
            </Notice>
          )}
          {outcome.step === '3d' && <ThreeD html={outcome.html} trackingCode={outcome.trackingCode} />}
        </div>
      )}
      {outcome?.step !== '3d' && (
        <form onSubmit={onSubmit} noValidate autoComplete="off" className="flex flex-col gap-5" data-testid="collect-form">
          <FormError>{msg(formErrorKey)}</FormError>
          <div className="grid grid-cols-1 *:min-w-0 gap-5 sm:grid-cols-2">
            <SelectField
              {...form.register('definitionId')}
              label={t('definition')}
              hint={chosen.use3d ? t('uses3d') : t('no3d')}
              error={msg(errors.definitionId?.message)}
              options={definitions.map((d) => ({
                value: d.id,
                label: `${isolated(d.name)} · ${isolated(d.company)}${d.environment === 'test' ? ` (${tv('environments.test')})` : ''}`,
              }))}
            />
            <Field
              {...form.register('amount', ascii)}
              label={t('amount')}
              hint={t('amountHint')}
              error={msg(errors.amount?.message)}
              digits
              inputMode="decimal"
              autoComplete="off"
              className="text-lg font-semibold"
            />
            <Field {...form.register('customerName')} label={t('customerName')} error={msg(errors.customerName?.message)} autoComplete="off" maxLength={120} />
            <Field
              {...form.register('customerPhone', ascii)}
              label={t('customerPhone')}
              hint={t('customerPhoneHint')}
              error={msg(errors.customerPhone?.message)}
              type="tel"
              dir="ltr"
              inputMode="tel"
              autoComplete="off"
            />
            <Field
              {...form.register('customerEmail')}
              label={t('customerEmail')}
              error={msg(errors.customerEmail?.message)}
              type="email"
              dir="ltr"
              autoComplete="off"
              maxLength={120}
            />
            <SelectField
              {...form.register('installments')}
              label={t('installments')}
              error={msg(errors.installments?.message)}
              options={Array.from({ length: chosen.maxInstallments }, (_, i) => ({
                value: String(i + 1),
                label: i === 0 ? tv('single') : tv('installmentsValue', { n: localDigits(i + 1, locale) }),
              }))}
            />
          </div>
          <TextareaField {...form.register('description')} label={t('description')} error={msg(errors.description?.message)} rows={2} maxLength={200} />

          <fieldset className="flex flex-col gap-4 rounded-xl border border-slate-200 p-4">
            <legend className="px-1 text-sm font-bold">{t('card')}</legend>
            <p className="text-xs text-muted" data-testid="card-notice">
              {t('cardNotice')}
            </p>
            {errors.card?.message && <p className="text-sm text-red-700">{msg(errors.card.message)}</p>}
            <div className="grid grid-cols-1 *:min-w-0 gap-4 sm:grid-cols-2">
              <Field
                {...form.register('card.number', ascii)}
                id="card-number"
                label={t('cardNumber')}
                error={msg(errors.card?.number?.message)}
                digits
                autoComplete="off"
                maxLength={23}
                className="font-mono tracking-wider"
              />
              <Field
                {...form.register('card.holderName')}
                id="card-holder"
                label={t('holderName')}
                error={msg(errors.card?.holderName?.message)}
                dir="ltr"
                autoComplete="off"
                maxLength={80}
              />
              <div className="grid grid-cols-2 gap-3 *:min-w-0">
                <SelectField
                  {...form.register('card.month')}
                  id="card-month"
                  label={t('month')}
                  error={msg(errors.card?.month?.message)}
                  emptyLabel="—"
                  autoComplete="off"
                >
                  {Array.from({ length: 12 }, (_, i) => (
                    <option key={i} value={String(i + 1).padStart(2, '0')}>
                      {localDigits(String(i + 1).padStart(2, '0'), locale)}
                    </option>
                  ))}
                </SelectField>
                <SelectField
                  {...form.register('card.year')}
                  id="card-year"
                  label={t('year')}
                  error={msg(errors.card?.year?.message)}
                  emptyLabel="—"
                  autoComplete="off"
                >
                  {Array.from({ length: 16 }, (_, i) => (
                    <option key={i} value={String(year + i)}>
                      {localDigits(year + i, locale)}
                    </option>
                  ))}
                </SelectField>
              </div>
              <Field
                {...form.register('card.cvv', ascii)}
                id="card-cvv"
                label={t('cvv')}
                error={msg(errors.card?.cvv?.message)}
                digits
                type="password"
                autoComplete="off"
                maxLength={4}
                className="w-28"
              />
            </div>
          </fieldset>
          <Button type="submit" pending={pending} className="self-start px-6 text-base" data-testid="collect-submit">
            {t('submit')}
          </Button>
        </form>
      )}
    </div>
  );
}

/**
 * A 3-D Secure POS: the bank's own page, where the code the bank texts to the cardholder is typed.
 * It opens as a page of its own, sandboxed (app/(portal)/vpos/collect/bank); its result comes back
 * to the payment's page.
 */
function ThreeD({ html, trackingCode }: { html: string; trackingCode: string }) {
  const t = useTranslations('vpos.collect');
  const locale = useLocale() as Locale;
  return (
    <section aria-labelledby="threed-title" className="flex flex-col gap-3 rounded-xl border-2 border-brand-600 bg-brand-50 p-4" data-testid="collect-3d">
      <h2 id="threed-title" className="font-bold">
        {t('threeDTitle')}
      </h2>
      <p className="text-sm">{t('threeD', { code: localDigits(trackingCode, locale) })}</p>
      <form method="post" action="/vpos/collect/bank">
        <input type="hidden" name="html" value={html} />
        <Button type="submit" data-testid="open-3d">
          {t('open3d')}
        </Button>
      </form>
    </section>
  );
}

function Receipt({ paid, onNew }: { paid: Extract<CollectResult, { step: 'paid' }>; onNew: () => void }) {
  const t = useTranslations('vpos.collect');
  const tv = useTranslations('vpos');
  const locale = useLocale() as Locale;
  const heading = useRef<HTMLHeadingElement>(null);
  const [copied, setCopied] = useState(false);
  const amount = formatMoney(BigInt(paid.amount), 'TRY', locale);
  useEffect(() => heading.current?.focus(), []);
  const summary = [
    `${t('paidAmount')}: ${amount}`,
    `${tv('cols.reference')}: ${paid.referenceCode}`,
    `${tv('cols.tracking')}: ${paid.trackingCode}`,
    `${tv('cols.card')}: ${paid.cardMasked}`,
  ].join('\n');
  return (
    <section aria-labelledby="paid-title" className="flex flex-col gap-5" data-testid="collect-paid">
      <h2 id="paid-title" ref={heading} tabIndex={-1} className="text-base font-bold text-emerald-800 outline-none">
        {t('paidTitle')}
      </h2>
      <div className="rounded-2xl border-2 border-emerald-600 bg-emerald-50 px-4 py-6 text-center">
        <p className="text-sm text-emerald-900">{t('paidAmount')}</p>
        <p className="mt-1 text-3xl font-bold sm:text-4xl" data-testid="paid-amount">
          {amount}
        </p>
      </div>
      <dl className="grid grid-cols-1 *:min-w-0 gap-x-6 gap-y-3 rounded-xl border border-slate-200 bg-slate-50 p-4 text-sm sm:grid-cols-2">
        <div>
          <dt className="text-xs text-muted">{tv('cols.reference')}</dt>
          <dd className="break-all font-mono font-semibold" data-testid="paid-reference">
            <bdi dir="ltr">{paid.referenceCode}</bdi>
          </dd>
        </div>
        <div>
          <dt className="text-xs text-muted">{tv('cols.tracking')}</dt>
          <dd className="font-semibold" data-testid="paid-tracking">
            <bdi dir="ltr">{localDigits(paid.trackingCode, locale)}</bdi>
          </dd>
        </div>
        <div>
          <dt className="text-xs text-muted">{tv('cols.card')}</dt>
          <dd className="font-mono" data-testid="paid-card">
            <bdi dir="ltr">{localDigits(paid.cardMasked, locale)}</bdi>
          </dd>
        </div>
        <div>
          <dt className="text-xs text-muted">{tv('cols.installments')}</dt>
          <dd>{paid.installments > 1 ? tv('installmentsValue', { n: localDigits(paid.installments, locale) }) : tv('single')}</dd>
        </div>
      </dl>
      <div className="flex flex-wrap items-center gap-3">
        <Button
          type="button"
          variant="secondary"
          onClick={async () => {
            await navigator.clipboard?.writeText(summary).catch(() => undefined);
            setCopied(true);
          }}
          data-testid="copy-receipt"
        >
          {copied ? t('copied') : t('copy')}
        </Button>
        <a
          href={`/vpos/payments/${paid.paymentId}`}
          className="inline-flex min-h-11 items-center px-2 text-sm font-semibold text-brand-700 hover:underline"
          data-testid="paid-open"
        >
          {t('openPayment')}
        </a>
        <Button type="button" onClick={onNew} data-testid="collect-new">
          {t('new')}
        </Button>
      </div>
      <p className="sr-only" aria-live="polite">
        {copied ? t('copied') : ''}
      </p>
    </section>
  );
}
