'use client';

import { useLocale, useTranslations } from 'next-intl';
import { useEffect, useRef, useState } from 'react';
import type { z } from 'zod';
import { useActionForm } from '@/components/forms/use-action-form';
import { Button } from '@/components/ui/button';
import { Field } from '@/components/ui/field';
import { FormError, OutcomeNotice } from '@/components/ui/notice';
import { SelectField } from '@/components/ui/select-field';
import { createPhoneSaleAction, smsIvrInvoiceAction, type PhoneSaleMade } from '@/app/(portal)/ivr/actions';
import { formatDate, localDigits } from '@/lib/date/format';
import type { Locale } from '@/lib/i18n/config';
import { phoneSaleSchema } from '@/lib/ivr/schemas';
import { formatAmount } from '@/lib/money';
import { isolate, ltr } from '@/components/ivr/bidi';
import { codeForReading, reformatAmountInput } from '@/components/ivr/format';
import { useIvrMessage } from '@/components/ivr/use-ivr-message';

type Input = z.input<typeof phoneSaleSchema>;
export type SalePlatform = { id: string; name: string; line: string };

const empty = (platformId: string): Input => ({ platformId, amount: '', customer_name: '', phone: '', email: '', order_id: '' });

/**
 * The agent's screen while on the phone: amount and who is paying, then a large tracking code to
 * read out (grouped for reading, copyable), its amount and expiry, one click to text it to the
 * customer, and "new sale" for the next call.
 */
export function PhoneSale({ platforms }: { platforms: SalePlatform[] }) {
  const t = useTranslations('ivr');
  const locale = useLocale() as Locale;
  const msg = useIvrMessage();
  const [made, setMade] = useState<(PhoneSaleMade & { platform: SalePlatform }) | null>(null);
  const { form, onSubmit, formErrorKey, pending } = useActionForm({
    schema: phoneSaleSchema,
    defaultValues: empty(platforms[0].id),
    action: (v: Input) => createPhoneSaleAction(v),
    onSuccess: (data, values) => {
      if (data) setMade({ ...data, platform: platforms.find((p) => p.id === values.platformId) ?? platforms[0] });
    },
  });
  const { errors } = form.formState;
  const amount = form.register('amount');

  function newSale() {
    form.reset(empty(form.getValues('platformId')));
    setMade(null);
  }

  if (made) return <SaleMade made={made} onNew={newSale} />;

  return (
    <form onSubmit={onSubmit} noValidate className="flex flex-col gap-5" data-testid="phone-sale-form">
      <FormError>{msg(formErrorKey)}</FormError>
      {platforms.length > 1 ? (
        <SelectField
          {...form.register('platformId')}
          label={t('platform')}
          error={msg(errors.platformId?.message)}
          options={platforms.map((p) => ({ value: p.id, label: p.name }))}
        />
      ) : (
        <input type="hidden" {...form.register('platformId')} />
      )}
      <Field
        {...amount}
        onChange={(e) => {
          reformatAmountInput(e.target, locale);
          return amount.onChange(e);
        }}
        label={t('amount')}
        hint={t('amountHint')}
        error={msg(errors.amount?.message)}
        digits
        autoComplete="off"
        className="text-lg font-semibold"
        autoFocus
      />
      <div className="grid gap-5 sm:grid-cols-2">
        <Field {...form.register('customer_name')} label={t('customerName')} error={msg(errors.customer_name?.message)} autoComplete="off" maxLength={120} />
        <Field
          {...form.register('phone')}
          label={t('phone')}
          hint={t('phoneHint')}
          error={msg(errors.phone?.message)}
          type="tel"
          dir="ltr"
          inputMode="tel"
          autoComplete="off"
        />
        <Field {...form.register('email')} label={t('email')} error={msg(errors.email?.message)} type="email" dir="ltr" autoComplete="off" maxLength={200} />
        <Field
          {...form.register('order_id')}
          label={t('orderId')}
          hint={t('orderIdHint')}
          error={msg(errors.order_id?.message)}
          dir="ltr"
          autoComplete="off"
          maxLength={50}
        />
      </div>
      <Button type="submit" pending={pending} className="self-start px-6 text-base" data-testid="create-invoice">
        {t('create')}
      </Button>
    </form>
  );
}

function SaleMade({ made, onNew }: { made: PhoneSaleMade & { platform: SalePlatform }; onNew: () => void }) {
  const t = useTranslations('ivr');
  const locale = useLocale() as Locale;
  const msg = useIvrMessage();
  const heading = useRef<HTMLHeadingElement>(null);
  const [copied, setCopied] = useState(false);
  const [sms, setSms] = useState<{ pending: boolean; sent: boolean; error: string | null }>({ pending: false, sent: false, error: null });
  const amount = BigInt(made.amount);
  // The screen changed under the agent's hands: say so to screen readers by moving focus to it.
  useEffect(() => heading.current?.focus(), []);

  async function sendSms() {
    setSms({ pending: true, sent: false, error: null });
    try {
      const r = await smsIvrInvoiceAction({ invoiceId: made.id });
      setSms({ pending: false, sent: r.ok, error: r.ok ? null : (r.error ?? 'unknown') });
    } catch {
      setSms({ pending: false, sent: false, error: 'network' });
    }
  }

  return (
    <section aria-labelledby="sale-made-title" className="flex flex-col gap-5" data-testid="sale-made">
      <h2 id="sale-made-title" ref={heading} tabIndex={-1} className="text-base font-bold outline-none">
        {t('madeTitle')}
      </h2>
      <div className="rounded-2xl border-2 border-brand-600 bg-brand-50 px-4 py-6 text-center">
        <p className="text-sm text-brand-800">{t('readOut')}</p>
        <p
          dir="ltr"
          className="mt-2 whitespace-nowrap font-mono text-4xl font-bold tracking-wide text-ink sm:text-6xl"
          data-testid="ivr-code"
          data-code={made.trackingCode}
          aria-label={t('codeAria', { code: made.trackingCode.split('').join(' ') })}
        >
          {codeForReading(made.trackingCode, locale)}
        </p>
        <Button
          type="button"
          variant="secondary"
          className="mt-4"
          onClick={async () => {
            await navigator.clipboard?.writeText(made.trackingCode).catch(() => undefined);
            setCopied(true);
          }}
          data-testid="copy-code"
        >
          {copied ? t('copied') : t('copy')}
        </Button>
        <p className="sr-only" aria-live="polite">
          {copied ? t('copied') : ''}
        </p>
      </div>
      <dl className="grid gap-x-6 gap-y-3 rounded-xl border border-slate-200 bg-slate-50 p-4 text-sm sm:grid-cols-2">
        <div>
          <dt className="text-xs text-muted">{t('amount')}</dt>
          <dd className="text-lg font-bold" data-testid="made-amount">
            {formatAmount(amount, locale)}
          </dd>
          <dd className="text-xs text-muted">{formatAmount(amount, locale, 'toman')}</dd>
        </div>
        <div>
          <dt className="text-xs text-muted">{t('expires')}</dt>
          <dd className="font-medium" data-testid="made-expiry">
            {formatDate(new Date(made.expiresAt), locale, { time: true })}
          </dd>
        </div>
        <div className="sm:col-span-2">
          <dt className="text-xs text-muted">{t('howToPay')}</dt>
          <dd className="font-medium" data-testid="made-how">
            {t('callAndKey', { name: isolate(made.platform.name), line: ltr(localDigits(made.platform.line, locale)) })}
          </dd>
        </div>
        {!made.livemode && (
          <div className="sm:col-span-2">
            <dd className="inline-block rounded-full bg-amber-100 px-2 py-0.5 text-xs font-medium text-amber-900" data-testid="made-sandbox">
              {t('sandboxInvoice')}
            </dd>
          </div>
        )}
      </dl>
      <div className="flex flex-wrap items-center gap-3">
        {made.hasPhone && (
          <Button type="button" variant="secondary" pending={sms.pending} onClick={() => void sendSms()} data-testid="send-sms">
            {t('sendSms')}
          </Button>
        )}
        <Button type="button" onClick={onNew} data-testid="new-sale">
          {t('newSale')}
        </Button>
      </div>
      <OutcomeNotice error={msg(sms.error)} done={sms.sent ? t('smsSent') : null} testId="sms-outcome" />
    </section>
  );
}
