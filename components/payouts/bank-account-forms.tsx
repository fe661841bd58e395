'use client';

import { useTranslations } from 'next-intl';
import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { useWatch } from 'react-hook-form';
import type { z } from 'zod';
import { TwoFactorStepUp, type StepUpAction } from '@/components/two-factor/step-up';
import { useActionForm } from '@/components/forms/use-action-form';
import { Button } from '@/components/ui/button';
import { Field } from '@/components/ui/field';
import { Notice } from '@/components/ui/notice';
import { SelectField } from '@/components/ui/select-field';
import { addBankAccountSchema, removeBankAccountSchema, setAutoSettlementSchema, setDefaultBankAccountSchema } from '@/lib/payouts/schemas';
import type { DisplayUnit } from '@/lib/money';
import type { Result } from '@/lib/result';
import { usePayoutMessage } from './use-payout-message';
import { ShebaField } from './sheba-field';

type Action<S extends z.ZodType> = (input: z.input<S>) => Promise<Result<unknown>>;

/** A new destination account; the bank shows as soon as the sheba is complete and valid. */
export function AddBankAccountForm({
  platforms,
  action,
  stepUp,
}: {
  platforms: { id: string; name: string }[];
  action: Action<typeof addBankAccountSchema>;
  /** The code prompt when the action asks for a fresh second factor. */
  stepUp?: StepUpAction;
}) {
  const t = useTranslations('payouts');
  const router = useRouter();
  const [added, setAdded] = useState(false);
  const { form, onSubmit, formError, formErrorKey, message, pending } = useActionForm({
    schema: addBankAccountSchema,
    defaultValues: { sheba: '', holderName: '', platformId: '' },
    action: (v) => {
      setAdded(false);
      return action(v);
    },
    onSuccess: () => {
      setAdded(true);
      form.reset();
      router.refresh();
    },
  });
  const msg = usePayoutMessage(message);
  const sheba = useWatch({ control: form.control, name: 'sheba' });
  const { errors } = form.formState;
  return (
    <>
      <form onSubmit={onSubmit} noValidate className="grid gap-4 sm:grid-cols-2" data-testid="add-account-form">
        <div className="sm:col-span-2">
          <Notice tone={added ? 'success' : 'error'} testId="add-account-notice">
            {added ? t('accountAdded') : formError}
          </Notice>
        </div>
        <div className="sm:col-span-2">
          <ShebaField registration={form.register('sheba')} value={sheba} namespace="payouts" error={msg(errors.sheba?.message)} />
        </div>
        <Field {...form.register('holderName')} label={t('holder')} hint={t('holderHint')} error={msg(errors.holderName?.message)} />
        <SelectField {...form.register('platformId')} label={t('forPlatform')} error={msg(errors.platformId?.message)}>
          <option value="">{t('wholeBusiness')}</option>
          {platforms.map((p) => (
            <option key={p.id} value={p.id}>
              {p.name}
            </option>
          ))}
        </SelectField>
        <div className="sm:col-span-2">
          <Button type="submit" pending={pending}>
            {t('addAccount')}
          </Button>
        </div>
      </form>
      {stepUp && formErrorKey === 'twoFactorStale' && <TwoFactorStepUp action={stepUp} onVerified={onSubmit} />}
    </>
  );
}

/** Removes an account after a second click; refused while a payout to it is in flight. */
export function RemoveBankAccount({ id, action }: { id: string; action: Action<typeof removeBankAccountSchema> }) {
  const t = useTranslations('payouts');
  const router = useRouter();
  const [asking, setAsking] = useState(false);
  const { onSubmit, formErrorKey, message, pending } = useActionForm({
    schema: removeBankAccountSchema,
    defaultValues: { id },
    action: (v) => action(v),
    onSuccess: () => router.refresh(),
  });
  const msg = usePayoutMessage(message);
  return (
    <form onSubmit={onSubmit} noValidate className="flex flex-col gap-1">
      {asking ? (
        <div className="flex flex-wrap gap-2">
          <Button type="submit" variant="danger" className="min-h-9 px-3" pending={pending} data-testid="remove-account-confirm">
            {t('removeConfirm')}
          </Button>
          <Button type="button" variant="secondary" className="min-h-9 px-3" onClick={() => setAsking(false)} disabled={pending}>
            {t('keep')}
          </Button>
        </div>
      ) : (
        <Button type="button" variant="ghost" className="min-h-9 px-3" onClick={() => setAsking(true)} data-testid="remove-account">
          {t('remove')}
        </Button>
      )}
      <div aria-live="polite">{formErrorKey && <p className="max-w-56 text-xs text-red-700">{msg(formErrorKey)}</p>}</div>
    </form>
  );
}

export type SettingsAccount = { id: string; label: string };

/** A platform's default account and automatic daily settlement, each saved on its own. */
export function PlatformPayoutSettings({
  platform,
  accounts,
  defaultAccountId,
  autoEnabled,
  autoKeep,
  setDefault,
  setAuto,
}: {
  platform: { id: string; name: string; unit: DisplayUnit };
  accounts: SettingsAccount[];
  defaultAccountId: string | null;
  autoEnabled: boolean;
  /** What to keep, already in the platform's unit. */
  autoKeep: string;
  setDefault: Action<typeof setDefaultBankAccountSchema>;
  setAuto: Action<typeof setAutoSettlementSchema>;
}) {
  const t = useTranslations('payouts');
  const router = useRouter();
  const [saved, setSaved] = useState<'default' | 'auto' | null>(null);
  const def = useActionForm({
    schema: setDefaultBankAccountSchema,
    defaultValues: { platformId: platform.id, bankAccountId: defaultAccountId ?? '' },
    action: (v) => {
      setSaved(null);
      return setDefault(v);
    },
    onSuccess: () => {
      setSaved('default');
      router.refresh();
    },
  });
  const auto = useActionForm({
    schema: setAutoSettlementSchema,
    defaultValues: { platformId: platform.id, enabled: autoEnabled, unit: platform.unit, keep: autoKeep === '0' ? '' : autoKeep },
    action: (v) => {
      setSaved(null);
      return setAuto(v);
    },
    onSuccess: () => {
      setSaved('auto');
      router.refresh();
    },
  });
  const defMsg = usePayoutMessage(def.message);
  const autoMsg = usePayoutMessage(auto.message);
  const enabledError = autoMsg(auto.form.formState.errors.enabled?.message);
  const slug = platform.id.slice(0, 8);
  return (
    <div className="grid gap-6 md:grid-cols-2" data-testid="platform-payout-settings" data-platform={platform.id}>
      <form onSubmit={def.onSubmit} noValidate className="flex flex-col gap-3">
        <SelectField
          {...def.form.register('bankAccountId')}
          id={`default-${slug}`}
          label={t('defaultAccount')}
          hint={t('defaultAccountHint')}
          error={defMsg(def.form.formState.errors.bankAccountId?.message)}
        >
          {!defaultAccountId && <option value="">{t('chooseAccount')}</option>}
          {accounts.map((a) => (
            <option key={a.id} value={a.id}>
              {a.label}
            </option>
          ))}
        </SelectField>
        <Notice tone={saved === 'default' ? 'success' : 'error'}>{saved === 'default' ? t('saved') : def.formError}</Notice>
        <div>
          <Button type="submit" variant="secondary" pending={def.pending} disabled={!accounts.length}>
            {t('saveDefault')}
          </Button>
        </div>
      </form>
      <form onSubmit={auto.onSubmit} noValidate className="flex flex-col gap-3">
        <div className="flex flex-col gap-1">
          <label className="flex min-h-11 items-center gap-3 text-sm font-medium" htmlFor={`auto-${slug}`}>
            <input
              id={`auto-${slug}`}
              type="checkbox"
              className="size-5 accent-brand-600"
              {...auto.form.register('enabled')}
              aria-invalid={enabledError ? true : undefined}
              aria-describedby={enabledError ? `auto-${slug}-error` : `auto-${slug}-hint`}
            />
            {t('autoSettlement')}
          </label>
          <p id={`auto-${slug}-hint`} className="text-xs text-muted">
            {t('autoHint')}
          </p>
          {enabledError && (
            <p id={`auto-${slug}-error`} className="text-sm text-red-700">
              {enabledError}
            </p>
          )}
        </div>
        <Field
          {...auto.form.register('keep')}
          id={`keep-${slug}`}
          digits
          autoComplete="off"
          label={t('keepIn', { unit: t(`units.${platform.unit}`) })}
          hint={t('keepHint')}
          error={autoMsg(auto.form.formState.errors.keep?.message)}
        />
        <Notice tone={saved === 'auto' ? 'success' : 'error'}>{saved === 'auto' ? t('saved') : auto.formError}</Notice>
        <div>
          <Button type="submit" variant="secondary" pending={auto.pending}>
            {t('saveAuto')}
          </Button>
        </div>
      </form>
    </div>
  );
}
