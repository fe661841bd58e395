import type { Payment } from '@/db/schema';

/** What a refund costs whom, from the payment alone: pure, so the confirm step in the browser shows what the server will do. */

/** The fee given back for refunding `amount` more of a payment: cumulative, so a full refund returns the whole fee. */
export function feeBack(p: Pick<Payment, 'amount' | 'fee' | 'refundedAmount'>, amount: bigint, returnsFee: boolean): bigint {
  const fee = p.fee ?? 0n;
  if (!returnsFee || fee === 0n) return 0n;
  return (fee * (p.refundedAmount + amount)) / p.amount - (fee * p.refundedAmount) / p.amount;
}

export type RefundQuote = { amount: bigint; remaining: bigint; feeReturned: bigint; merchantDebit: bigint; fromPending: bigint; fromWithdrawable: bigint };

/** How a refund of `amount` would be paid for, from the payment as it stands (shown before confirming). */
export function quote(p: Payment, amount: bigint, returnsFee: boolean): RefundQuote {
  const remaining = p.amount - p.refundedAmount;
  const feeReturned = feeBack(p, amount, returnsFee);
  const merchantDebit = amount - feeReturned;
  const stillPending = p.settledAt || !p.livemode ? 0n : p.amount - (p.fee ?? 0n) - p.pendingDebited;
  const fromPending = stillPending > 0n ? (merchantDebit < stillPending ? merchantDebit : stillPending) : 0n;
  return { amount, remaining, feeReturned, merchantDebit, fromPending, fromWithdrawable: merchantDebit - fromPending };
}
