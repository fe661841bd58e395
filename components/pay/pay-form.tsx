'use client';

import { useLocale, useTranslations } from 'next-intl';
import { useMemo, useState } from 'react';
import { Controller } from 'react-hook-form';
import { navigateAway, useActionForm } from '@/components/forms/use-action-form';
import { CopyButton } from '@/components/pay/copy-button';
import { DepositDateInput } from '@/components/pay/deposit-date-input';
import { groupSheba } from '@/components/pay/sheba';
import { Button } from '@/components/ui/button';
import { ChoiceCard } from '@/components/ui/choice-card';
import { Field } from '@/components/ui/field';
import { FileField, imageUploadError, postFile } from '@/components/ui/file-field';
import { Notice } from '@/components/ui/notice';
import { SelectField } from '@/components/ui/select-field';
import type { Locale } from '@/lib/i18n/config';
import { formatAmount, parseAmount, type DisplayUnit } from '@/lib/money';
import type { Result } from '@/lib/result';
import { BANKS, payerSchema, type PayerInput } from '@/lib/validation/payments';

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
};

/** The payer's form: details, amount, then online (pick a gateway) or a deposit slip. */
export function PayForm(props: PayFormProps) {
  const t = useTranslations('pay');
  const te = useTranslations('errors');
  const locale = useLocale() as Locale;
  const [uploading, setUploading] = useState(false);
  const min = BigInt(props.min);
  const max = BigInt(props.max);
  const schema = useMemo(() => payerSchema({ unit: props.unit, min: BigInt(props.min), max: BigInt(props.max) }), [props.unit, props.min, props.max]);
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
    schema,
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
        label={t('amount', { unit: t(`unit.${props.unit}`) })}
        digits
        readOnly={props.locked.amount}
        hint={props.locked.amount ? t('lockedAmount') : min === max ? undefined : t('amountRange', { min: fmt(min), max: fmt(max) })}
        error={message(errors.amount?.message)}
        required
      />
      <Field {...form.register('description')} label={t('description')} readOnly={props.locked.description} error={message(errors.description?.message)} />

      {props.gateways.length > 0 && props.acceptSlips && (
        <fieldset className="flex flex-col gap-2">
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
        <div className="flex flex-col gap-5 rounded-xl border border-slate-200 bg-white p-4">
          {props.deposit && (
            <div className="rounded-lg bg-slate-50 p-3 text-sm" data-testid="deposit-account">
              <p className="font-medium">{t('depositHeading')}</p>
              <dl className="mt-2 grid gap-y-1">
                <dt className="text-xs text-muted">{t('depositHolder')}</dt>
                <dd className="font-semibold" data-testid="deposit-holder">
                  {props.deposit.holder}
                </dd>
                <dt className="mt-1 text-xs text-muted">{t('depositSheba')}</dt>
                <dd className="flex flex-wrap items-center gap-x-3 gap-y-1">
                  <bdi dir="ltr" className="text-base font-semibold tabular-nums tracking-wide" data-testid="deposit-sheba">
                    {groupSheba(props.deposit.iban)}
                  </bdi>
                  <CopyButton value={props.deposit.iban} label={t('copySheba')} copiedLabel={t('copied')} testId="copy-sheba" />
                </dd>
              </dl>
            </div>
          )}
          <SelectField {...form.register('bank')} label={t('bank')} error={message(errors.bank?.message)}>
            <option value="">{t('chooseBank')}</option>
            {BANKS.map((b) => (
              <option key={b.id} value={b.id}>
                {locale === 'fa' ? b.fa : b.en}
              </option>
            ))}
          </SelectField>
          <Field {...form.register('slipNumber')} label={t('slipNumber')} digits error={message(errors.slipNumber?.message)} />
          <Controller
            control={form.control}
            name="depositDate"
            render={({ field }) => (
              <DepositDateInput
                name="depositDate"
                label={t('depositDate')}
                value={(field.value as string | undefined) ?? ''}
                today={props.today}
                onChange={field.onChange}
                // The schema's message speaks of typed dates; here the payer chooses from three selects.
                error={errors.depositDate ? t('depositDateInvalid') : undefined}
              />
            )}
          />
          {props.target.kind === 'link' && (
            <FileField
              name="slipImage"
              label={t('slipImage')}
              accept="image/png,image/jpeg"
              hint={t('slipImageHint')}
              uploadingText={t('uploading')}
              doneText={t('uploaded')}
              error={message(errors.image?.message)}
              onPick={() => {
                form.clearErrors('image');
                set('image', '');
              }}
              upload={async (file) => {
                if (props.target.kind !== 'link') return { ok: false, error: te('unknown') };
                setUploading(true);
                const r = await postFile<{ token?: string }>(`/api/pay/${props.target.handle}/slip-image`, { file });
                setUploading(false);
                if (r.ok && r.data.token) {
                  set('image', r.data.token);
                  return { ok: true };
                }
                return { ok: false, error: te(imageUploadError(r.ok ? 'unknown' : r.code)) };
              }}
            />
          )}
          <p className="text-xs text-muted">{t('slipNote')}</p>
        </div>
      )}

      <Notice tone="error">{formError}</Notice>
      <Button type="submit" pending={pending} disabled={uploading} className="w-full text-base">
        {method === 'online' ? t('payNow', { amount: typed.ok ? fmt(typed.rials) : '' }).trim() : t('submitSlip')}
      </Button>
    </form>
  );
}
