'use client';

import { useLocale, useTranslations } from 'next-intl';
import { useState } from 'react';
import { JalaliDateInput } from '@/components/kyc/jalali-date-input';
import { Button } from '@/components/ui/button';
import { ChoiceCard } from '@/components/ui/choice-card';
import { Field } from '@/components/ui/field';
import { Notice } from '@/components/ui/notice';
import { SelectField } from '@/components/ui/select-field';
import type { Locale } from '@/lib/i18n/config';
import { formatAmount, parseAmount, type DisplayUnit } from '@/lib/money';
import { fieldErrorsOf, type Result } from '@/lib/result';
import { BANKS, payerSchema } from '@/lib/validation/payments';

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
  prefill: Partial<Values>;
  locked: { amount?: boolean; name?: boolean; description?: boolean };
};

/** The payer's form: details, amount, then online (pick a gateway) or a deposit slip. */
export function PayForm(props: PayFormProps) {
  const t = useTranslations('pay');
  const te = useTranslations('errors');
  const locale = useLocale() as Locale;
  const [v, setV] = useState<Values>({
    name: '',
    mobile: '',
    phone: '',
    amount: '',
    description: '',
    method: props.gateways.length ? 'online' : 'slip',
    gateway: props.gateways.length === 1 ? props.gateways[0] : '',
    bank: '',
    slipNumber: '',
    depositDate: '',
    image: '',
    ...props.prefill,
  });
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);
  const [upload, setUpload] = useState<'idle' | 'uploading' | 'done'>('idle');
  const msg = (k?: string) => (k ? (te.has(k) ? te(k) : te('unknown')) : undefined);
  const set = (k: keyof Values) => (e: { target: { value: string } }) => setV((x) => ({ ...x, [k]: e.target.value }));
  const min = BigInt(props.min);
  const max = BigInt(props.max);
  const typed = parseAmount(v.amount, { unit: props.unit });
  const fmt = (r: bigint) => formatAmount(r, locale, props.unit);

  async function submit(e: React.FormEvent) {
    e.preventDefault();
    setFormError(null);
    const input =
      v.method === 'online'
        ? { ...v, bank: undefined, slipNumber: undefined, depositDate: undefined, image: undefined }
        : { ...v, gateway: undefined, image: v.image || undefined };
    const parsed = payerSchema({ unit: props.unit, min, max }).safeParse(input);
    if (!parsed.success) {
      const fe = fieldErrorsOf(parsed.error);
      setErrors(fe);
      document.getElementById(`f-${Object.keys(fe)[0]}`)?.focus();
      return;
    }
    setErrors({});
    setPending(true);
    try {
      const r =
        props.target.kind === 'link'
          ? await props.target.action({ handle: props.target.handle, payer: input, query: props.target.query, retryOf: props.target.retryOf })
          : await props.target.action({ code: props.target.code, payer: input });
      if (r.ok && r.data) {
        window.location.assign(r.data.redirect);
        return;
      }
      if (!r.ok) {
        setErrors(r.fieldErrors ?? {});
        if (r.error) setFormError(msg(r.error)!);
      }
    } catch {
      setFormError(te('network'));
    }
    setPending(false);
  }

  return (
    <form noValidate onSubmit={submit} className="flex flex-col gap-5" data-testid="pay-form">
      <Field
        name="name"
        label={t('name')}
        autoComplete="name"
        value={v.name}
        onChange={set('name')}
        readOnly={props.locked.name}
        error={msg(errors.name)}
        required
      />
      <Field
        name="mobile"
        label={t('mobile')}
        type="tel"
        inputMode="numeric"
        autoComplete="tel"
        dir="ltr"
        value={v.mobile}
        onChange={set('mobile')}
        hint={t('mobileHint')}
        error={msg(errors.mobile)}
        required
      />
      <Field name="phone" label={t('phone')} type="tel" inputMode="tel" dir="ltr" value={v.phone} onChange={set('phone')} error={msg(errors.phone)} />
      <Field
        name="amount"
        label={t('amount', { unit: t(`unit.${props.unit}`) })}
        inputMode="numeric"
        dir="ltr"
        value={v.amount}
        onChange={set('amount')}
        readOnly={props.locked.amount}
        hint={props.locked.amount ? t('lockedAmount') : min === max ? undefined : t('amountRange', { min: fmt(min), max: fmt(max) })}
        error={msg(errors.amount)}
        required
      />
      <Field
        name="description"
        label={t('description')}
        value={v.description}
        onChange={set('description')}
        readOnly={props.locked.description}
        error={msg(errors.description)}
      />

      {props.gateways.length > 0 && props.acceptSlips && (
        <fieldset className="flex flex-col gap-2">
          <legend className="mb-1 text-sm font-medium">{t('method')}</legend>
          <div className="grid grid-cols-2 gap-2">
            {(['online', 'slip'] as const).map((m) => (
              <ChoiceCard key={m} name="method" value={m} checked={v.method === m} onChoose={() => setV((x) => ({ ...x, method: m }))}>
                {t(m)}
              </ChoiceCard>
            ))}
          </div>
        </fieldset>
      )}

      {v.method === 'online' ? (
        <fieldset className="flex flex-col gap-2" aria-describedby={errors.gateway ? 'gateway-error' : undefined}>
          <legend className="mb-1 text-sm font-medium">{t('gateway')}</legend>
          {props.gateways.map((g) => (
            <ChoiceCard key={g} name="gateway" value={g} checked={v.gateway === g} onChoose={() => setV((x) => ({ ...x, gateway: g }))}>
              {t(`gateways.${g}` as 'gateways.sandbox')}
            </ChoiceCard>
          ))}
          {errors.gateway && (
            <p id="gateway-error" className="text-sm text-red-700">
              {msg(errors.gateway)}
            </p>
          )}
        </fieldset>
      ) : (
        <div className="flex flex-col gap-5 rounded-xl border border-slate-200 bg-white p-4">
          {props.deposit && (
            <p className="text-sm" data-testid="deposit-account">
              {t('depositTo', { holder: props.deposit.holder, iban: props.deposit.iban })}
            </p>
          )}
          <SelectField name="bank" label={t('bank')} value={v.bank} onChange={set('bank')} error={msg(errors.bank)}>
            <option value="">{t('chooseBank')}</option>
            {BANKS.map((b) => (
              <option key={b.id} value={b.id}>
                {locale === 'fa' ? b.fa : b.en}
              </option>
            ))}
          </SelectField>
          <Field
            name="slipNumber"
            label={t('slipNumber')}
            inputMode="numeric"
            dir="ltr"
            value={v.slipNumber}
            onChange={set('slipNumber')}
            error={msg(errors.slipNumber)}
          />
          <JalaliDateInput
            name="depositDate"
            label={t('depositDate')}
            value={v.depositDate}
            onChange={(d) => setV((x) => ({ ...x, depositDate: d }))}
            error={msg(errors.depositDate)}
          />
          {props.target.kind === 'link' && (
            <div className="flex flex-col gap-1.5">
              <label htmlFor="f-slipImage" className="text-sm font-medium">
                {t('slipImage')}
              </label>
              <input
                id="f-slipImage"
                type="file"
                accept="image/png,image/jpeg"
                aria-describedby="slipImage-hint"
                className="text-sm"
                onChange={async (e) => {
                  const file = e.target.files?.[0];
                  setErrors((x) => ({ ...x, image: '' }));
                  setV((x) => ({ ...x, image: '' }));
                  if (!file || props.target.kind !== 'link') return setUpload('idle');
                  setUpload('uploading');
                  const body = new FormData();
                  body.set('file', file);
                  const res = await fetch(`/api/pay/${props.target.handle}/slip-image`, { method: 'POST', body }).catch(() => null);
                  const json = res ? ((await res.json().catch(() => ({}))) as { token?: string; error?: { code: string } }) : null;
                  if (res?.ok && json?.token) {
                    setV((x) => ({ ...x, image: json.token! }));
                    setUpload('done');
                  } else {
                    setUpload('idle');
                    const code = json?.error?.code;
                    setErrors((x) => ({
                      ...x,
                      image:
                        code === 'fileTooLarge' ? 'imageTooLarge' : code === 'fileType' ? 'imageType' : code === 'rateLimited' ? 'payRateLimited' : 'network',
                    }));
                  }
                }}
              />
              <p id="slipImage-hint" className="text-xs text-muted">
                {upload === 'uploading' ? t('uploading') : upload === 'done' ? t('uploaded') : t('slipImageHint')}
              </p>
              {errors.image && <p className="text-sm text-red-700">{msg(errors.image)}</p>}
            </div>
          )}
          <p className="text-xs text-muted">{t('slipNote')}</p>
        </div>
      )}

      <Notice tone="error">{formError}</Notice>
      <Button type="submit" pending={pending} disabled={upload === 'uploading'} className="w-full text-base">
        {v.method === 'online' ? t('payNow', { amount: typed.ok ? fmt(typed.rials) : '' }).trim() : t('submitSlip')}
      </Button>
    </form>
  );
}
