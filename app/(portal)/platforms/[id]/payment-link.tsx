'use client';

import { useTranslations } from 'next-intl';
import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { Button } from '@/components/ui/button';
import { Field } from '@/components/ui/field';
import { Notice } from '@/components/ui/notice';
import { SelectField } from '@/components/ui/select-field';
import { useActionForm } from '@/components/forms/use-action-form';
import type { GatewayId } from '@/lib/gateways/types';
import { buildLinkSchema, linkSettingsSchema } from '@/lib/validation/payments';
import { buildLinkAction, saveLinkSettingsAction } from '../../payments/actions';
import { FieldError } from '@/components/ui/field-shell';

export type LinkSettingsView = {
  handle: string;
  title: string;
  enabled: boolean;
  displayUnit: 'rial' | 'toman';
  gateways: GatewayId[];
  minAmount: string;
  maxAmount: string;
  acceptSlips: boolean;
};

/** The merchant's payment-link settings: handle, title, unit, gateways, limits, slips. */
export function PaymentLinkSettings({
  platformId,
  initial,
  offered,
  origin,
}: {
  platformId: string;
  initial: LinkSettingsView | null;
  offered: GatewayId[];
  origin: string;
}) {
  const t = useTranslations('paymentLink');
  const tp = useTranslations('pay');
  const router = useRouter();
  const [saved, setSaved] = useState(false);
  const { form, onSubmit, formError, message, pending } = useActionForm({
    schema: linkSettingsSchema,
    defaultValues: initial ?? {
      handle: '',
      title: '',
      enabled: true,
      displayUnit: 'toman',
      gateways: offered.slice(0, 1),
      minAmount: '1000',
      maxAmount: '50000000',
      acceptSlips: false,
    },
    action: (v) => saveLinkSettingsAction({ ...v, platformId }),
    onSuccess: () => {
      setSaved(true);
      router.refresh();
    },
  });
  const { errors } = form.formState;
  const [handle, unit, gateways] = form.watch(['handle', 'displayUnit', 'gateways']);

  return (
    <form
      noValidate
      onSubmit={(e) => {
        setSaved(false);
        return onSubmit(e);
      }}
      className="grid gap-5 sm:grid-cols-2"
      data-testid="link-settings"
    >
      <Field
        {...form.register('handle')}
        label={t('handle')}
        dir="ltr"
        hint={
          <bdi dir="ltr">
            {origin}/pay/{handle || '…'}
          </bdi>
        }
        error={message(errors.handle?.message)}
      />
      <Field {...form.register('title')} label={t('title')} error={message(errors.title?.message)} />
      <SelectField {...form.register('displayUnit')} label={t('displayUnit')}>
        <option value="rial">{tp('unit.rial')}</option>
        <option value="toman">{tp('unit.toman')}</option>
      </SelectField>
      <fieldset className="flex flex-col gap-2" aria-describedby={errors.gateways ? 'gateways-error' : undefined}>
        <legend className="mb-1 text-sm font-medium">{t('gateways')}</legend>
        {offered.map((g) => (
          <label key={g} className="flex min-h-11 items-center gap-2">
            <input
              type="checkbox"
              name="gateways"
              value={g}
              checked={(gateways ?? []).includes(g)}
              onChange={(e) => {
                const now = form.getValues('gateways') ?? [];
                form.setValue('gateways', e.target.checked ? [...now, g] : now.filter((y) => y !== g));
              }}
            />
            {tp(`gateways.${g}` as 'gateways.sandbox')}
          </label>
        ))}
        {errors.gateways && <FieldError id="gateways-error">{message(errors.gateways.message)}</FieldError>}
      </fieldset>
      <Field {...form.register('minAmount')} label={t('minAmount', { unit: tp(`unit.${unit}`) })} digits error={message(errors.minAmount?.message)} />
      <Field {...form.register('maxAmount')} label={t('maxAmount', { unit: tp(`unit.${unit}`) })} digits error={message(errors.maxAmount?.message)} />
      <label className="flex min-h-11 items-center gap-2 sm:col-span-2">
        <input type="checkbox" {...form.register('acceptSlips')} />
        {t('acceptSlips')}
      </label>
      <label className="flex min-h-11 items-center gap-2 sm:col-span-2">
        <input type="checkbox" {...form.register('enabled')} />
        {t('enabled')}
      </label>
      <div className="flex flex-col gap-3 sm:col-span-2">
        <Notice tone="error">{formError}</Notice>
        <Notice tone="success">{saved ? t('saved') : null}</Notice>
        <div>
          <Button type="submit" pending={pending}>
            {t('save')}
          </Button>
        </div>
      </div>
    </form>
  );
}

/** Makes links with prefilled fields; signed ones lock them against changes. */
export function LinkBuilder({ platformId, unit }: { platformId: string; unit: 'rial' | 'toman' }) {
  const t = useTranslations('paymentLink');
  const tp = useTranslations('pay');
  const [url, setUrl] = useState<string | null>(null);
  const { form, onSubmit, formError, message, pending } = useActionForm({
    schema: buildLinkSchema,
    defaultValues: { platformId, amount: '', name: '', description: '', sign: true },
    action: (v) => buildLinkAction({ ...v, platformId }),
    onSuccess: (data) => setUrl(data?.url ?? null),
  });
  const { errors } = form.formState;
  return (
    <form noValidate className="grid gap-4 sm:grid-cols-3" data-testid="link-builder" onSubmit={onSubmit}>
      {/* Ids of their own: the settings form on the same page has fields of these names' kind. */}
      <Field
        {...form.register('amount')}
        id="builder-amount"
        label={tp('amount', { unit: tp(`unit.${unit}`) })}
        digits
        error={message(errors.amount?.message)}
      />
      <Field {...form.register('name')} id="builder-name" label={tp('name')} error={message(errors.name?.message)} />
      <Field {...form.register('description')} id="builder-description" label={tp('description')} error={message(errors.description?.message)} />
      <label className="flex min-h-11 items-center gap-2 sm:col-span-3">
        <input type="checkbox" {...form.register('sign')} />
        {t('signLink')}
      </label>
      <div className="flex flex-col gap-3 sm:col-span-3">
        <div>
          <Button type="submit" variant="secondary" pending={pending}>
            {t('makeLink')}
          </Button>
        </div>
        <Notice tone="error">{formError}</Notice>
        {url && (
          <p className="break-all rounded-lg bg-slate-100 px-3 py-2 text-sm" dir="ltr" data-testid="built-link">
            {url}
          </p>
        )}
      </div>
    </form>
  );
}
