import { getLocale, getTranslations } from 'next-intl/server';
import { Card } from '@/components/ui/card';
import type { Payment, Refund, RefundState } from '@/db/schema';
import { formatDate } from '@/lib/date/format';
import type { Locale } from '@/lib/i18n/config';
import { formatAmount, type DisplayUnit } from '@/lib/money';
import { RefundActions } from './refund-actions';
import { RefundForm } from './refund-form';

type Actions = {
  create: React.ComponentProps<typeof RefundForm>['action'];
  resend: React.ComponentProps<typeof RefundActions>['resend'];
  cancel: React.ComponentProps<typeof RefundActions>['cancel'];
};

const tones: Record<RefundState, string> = {
  awaiting_account: 'bg-amber-50 text-amber-900 ring-amber-200',
  processing: 'bg-sky-50 text-sky-900 ring-sky-200',
  succeeded: 'bg-emerald-50 text-emerald-900 ring-emerald-200',
  failed: 'bg-slate-100 text-slate-700 ring-slate-200',
};

/**
 * A payment's refunds on its page: what was given back and how each one stands, and the form for
 * another while something is left to refund. Only a succeeded payment can be refunded.
 */
export async function RefundPanel({
  payment,
  refunds,
  unit,
  returnsFee,
  actions,
}: {
  payment: Payment;
  refunds: Refund[];
  unit: DisplayUnit;
  returnsFee: boolean;
  actions: Actions;
}) {
  const t = await getTranslations('refunds');
  const locale = (await getLocale()) as Locale;
  const money = (rials: bigint) => formatAmount(rials, locale, unit);
  const remaining = payment.amount - payment.refundedAmount;
  const refunded = refunds.filter((r) => r.state === 'succeeded').reduce((s, r) => s + r.amount, 0n);
  if (payment.state !== 'succeeded' && refunds.length === 0) return null;
  return (
    <Card title={t('title')}>
      <div className="flex flex-col gap-5" data-testid="refund-panel">
        <p className="text-sm" data-testid="refund-summary">
          {t('summary', { refunded: money(refunded), inFlight: money(payment.refundedAmount - refunded), remaining: money(remaining) })}
        </p>
        {refunds.length > 0 && (
          <ul className="flex flex-col divide-y divide-slate-100 text-sm" data-testid="refund-list">
            {refunds.map((r) => (
              <li
                key={r.id}
                className="flex flex-col gap-2 py-3 first:pt-0 sm:flex-row sm:items-start sm:justify-between"
                data-testid="refund-row"
                data-state={r.state}
              >
                <div className="flex flex-col gap-1">
                  <div className="flex flex-wrap items-center gap-2">
                    <span className="font-bold">{money(r.amount)}</span>
                    <span className={`inline-block whitespace-nowrap rounded-full px-2 py-0.5 text-xs font-medium ring-1 ring-inset ${tones[r.state]}`}>
                      {t(`states.${r.state}`)}
                    </span>
                    <span className="text-xs text-muted">{t(`methods.${r.method as 'gateway' | 'payout'}`)}</span>
                  </div>
                  <span className="text-muted">
                    {r.reason} · {formatDate(r.createdAt, locale, { time: true })}
                  </span>
                  {r.feeReturned > 0n && <span className="text-xs text-muted">{t('feeReturned', { fee: money(r.feeReturned) })}</span>}
                  {r.failureReason && r.state !== 'succeeded' && <span className="text-xs text-muted">{t('bankSaid', { reason: r.failureReason })}</span>}
                </div>
                {r.state === 'awaiting_account' && <RefundActions refundId={r.id} resend={actions.resend} cancel={actions.cancel} />}
              </li>
            ))}
          </ul>
        )}
        {payment.state === 'succeeded' && remaining > 0n ? (
          <RefundForm
            payment={{
              id: payment.id,
              amount: payment.amount.toString(),
              fee: (payment.fee ?? 0n).toString(),
              refundedAmount: payment.refundedAmount.toString(),
              pendingDebited: payment.pendingDebited.toString(),
              settled: payment.settledAt !== null,
              livemode: payment.livemode,
            }}
            unit={unit}
            returnsFee={returnsFee}
            action={actions.create}
          />
        ) : (
          <p className="text-sm text-muted">{t('nothingLeft')}</p>
        )}
      </div>
    </Card>
  );
}
