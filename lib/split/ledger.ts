import { and, asc, eq, inArray, isNull, lte, sql } from 'drizzle-orm';
import type { Db, Tx } from '@/db';
import { payments, platforms, splitInvoices, splitParts, splitRefundParts, type Payment, type Refund, type SplitInvoice, type SplitPart } from '@/db/schema';
import { accountFor, post, postSettlement } from '@/lib/ledger';
import { notify } from '@/lib/messages';
import { recordEvent } from '@/lib/webhooks/events';
import { refundShares } from './shares';

/**
 * The money of split payments on Dargah's ledger. Kept apart from `lib/split/index.ts` (which makes
 * payments) so that the payment, refund and settlement code can call it without an import cycle.
 *
 * - Paid: one balanced posting credits each party's **pending** balance with its share less its
 *   fee, and fee income with the fee; the payment itself is marked settled, since its shares settle
 *   per party.
 * - Closed by 22:00: the next 09:00 run moves each party's share (less what refunds took from
 *   pending) to withdrawable, per party.
 * - Refunded: each party gives back its part pro rata (largest remainder), from pending while its
 *   share has not settled, else from withdrawable.
 */

export type SplitOfPayment = { invoice: SplitInvoice; parts: SplitPart[] };

/** The fee fixed when the invoice was made: a split payment pays what its invoice says. */
export async function splitFeeOfPayment(db: Db | Tx, paymentId: string): Promise<bigint | null> {
  const [row] = await db.select({ fee: splitInvoices.fee }).from(splitInvoices).where(eq(splitInvoices.paymentId, paymentId));
  return row?.fee ?? null;
}

/** The invoice a payment pays, with its parts in order; the invoice row locked when asked. */
export async function splitOfPayment(tx: Db | Tx, paymentId: string, lock = false): Promise<SplitOfPayment | null> {
  const q = tx.select().from(splitInvoices).where(eq(splitInvoices.paymentId, paymentId));
  const [invoice] = lock ? await q.for('update') : await q;
  if (!invoice) return null;
  const pq = tx.select().from(splitParts).where(eq(splitParts.invoiceId, invoice.id)).orderBy(asc(splitParts.position));
  const parts = lock ? await pq.for('update') : await pq;
  return { invoice, parts };
}

export function splitInvoiceEventData(inv: SplitInvoice) {
  return {
    id: inv.id,
    bill_number: inv.billNumber,
    amount: inv.total.toString(),
    currency: inv.currency,
    state: inv.state,
    refunded_amount: inv.refundedAmount.toString(),
    payment_id: inv.paymentId,
    paid_at: inv.paidAt?.toISOString() ?? null,
    closed_at: inv.closedAt?.toISOString() ?? null,
    livemode: inv.livemode,
  };
}

/**
 * Inside the payment's success transaction: the invoice becomes paid and, for live payments, each
 * party's pending balance gets its share less its fee. Returns the event to deliver, if any.
 */
export async function onSplitPaymentSucceeded(tx: Tx, payment: Payment): Promise<string | null> {
  const split = await splitOfPayment(tx, payment.id, true);
  if (!split) throw new Error(`split payment ${payment.id} has no invoice`);
  // The buyer's money is taken: the invoice is paid, even one canceled while the bank was deciding
  // (its cancel never reached this payment); the marketplace refunds it if it must.
  const [paid] = await tx
    .update(splitInvoices)
    .set({ state: 'paid', paidAt: new Date() })
    .where(and(eq(splitInvoices.id, split.invoice.id), inArray(splitInvoices.state, ['open', 'canceled', 'expired'])))
    .returning();
  if (!paid) throw new Error(`split invoice ${split.invoice.id} was paid twice`);
  if (payment.livemode) {
    const byAccount = new Map<string, bigint>();
    const add = (id: string, amount: bigint) => byAccount.set(id, (byAccount.get(id) ?? 0n) + amount);
    add(await accountFor(tx, 'gateway_clearing'), -payment.amount);
    let fee = 0n;
    for (const part of split.parts) {
      if (part.share - part.fee > 0n) add(await accountFor(tx, 'platform_pending', part.platformId), part.share - part.fee);
      fee += part.fee;
    }
    if (fee > 0n) add(await accountFor(tx, 'fee_income'), fee);
    const lines = [...byAccount].filter(([, amount]) => amount !== 0n).map(([accountId, amount]) => ({ accountId, amount }));
    await post(tx, { kind: 'payment_succeeded', reference: payment.id, lines });
  }
  return recordEvent(tx, paid.marketplaceId, 'split_invoice.paid', splitInvoiceEventData(paid));
}

// ————————————————————————————————————————————————— settlement

/**
 * The settlement run's split part: every live share of an invoice closed by the cutoff moves from
 * its party's pending to withdrawable, one posting per party per run; the parts are marked in the
 * same transaction, so each moves once.
 */
export async function settleSplitShares(
  db: Db,
  input: { now: Date; runDate: string; cutoff: Date; platformId?: string },
): Promise<{ platforms: number; total: bigint; byPlatform: Map<string, bigint> }> {
  // Only closed invoices the run has not finished with (a partial index keeps this small), and of
  // those only the parts still unsettled (another partial index).
  const dueInvoices = () =>
    db
      .select({ id: splitInvoices.id })
      .from(splitInvoices)
      .where(
        and(eq(splitInvoices.state, 'closed'), isNull(splitInvoices.settledAt), eq(splitInvoices.livemode, true), lte(splitInvoices.closedAt, input.cutoff)),
      );
  const due = await db
    .selectDistinct({ platformId: splitParts.platformId })
    .from(splitParts)
    .where(
      and(
        isNull(splitParts.settledAt),
        inArray(splitParts.invoiceId, dueInvoices()),
        input.platformId ? eq(splitParts.platformId, input.platformId) : undefined,
      ),
    );
  const byPlatform = new Map<string, bigint>();
  let total = 0n;
  for (const { platformId } of due) {
    const moved = await db.transaction(async (tx) => {
      const rows = await tx
        .update(splitParts)
        .set({ settledAt: input.now })
        .where(and(eq(splitParts.platformId, platformId), isNull(splitParts.settledAt), inArray(splitParts.invoiceId, dueInvoices())))
        .returning({ id: splitParts.id, share: splitParts.share, fee: splitParts.fee, pendingDebited: splitParts.pendingDebited });
      const net = rows.reduce((a, r) => a + r.share - r.fee - r.pendingDebited, 0n);
      if (net <= 0n) return 0n;
      const first = rows.map((r) => r.id).sort()[0];
      const r = await postSettlement(tx, { reference: `${input.runDate}:split:${first}`, platformId, amount: net });
      if (!r.created) throw new Error(`split settlement ${input.runDate} for ${platformId} posted twice`);
      const [p] = await tx.select({ userId: platforms.userId, name: platforms.name }).from(platforms).where(eq(platforms.id, platformId));
      await notify(tx, {
        userId: p.userId,
        category: 'settlement',
        template: 'settlementDone',
        params: { rials: net.toString(), name: p.name },
        link: '/reports/balances',
        dedupeKey: `settlement:${input.runDate}:split:${platformId}`,
      });
      return net;
    });
    if (moved > 0n) {
      byPlatform.set(platformId, moved);
      total += moved;
    }
  }
  // Invoices whose every part has now settled leave the run's view for good. Apart from the parts'
  // transactions: a refund locks its invoice, then its parts; this never holds a part while it waits.
  await db
    .update(splitInvoices)
    .set({ settledAt: input.now })
    .where(
      and(
        eq(splitInvoices.state, 'closed'),
        isNull(splitInvoices.settledAt),
        lte(splitInvoices.closedAt, input.cutoff),
        sql`not exists (select 1 from ${splitParts} p where p.invoice_id = ${splitInvoices.id} and p.settled_at is null)`,
      ),
    );
  return { platforms: byPlatform.size, total, byPlatform };
}

// ————————————————————————————————————————————————— refunds

/**
 * Inside a refund's creating transaction (the payment row locked by the caller): what each party
 * gives back, written down per party, and the one posting that takes it — from pending while the
 * party's share has not settled, else from withdrawable. Returns the refund's totals.
 */
export async function takeSplitRefund(
  tx: Tx,
  input: { refund: Pick<Refund, 'id' | 'amount' | 'livemode'>; payment: Payment; feeReturned: bigint },
): Promise<{ fromPending: bigint; fromWithdrawable: bigint; feeReturned: bigint; eventId: string | null }> {
  const split = await splitOfPayment(tx, input.payment.id, true);
  if (!split) throw new Error(`split payment ${input.payment.id} has no invoice`);
  const plan = refundShares(input.refund.amount, input.feeReturned, split.parts);
  let fromPending = 0n;
  let fromWithdrawable = 0n;
  let feeReturned = 0n;
  const lines: { accountId: string; amount: bigint }[] = [];
  for (const [i, part] of split.parts.entries()) {
    const { part: share, feeBack } = plan[i];
    if (share === 0n) continue;
    const debit = share - feeBack;
    const stillPending = part.settledAt ? 0n : part.share - part.fee - part.pendingDebited;
    const p = debit < stillPending ? debit : stillPending > 0n ? stillPending : 0n;
    const w = debit - p;
    await tx.insert(splitRefundParts).values({
      refundId: input.refund.id,
      partId: part.id,
      platformId: part.platformId,
      amount: debit,
      part: share,
      feeBack,
      fromPending: p,
      fromWithdrawable: w,
    });
    await tx
      .update(splitParts)
      .set({
        refunded: sql`${splitParts.refunded} + ${share.toString()}::bigint`,
        feeReturned: sql`${splitParts.feeReturned} + ${feeBack.toString()}::bigint`,
        pendingDebited: sql`${splitParts.pendingDebited} + ${p.toString()}::bigint`,
      })
      .where(eq(splitParts.id, part.id));
    if (input.refund.livemode) {
      if (p > 0n) lines.push({ accountId: await accountFor(tx, 'platform_pending', part.platformId), amount: -p });
      if (w > 0n) lines.push({ accountId: await accountFor(tx, 'platform_withdrawable', part.platformId), amount: -w });
    }
    fromPending += p;
    fromWithdrawable += w;
    feeReturned += feeBack;
  }
  const [inv] = await tx
    .update(splitInvoices)
    .set({ refundedAmount: sql`${splitInvoices.refundedAmount} + ${input.refund.amount.toString()}::bigint` })
    .where(eq(splitInvoices.id, split.invoice.id))
    .returning();
  if (input.refund.livemode) {
    lines.push({ accountId: await accountFor(tx, 'refund_clearing'), amount: input.refund.amount });
    if (feeReturned > 0n) lines.push({ accountId: await accountFor(tx, 'fee_income'), amount: -feeReturned });
    await post(tx, { kind: 'refund_created', reference: input.refund.id, lines });
  }
  const eventId = await recordEvent(tx, inv.marketplaceId, 'split_invoice.refunded', splitInvoiceEventData(inv));
  return { fromPending, fromWithdrawable, feeReturned, eventId };
}

/**
 * A split refund that will not happen gives each party back exactly what it gave: to pending while
 * its share has not settled, else to withdrawable (the settlement did not move what refunds took).
 */
export async function reverseSplitRefund(tx: Tx, refund: Refund): Promise<void> {
  const rows = await tx
    .select({ rp: splitRefundParts, settledAt: splitParts.settledAt, invoiceId: splitParts.invoiceId })
    .from(splitRefundParts)
    .innerJoin(splitParts, eq(splitParts.id, splitRefundParts.partId))
    .where(eq(splitRefundParts.refundId, refund.id))
    .orderBy(asc(splitParts.position))
    .for('update', { of: splitParts });
  const lines: { accountId: string; amount: bigint }[] = [];
  let fee = 0n;
  for (const { rp, settledAt } of rows) {
    const backToPending = settledAt ? 0n : rp.fromPending;
    const toWithdrawable = rp.amount - backToPending;
    await tx
      .update(splitParts)
      .set({
        refunded: sql`${splitParts.refunded} - ${rp.part.toString()}::bigint`,
        feeReturned: sql`${splitParts.feeReturned} - ${rp.feeBack.toString()}::bigint`,
        pendingDebited: sql`${splitParts.pendingDebited} - ${backToPending.toString()}::bigint`,
      })
      .where(eq(splitParts.id, rp.partId));
    if (refund.livemode) {
      if (backToPending > 0n) lines.push({ accountId: await accountFor(tx, 'platform_pending', rp.platformId), amount: backToPending });
      if (toWithdrawable > 0n) lines.push({ accountId: await accountFor(tx, 'platform_withdrawable', rp.platformId), amount: toWithdrawable });
    }
    fee += rp.feeBack;
  }
  if (rows[0]) {
    await tx
      .update(splitInvoices)
      .set({ refundedAmount: sql`${splitInvoices.refundedAmount} - ${refund.amount.toString()}::bigint` })
      .where(eq(splitInvoices.id, rows[0].invoiceId));
  }
  if (refund.livemode) {
    lines.push({ accountId: await accountFor(tx, 'refund_clearing'), amount: -refund.amount });
    if (fee > 0n) lines.push({ accountId: await accountFor(tx, 'fee_income'), amount: fee });
    await post(tx, { kind: 'refund_reversed', reference: refund.id, lines });
  }
}

/** Whether a payment is a split payment's (its refunds are shared among the parties). */
export const isSplitPayment = (p: Pick<Payment, 'source'>) => p.source === 'split';

/** The payment of an invoice, for callers that hold only the invoice. */
export async function paymentOfInvoice(db: Db | Tx, invoice: Pick<SplitInvoice, 'paymentId'>): Promise<Payment | null> {
  if (!invoice.paymentId) return null;
  const [p] = await db.select().from(payments).where(eq(payments.id, invoice.paymentId));
  return p ?? null;
}
