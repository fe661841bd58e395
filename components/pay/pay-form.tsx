'use client';

import { useLocale, useTranslations } from 'next-intl';
import dynamic from 'next/dynamic';
import { useState } from 'react';
import { navigateAway, useActionForm } from '@/components/forms/use-action-form';
import type { PayFormText } from '@/components/pay/pay-form-text';
import { Button } from '@/components/ui/button';
import { ChoiceCard } from '@/components/ui/choice-card';
import { Field } from '@/components/ui/field';
import { Notice } from '@/components/ui/notice';
import type { Locale } from '@/lib/i18n/config';
import { formatAmount, parseAmount, type DisplayUnit } from '@/lib/money';
import type { Result } from '@/lib/result';
import type { PayerInput } from '@/lib/validation/payments';

const loadSlipFields = () => import('@/components/pay/slip-fields');
const preloadSlip = () => void loadSlipFields();

/**
 * The slip's part of the form (the bank list, the Jalali date, the photo upload) in a chunk of its
 * own: the page's first load carries only what paying online needs. It is fetched when the payer
 * points at or focuses "deposit slip", so it is usually there by the time they choose it; a page
 * that opens on the slip (no gateway) has it rendered on the server and its chunk sent with the page.
 */
const SlipFields = dynamic(() => loadSlipFields().then((m) => m.SlipFields), {
  loading: () => <div className="min-h-80 rounded-xl border border-slate-200 bg-white" aria-busy="true" data-testid="slip-loading" />,
});

type Values = {
  name: string;
  mobile: string;
  phone: string;
  amount: string;
  description: string;
  method: 'online' | 'slip';
  gateway: string;
  bank: string;
  slipNumber: string;
  depositDate: string;
  image: string;
};

type PayAnswer = Promise<Result<{ redirect: string }>>;
type Payer = Record<string, unknown>;

export type PayFormProps = {
  /** Where the payment goes, with the page's server action for it (passed in: components never import from app/). */
  target:
    | {
        kind: 'link';
        handle: string;
        query: Record<string, string>;
        retryOf: string | null;
        action: (input: { handle: string; payer: Payer; query: Record<string, string>; retryOf: string | null }) => PayAnswer;
      }
    | { kind: 'oneOff'; code: string; action: (input: { code: string; payer: Payer }) => PayAnswer };
  unit: DisplayUnit;
  min: string;
  max: string;
  gateways: string[];
  acceptSlips: boolean;
  deposit: { iban: string; holder: string } | null;
  /** Today in Tehran, `YYYY/MM/DD` Jalali: where the deposit date starts and the latest it may be. */
  today: string;
  prefill: Partial<Values>;
  locked: { amount?: boolean; name?: boolean; description?: boolean };
  /** The words with values in them, made on the server (`payFormText`). */
  text: PayFormText;
};

/** The payer's form: details, amount, then online (pick a gateway) or a deposit slip. */
export function PayForm(props: PayFormProps) {
  const t = useTranslations('pay');
  const locale = useLocale() as Locale;
  const [uploading, setUploading] = useState(false);
  const defaults: Values = {
    name: '',
    mobile: '',
    phone: '',
    amount: '',
    description: '',
    method: props.gateways.length ? 'online' : 'slip',
    gateway: props.gateways.length === 1 ? props.gateways[0] : '',
    bank: '',
    slipNumber: '',
    depositDate: props.today,
    image: '',
    ...props.prefill,
  };
  const { form, onSubmit, formError, message, pending } = useActionForm({
    // Loaded when the payer first submits: zod and the schemas are not in the page's first bundle.
    schema: () => import('@/lib/validation/payments').then((m) => m.payerSchema({ unit: props.unit, min: BigInt(props.min), max: BigInt(props.max) })),
    defaultValues: defaults as PayerInput,
    action: (values) => {
      const v = values as Values;
      // Only what the chosen way of paying needs goes to the server.
      const payer: Payer =
        v.method === 'online'
          ? { ...v, bank: undefined, slipNumber: undefined, depositDate: undefined, image: undefined }
          : { ...v, gateway: undefined, image: v.image || undefined };
      const target = props.target;
      return target.kind === 'link'
        ? target.action({ handle: target.handle, payer, query: target.query, retryOf: target.retryOf })
        : target.action({ code: target.code, payer });
    },
    onSuccess: (data) => (data ? navigateAway(data.redirect) : undefined),
  });
  const errors = form.formState.errors as Partial<Record<keyof Values, { message?: string }>>;
  const [method, gateway, amount] = form.watch(['method', 'gateway', 'amount']) as [Values['method'], string, string];
  const typed = parseAmount(amount ?? '', { unit: props.unit });
  const fmt = (r: bigint) => formatAmount(r, locale, props.unit);
  const set = (name: 'method' | 'gateway' | 'image', value: string) => form.setValue(name, value as never, { shouldDirty: true });

  return (
    <form noValidate onSubmit={onSubmit} className="flex flex-col gap-5" data-testid="pay-form">
      <Field {...form.register('name')} label={t('name')} autoComplete="name" readOnly={props.locked.name} error={message(errors.name?.message)} required />
      <Field
        {...form.register('mobile')}
        label={t('mobile')}
        type="tel"
        digits
        autoComplete="tel"
        hint={t('mobileHint')}
        error={message(errors.mobile?.message)}
        required
      />
      <Field {...form.register('phone')} label={t('phone')} type="tel" inputMode="tel" dir="ltr" error={message(errors.phone?.message)} />
      <Field
        {...form.register('amount')}
        label={props.text.amountLabel}
        digits
        readOnly={props.locked.amount}
        hint={props.text.amountHint}
        error={message(errors.amount?.message)}
        required
      />
      <Field {...form.register('description')} label={t('description')} readOnly={props.locked.description} error={message(errors.description?.message)} />

      {props.gateways.length > 0 && props.acceptSlips && (
        // Fetches the slip's part as the payer reaches for the choice (pointer over it, a touch, or the keyboard).
        <fieldset className="flex flex-col gap-2" onPointerEnter={preloadSlip} onFocus={preloadSlip}>
          <legend className="mb-1 text-sm font-medium">{t('method')}</legend>
          <div className="grid grid-cols-2 gap-2">
            {(['online', 'slip'] as const).map((m) => (
              <ChoiceCard key={m} name="method" value={m} checked={method === m} onChoose={() => set('method', m)}>
                {t(m)}
              </ChoiceCard>
            ))}
          </div>
        </fieldset>
      )}

      {method === 'online' ? (
        <fieldset className="flex flex-col gap-2" aria-describedby={errors.gateway ? 'gateway-error' : undefined}>
          <legend className="mb-1 text-sm font-medium">{t('gateway')}</legend>
          {props.gateways.map((g) => (
            <ChoiceCard key={g} name="gateway" value={g} checked={gateway === g} onChoose={() => set('gateway', g)}>
              {t(`gateways.${g}` as 'gateways.sandbox')}
            </ChoiceCard>
          ))}
          {errors.gateway && (
            <p id="gateway-error" className="text-sm text-red-700">
              {message(errors.gateway.message)}
            </p>
          )}
        </fieldset>
      ) : (
        <SlipFields
          register={form.register}
          control={form.control}
          errors={errors}
          message={message}
          deposit={props.deposit}
          today={props.today}
          uploadHandle={props.target.kind === 'link' ? props.target.handle : null}
          onPickImage={() => {
            form.clearErrors('image');
            set('image', '');
          }}
          onUploaded={(token) => set('image', token)}
          onUploading={setUploading}
        />
      )}

      <Notice tone="error">{formError}</Notice>
      <Button type="submit" pending={pending} disabled={uploading} className="w-full text-base">
        {method === 'online' ? `${props.text.payNow[0]}${typed.ok ? fmt(typed.rials) : ''}${props.text.payNow[1]}`.trim() : t('submitSlip')}
      </Button>
    </form>
  );
}
