'use client';

import { useLocale, useTranslations } from 'next-intl';
import { useRouter } from 'next/navigation';
import { useEffect, useRef, useState } from 'react';
import type { z } from 'zod';
import { ConfirmRow } from '@/components/money/confirm-row';
import { ConfirmStep } from '@/components/money/confirm-step';
import { Button } from '@/components/ui/button';
import { Field } from '@/components/ui/field';
import { Notice } from '@/components/ui/notice';
import type { Locale } from '@/lib/i18n/config';
import { formatMoney } from '@/lib/money';
import { toAsciiDigits } from '@/lib/validation/digits';
import { vposReversalSchema } from '@/lib/vpos/schemas';
import { bankReasonOf, BankReasonView } from './bank-reason';
import type { ActionFn, ReversalResult } from './types';
import { useVposMessage } from './use-vpos-message';

type Kind = 'cancel' | 'refund';
type Step = { kind: 'idle' } | { kind: 'confirm'; which: Kind; amount: bigint };

/** Kuruş as the plain lira a form field holds: `80.00`. */
export function liraInput(kurus: bigint): string {
  return `${kurus / 100n}.${String(kurus % 100n).padStart(2, '0')}`;
}

/**
 * Cancel (the sale's Turkish day, in full) and refund (from the next day, in full or in part) of
 * one lira payment, each behind a confirm step that says the amount and what will happen; then
 * the bank's answer. Nothing here touches a Rial balance: the lira go back through N Kolay.
 */
export function ReversalPanel({
  paymentId,
  amount,
  left,
  cancellable,
  sameDay,
  reverse,
}: {
  paymentId: string;
  /** kuruş, as strings (bigint does not cross to the client). */
  amount: string;
  left: string;
  cancellable: boolean;
  /** Still the sale's Turkish day: a refund will be refused (the bank cancels instead). */
  sameDay: boolean;
  reverse: ActionFn<z.input<typeof vposReversalSchema>, ReversalResult>;
}) {
  const t = useTranslations('vpos.reverse');
  const tv = useTranslations('vpos');
  const locale = useLocale() as Locale;
  const msg = useVposMessage();
  const router = useRouter();
  const total = BigInt(amount);
  const remaining = BigInt(left);
  const [step, setStep] = useState<Step>({ kind: 'idle' });
  const [raw, setRaw] = useState(liraInput(remaining));
  const [fieldError, setFieldError] = useState<string | undefined>();
  const [pending, setPending] = useState(false);
  const [outcome, setOutcome] = useState<{ which: Kind; result: ReversalResult } | { error: string } | null>(null);
  const heading = useRef<HTMLDivElement>(null);
  // The bank's answer replaced the form under the user's hands: take focus there, so it is read out.
  useEffect(() => {
    if (outcome) heading.current?.focus();
  }, [outcome]);
  const lira = (v: bigint) => formatMoney(v, 'TRY', locale);
  const words = (code: string) => (tv.has(`bankCodes.${code}`) ? tv(`bankCodes.${code}` as 'bankCodes.51') : undefined);

  function toRefund() {
    setOutcome(null);
    const parsed = vposReversalSchema.safeParse({ paymentId, kind: 'refund', amount: toAsciiDigits(raw).trim() });
    if (!parsed.success) return setFieldError(msg(parsed.error.issues[0]?.message));
    const value = parsed.data.amount ?? remaining;
    if (value > remaining) return setFieldError(msg('vposRefundAboveLeft', { left: remaining.toString() }));
    setFieldError(undefined);
    setStep({ kind: 'confirm', which: 'refund', amount: value });
  }

  async function confirm(which: Kind, value: bigint) {
    setPending(true);
    try {
      const r = await reverse(which === 'cancel' ? { paymentId, kind: 'cancel' } : { paymentId, kind: 'refund', amount: liraInput(value) });
      if (r.ok) setOutcome({ which, result: r.data! });
      else if (r.fieldErrors?.amount) {
        setFieldError(msg(r.fieldErrors.amount, r.params));
        setOutcome({ error: msg(r.fieldErrors.amount, r.params)! });
      } else setOutcome({ error: msg(r.error ?? 'unknown', r.params)! });
      setStep({ kind: 'idle' });
      router.refresh();
    } catch {
      setOutcome({ error: msg('network')! });
    } finally {
      setPending(false);
    }
  }

  const answer =
    outcome && 'result' in outcome ? (
      <Notice tone={outcome.result.state === 'succeeded' ? 'success' : outcome.result.state === 'failed' ? 'error' : 'info'} testId="reverse-outcome">
        <p className="font-semibold">{t(`outcome.${outcome.which}.${outcome.result.state}`)}</p>
        {(outcome.result.bankCode || outcome.result.message) && (
          <p className="mt-1">
            {t('bankSaid')} <BankReasonView reason={bankReasonOf(outcome.result.bankCode, outcome.result.message, words)} locale={locale} />
          </p>
        )}
      </Notice>
    ) : (
      <Notice tone="error" testId="reverse-outcome">
        {outcome && 'error' in outcome ? outcome.error : null}
      </Notice>
    );

  return (
    <div className="flex flex-col gap-5" data-testid="reversal-panel">
      {outcome && (
        <div ref={heading} tabIndex={-1} className="outline-none">
          {answer}
        </div>
      )}
      {step.kind === 'confirm' ? (
        <form
          onSubmit={(e) => {
            e.preventDefault();
            void confirm(step.which, step.amount);
          }}
        >
          <ConfirmStep
            id={step.which}
            level={3}
            title={t(`${step.which}.confirmTitle`)}
            note={t(`${step.which}.confirmNote`)}
            confirmLabel={t(`${step.which}.confirmYes`)}
            backLabel={t('back')}
            danger
            pending={pending}
            onBack={() => setStep({ kind: 'idle' })}
          >
            <ConfirmRow label={t('amountBack')} value={lira(step.amount)} testId={`${step.which}-confirm-amount`} strong />
            <ConfirmRow label={t('paid')} value={lira(total)} />
            <ConfirmRow label={t('leftAfter')} value={lira(remaining - step.amount)} testId={`${step.which}-confirm-left`} />
          </ConfirmStep>
        </form>
      ) : (
        <>
          {cancellable && (
            <section aria-labelledby="cancel-title" className="flex flex-col gap-2 rounded-xl border border-slate-200 p-4" data-testid="cancel-section">
              <h3 id="cancel-title" className="font-bold">
                {t('cancel.title')}
              </h3>
              <p className="text-sm text-muted">{t('cancel.intro', { amount: lira(total) })}</p>
              <Button
                type="button"
                variant="danger"
                className="self-start"
                onClick={() => {
                  setOutcome(null);
                  setStep({ kind: 'confirm', which: 'cancel', amount: total });
                }}
                data-testid="cancel-start"
              >
                {t('cancel.start')}
              </Button>
            </section>
          )}
          {remaining > 0n && (
            <section aria-labelledby="refund-title" className="flex flex-col gap-3 rounded-xl border border-slate-200 p-4" data-testid="refund-section">
              <h3 id="refund-title" className="font-bold">
                {t('refund.title')}
              </h3>
              <p className="text-sm text-muted">{sameDay ? t('refund.sameDay') : t('refund.intro', { left: lira(remaining) })}</p>
              <form
                noValidate
                className="flex flex-wrap items-end gap-3"
                onSubmit={(e) => {
                  e.preventDefault();
                  toRefund();
                }}
              >
                <Field
                  id="refund-amount"
                  name="amount"
                  label={t('refund.amount')}
                  hint={t('refund.amountHint', { left: lira(remaining) })}
                  value={raw}
                  onChange={(e) => setRaw(e.target.value)}
                  error={fieldError}
                  digits
                  autoComplete="off"
                  inputMode="decimal"
                  className="w-40"
                />
                <Button type="submit" variant="secondary" data-testid="refund-start">
                  {t('refund.start')}
                </Button>
              </form>
            </section>
          )}
        </>
      )}
    </div>
  );
}
