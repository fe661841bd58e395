'use client';

import { useLocale, useTranslations } from 'next-intl';
import { useRouter } from 'next/navigation';
import { useState } from 'react';
import type { z } from 'zod';
import { useActionForm } from '@/components/forms/use-action-form';
import { ConfirmRow } from '@/components/money/confirm-row';
import { ConfirmStep } from '@/components/money/confirm-step';
import { Button } from '@/components/ui/button';
import { Field } from '@/components/ui/field';
import { Notice } from '@/components/ui/notice';
import type { Locale } from '@/lib/i18n/config';
import { formatAmount, type DisplayUnit } from '@/lib/money';
import { quote } from '@/lib/refunds/quote';
import { createRefundSchema } from '@/lib/refunds/schemas';
import type { Result } from '@/lib/result';

type Input = z.input<typeof createRefundSchema>;
type Done = { state: string; payerLink: string | null };

/** Amounts as strings: bigint does not cross to the browser as a prop. */
export type RefundablePayment = {
  id: string;
  amount: string;
  fee: string;
  refundedAmount: string;
  pendingDebited: string;
  settled: boolean;
  livemode: boolean;
};

/**
 * A refund in two steps: the amount (the whole rest by default) and the reason, then a confirm
 * step that shows what the payer gets, what leaves the merchant's balance and the fee policy. The
 * server's word is final (the balance at that moment, a refund made meanwhile) and comes back by field.
 */
export function RefundForm({
  payment,
  unit,
  returnsFee,
  action,
}: {
  payment: RefundablePayment;
  unit: DisplayUnit;
  returnsFee: boolean;
  action: (input: Input) => Promise<Result<Done>>;
}) {
  const t = useTranslations('refunds');
  const locale = useLocale() as Locale;
  const router = useRouter();
  const [step, setStep] = useState<'edit' | 'confirm'>('edit');
  const [done, setDone] = useState<Done | null>(null);
  const money = (rials: bigint) => formatAmount(rials, locale, unit);
  const p = {
    amount: BigInt(payment.amount),
    fee: BigInt(payment.fee),
    refundedAmount: BigInt(payment.refundedAmount),
    pendingDebited: BigInt(payment.pendingDebited),
    settledAt: payment.settled ? new Date(0) : null,
    livemode: payment.livemode,
  };
  const remaining = p.amount - p.refundedAmount;
  const rest = unit === 'toman' ? remaining / 10n : remaining;
  const { form, onSubmit, formError, message, pending } = useActionForm({
    schema: createRefundSchema,
    defaultValues: { paymentId: payment.id, unit, amount: String(rest), reason: '' },
    action: async (v: Input) => {
      const r = await action(v);
      if (!r.ok && r.fieldErrors) setStep('edit');
      return r;
    },
    onSuccess: (data) => {
      setDone(data ?? null);
      setStep('edit');
      form.reset({ paymentId: payment.id, unit, amount: '', reason: '' });
      router.refresh();
    },
  });
  const msg = (key: string | undefined | null) =>
    key && t.has(`errors.${key}`) ? t(`errors.${key}` as 'errors.refundAboveRemaining', { remaining: money(remaining) }) : message(key);
  const parsed = createRefundSchema.safeParse(form.getValues());
  const q = parsed.success ? quote(p as Parameters<typeof quote>[0], parsed.data.amount, returnsFee) : null;
  const { errors } = form.formState;

  async function toConfirm() {
    if (!(await form.trigger())) return;
    const r = createRefundSchema.safeParse(form.getValues());
    if (!r.success) return;
    if (r.data.amount > remaining) {
      form.setError('amount', { type: 'limit', message: 'refundAboveRemaining' }, { shouldFocus: true });
      return;
    }
    setStep('confirm');
  }

  return (
    <form onSubmit={onSubmit} noValidate className="flex flex-col gap-4" data-testid="refund-form" data-step={step}>
      {done && (
        <Notice tone="success" testId="refund-done">
          {done.state === 'succeeded' ? t('doneGateway') : done.state === 'processing' ? t('doneProcessing') : t('doneAwaiting')}
          {done.payerLink && (
            <span className="mt-1 block break-all text-xs" dir="ltr" data-testid="refund-payer-link">
              {done.payerLink}
            </span>
          )}
        </Notice>
      )}
      <Notice tone="error" testId="form-error">
        {step === 'confirm' || !Object.keys(errors).length ? formError : null}
      </Notice>
      <div hidden={step !== 'edit'} className="flex flex-col gap-4">
        <Field
          {...form.register('amount')}
          digits
          autoComplete="off"
          label={t('amountIn', { unit: t(`units.${unit}`) })}
          hint={t('amountHint', { remaining: money(remaining) })}
          error={msg(errors.amount?.message)}
        />
        <Field {...form.register('reason')} label={t('reason')} hint={t('reasonHint')} error={msg(errors.reason?.message)} maxLength={300} />
        <div>
          <Button type="button" variant="secondary" onClick={() => void toConfirm()} data-testid="refund-continue">
            {t('continue')}
          </Button>
        </div>
      </div>
      {step === 'confirm' && q && (
        <ConfirmStep
          id="refund"
          level={3}
          title={t('confirmTitle')}
          confirmLabel={t('confirm')}
          backLabel={t('back')}
          danger
          pending={pending}
          onBack={() => setStep('edit')}
        >
          <ConfirmRow label={t('payerGets')} value={money(q.amount)} testId="refund-confirm-amount" strong />
          <ConfirmRow label={t('merchantDebit')} value={money(q.merchantDebit)} testId="refund-confirm-debit" />
          <ConfirmRow
            label={t('feePolicy')}
            value={q.feeReturned > 0n ? t('feeReturned', { fee: money(q.feeReturned) }) : t('feeKept')}
            testId="refund-confirm-fee"
          />
          <ConfirmRow
            label={t('source')}
            value={
              q.fromPending > 0n && q.fromWithdrawable > 0n
                ? t('fromBoth', { pending: money(q.fromPending), withdrawable: money(q.fromWithdrawable) })
                : q.fromPending > 0n
                  ? t('fromPending')
                  : t('fromWithdrawable')
            }
          />
        </ConfirmStep>
      )}
    </form>
  );
}
