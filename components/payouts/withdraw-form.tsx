'use client';

import { useLocale, useTranslations } from 'next-intl';
import { useState } from 'react';
import { useWatch } from 'react-hook-form';
import type { z } from 'zod';
import { TwoFactorStepUp, type StepUpAction } from '@/components/two-factor/step-up';
import { navigateAway, useActionForm } from '@/components/forms/use-action-form';
import { ConfirmRow } from '@/components/money/confirm-row';
import { ConfirmStep } from '@/components/money/confirm-step';
import { Button } from '@/components/ui/button';
import { Field } from '@/components/ui/field';
import { Notice } from '@/components/ui/notice';
import { SelectField } from '@/components/ui/select-field';
import type { Locale } from '@/lib/i18n/config';
import { formatAmount, type DisplayUnit } from '@/lib/money';
import { requestPayoutSchema } from '@/lib/payouts/schemas';
import type { Result } from '@/lib/result';
import { usePayoutMessage } from './use-payout-message';

type Input = z.input<typeof requestPayoutSchema>;

export type WithdrawAccount = { id: string; sheba: string; holderName: string; bank: string };

/**
 * A withdrawal in two steps: the amount, account and description, then a confirm step that shows
 * what the transfer costs, what arrives, where and when. Limits the page knows (minimum, maximum,
 * balance) are checked before the confirm step; the daily cap and the balance at that moment are
 * the server's word, and its refusals come back by their fields.
 */
export function WithdrawForm({
  platform,
  withdrawable,
  rules,
  accounts,
  defaultAccountId,
  expectedDay,
  action,
  stepUp,
}: {
  platform: { id: string; name: string; unit: DisplayUnit };
  /** Rials, as a string (bigint does not cross to the browser as a prop everywhere). */
  withdrawable: string;
  rules: { min: string; max: string; dailyCap: string; fee: string };
  accounts: WithdrawAccount[];
  defaultAccountId: string | null;
  expectedDay: string;
  action: (input: Input) => Promise<Result<unknown>>;
  /** The code prompt when the action asks for a fresh second factor. */
  stepUp?: StepUpAction;
}) {
  const t = useTranslations('payouts');
  const locale = useLocale() as Locale;
  const [step, setStep] = useState<'edit' | 'confirm'>('edit');
  const money = (rials: bigint) => formatAmount(rials, locale, platform.unit);
  const { form, onSubmit, formError, formErrorKey, message, pending } = useActionForm({
    schema: requestPayoutSchema,
    defaultValues: {
      platformId: platform.id,
      bankAccountId: defaultAccountId && accounts.some((a) => a.id === defaultAccountId) ? defaultAccountId : (accounts[0]?.id ?? ''),
      unit: platform.unit,
      amount: '',
      description: '',
    },
    action: async (v: Input) => {
      const r = await action(v);
      // Refused fields are shown where they are typed.
      if (!r.ok && r.fieldErrors) setStep('edit');
      return r;
    },
    onSuccess: () => navigateAway('/payouts?requested=1'),
  });
  const msg = usePayoutMessage(message, {
    min: money(BigInt(rules.min)),
    max: money(BigInt(rules.max)),
    cap: money(BigInt(rules.dailyCap)),
    balance: money(BigInt(withdrawable)),
  });
  const [amountRaw, accountId] = useWatch({ control: form.control, name: ['amount', 'bankAccountId'] });
  const parsed = requestPayoutSchema.safeParse(form.getValues());
  const amount = parsed.success ? parsed.data.amount : null;
  const fee = BigInt(rules.fee);
  const account = accounts.find((a) => a.id === accountId);
  const { errors } = form.formState;

  async function toConfirm() {
    if (!(await form.trigger())) return;
    const r = requestPayoutSchema.safeParse(form.getValues());
    if (!r.success) return;
    const a = r.data.amount;
    const refusal =
      a < BigInt(rules.min) ? 'amountBelowMin' : a > BigInt(rules.max) ? 'amountAboveMax' : a > BigInt(withdrawable) ? 'insufficientBalance' : null;
    if (refusal) {
      form.setError('amount', { type: 'limit', message: refusal }, { shouldFocus: true });
      return;
    }
    setStep('confirm');
  }

  return (
    <>
      <form onSubmit={onSubmit} noValidate className="flex flex-col gap-5" data-testid="withdraw-form" data-step={step}>
        <Notice tone="error" testId="form-error">
          {step === 'confirm' || !Object.keys(errors).length ? formError : null}
        </Notice>
        <div hidden={step !== 'edit'} className="flex flex-col gap-5">
          <SelectField {...form.register('bankAccountId')} label={t('account')} error={msg(errors.bankAccountId?.message)}>
            {accounts.map((a) => (
              <option key={a.id} value={a.id}>
                {`${a.bank} · ${a.sheba} · ${a.holderName}`}
              </option>
            ))}
          </SelectField>
          <Field
            {...form.register('amount')}
            digits
            autoComplete="off"
            label={t('amountIn', { unit: t(`units.${platform.unit}`) })}
            hint={t('amountHint', { balance: money(BigInt(withdrawable)), min: money(BigInt(rules.min)), max: money(BigInt(rules.max)) })}
            error={msg(errors.amount?.message)}
          />
          <Field
            {...form.register('description')}
            label={t('description')}
            hint={t('descriptionHint')}
            error={msg(errors.description?.message)}
            maxLength={200}
          />
          <div className="flex flex-wrap gap-3">
            <Button type="button" onClick={() => void toConfirm()} data-testid="withdraw-continue">
              {t('continue')}
            </Button>
            {amountRaw && amount !== null && (
              <p className="self-center text-sm text-muted">{t('arrivesShort', { amount: money(amount > fee ? amount - fee : 0n) })}</p>
            )}
          </div>
        </div>
        {step === 'confirm' && amount !== null && account && (
          <ConfirmStep
            id="withdraw"
            title={t('confirmTitle')}
            note={t('confirmNote')}
            confirmLabel={t('confirm')}
            backLabel={t('back')}
            pending={pending}
            onBack={() => setStep('edit')}
          >
            <ConfirmRow label={t('platform')} value={platform.name} />
            <ConfirmRow label={t('amount')} value={money(amount)} testId="confirm-amount" />
            <ConfirmRow label={t('fee')} value={fee > 0n ? money(fee) : t('noFee')} testId="confirm-fee" />
            <ConfirmRow label={t('arrives')} value={money(amount - fee)} testId="confirm-arrives" strong />
            <ConfirmRow label={t('bank')} value={account.bank} testId="confirm-bank" />
            <ConfirmRow label={t('sheba')} value={<bdi dir="ltr">{account.sheba}</bdi>} />
            <ConfirmRow label={t('holder')} value={account.holderName} />
            <ConfirmRow label={t('expectedDay')} value={expectedDay} testId="confirm-day" />
          </ConfirmStep>
        )}
      </form>
      {stepUp && formErrorKey === 'twoFactorStale' && <TwoFactorStepUp action={stepUp} onVerified={onSubmit} />}
    </>
  );
}
