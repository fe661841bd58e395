import { randomBytes } from 'node:crypto';
import { and, desc, eq, gte, inArray, lt, or, sql, type SQL } from 'drizzle-orm';
import { getDb, type Db, type DbOrTx } from '@/db';
import { afterCommit } from '@/db/after-commit';
import {
  merchantServices,
  paymentAttempts,
  payments,
  platforms,
  vposDefinitions,
  vposPayments,
  vposPlatformDefaults,
  vposReversals,
  type Payment,
  type VposDefinition,
  type VposReversal,
} from '@/db/schema';
import { ownedBy, type ApiActor, type MerchantActor, type StaffActor } from '@/lib/actor';
import { audit } from '@/lib/audit';
import { NKOLAY_BANK_MESSAGES, trxDate, turkeyDayNumber } from '@/lib/gateways/nkolay';
import { createPayment, fail, succeed } from '@/lib/payments';
import { err, ok, type Result } from '@/lib/result';
import { isUuid } from '@/lib/validation/ids';
import { normalizeTurkishMobile } from '@/lib/validation/mobile-tr';
import { clientOfDefinition, definitionById, hasVposService } from './definitions';
import type { VposCollectInput } from './schemas';

/**
 * Lira payments of the virtual POS: made at checkout (API → N Kolay's hosted page) or taken by an
 * agent on the online-collection screen, cancelled (same Turkish day, in full) or refunded (later,
 * in full or in part). Recorded, never held: nothing here posts to the ledger.
 */

/** The definition a new payment of this platform uses: the one named (the merchant's, switched on) or the platform's default. */
export async function definitionForPayment(db: DbOrTx, merchantId: string, platformId: string, named?: string | null) {
  const where = named
    ? and(eq(vposDefinitions.id, named), eq(vposDefinitions.userId, merchantId))
    : and(
        eq(vposDefinitions.userId, merchantId),
        eq(
          vposDefinitions.id,
          sql`(select ${vposPlatformDefaults.definitionId} from ${vposPlatformDefaults} where ${vposPlatformDefaults.platformId} = ${platformId})`,
        ),
      );
  const [d] = await db.select().from(vposDefinitions).where(where);
  return d ?? null;
}

/** The platform is the merchant's, of the virtual POS service. */
export async function isVposPlatform(db: DbOrTx, merchantId: string, platformId: string): Promise<boolean> {
  const [row] = await db
    .select({ id: platforms.id })
    .from(platforms)
    .innerJoin(merchantServices, eq(merchantServices.id, platforms.merchantServiceId))
    .where(and(eq(platforms.id, platformId), eq(platforms.userId, merchantId), eq(merchantServices.serviceId, 'vpos')));
  return Boolean(row);
}

export type NewVposPayment = {
  platformId: string;
  definitionId: string;
  channel: 'checkout' | 'agent' | 'manual';
  takenBy?: string | null;
  livemode: boolean;
  amount: bigint;
  orderId?: string;
  callbackUrl?: string | null;
  payerName?: string | null;
  payerPhone?: string | null;
  description?: string | null;
  source: Payment['source'];
  installments?: number;
};

/** A lira payment and its N Kolay side, in one transaction. */
export async function createVposPayment(db: DbOrTx, input: NewVposPayment): Promise<Payment> {
  return db.transaction(async (tx) => {
    const p = await createPayment(tx, {
      platformId: input.platformId,
      source: input.source,
      livemode: input.livemode,
      amount: input.amount,
      orderId: input.orderId,
      callbackUrl: input.callbackUrl ?? null,
      payerName: input.payerName ?? null,
      payerPhone: input.payerPhone ?? null,
      description: input.description ?? null,
      amountLocked: true,
    });
    const [withCurrency] = await tx.update(payments).set({ currency: 'TRY', gateway: 'nkolay' }).where(eq(payments.id, p.id)).returning();
    await tx.insert(vposPayments).values({
      paymentId: p.id,
      definitionId: input.definitionId,
      channel: input.channel,
      takenBy: input.takenBy ?? null,
      installments: input.installments ?? 1,
    });
    return withCurrency;
  });
}

/** What the online-collection screen shows after the call. */
export type CollectOutcome =
  | { step: 'paid'; paymentId: string; trackingCode: string; referenceCode: string }
  | { step: '3d'; paymentId: string; trackingCode: string; html: string }
  | { step: 'declined'; paymentId: string; trackingCode: string; bankCode: string | null; message: string };

/**
 * Takes a card payment for a customer over the phone through N Kolay `Payment`. The card is used
 * for this one call and forgotten: it is not stored, logged or put in an attempt log (the client
 * masks it). 3-D: the bank's page goes back to the screen; its result comes to the callback.
 */
export async function collectByCard(db: Db, actor: MerchantActor, input: VposCollectInput, origin: string): Promise<Result<CollectOutcome>> {
  const made = await newAgentPayment(db, actor, input);
  if (!made.ok) return made;
  const { d, p } = made.data;
  const token = randomBytes(18).toString('base64url');
  const back = `${origin}/pay/callback/nkolay?t=${token}`;
  await db.update(payments).set({ gatewayToken: token, state: 'redirected', updatedAt: new Date() }).where(eq(payments.id, p.id));
  const r = await clientOfDefinition(d).pay({
    clientRefCode: p.trackingCode,
    amount: p.amount,
    successUrl: back,
    failUrl: back,
    card: input.card,
    use3D: d.use3d,
    installments: input.installments,
    description: input.description || undefined,
    customer: { name: input.customerName, email: input.customerEmail || undefined, phone: input.customerPhone?.replace(/^\+?90|^0/, '') || undefined },
  });
  await db.insert(paymentAttempts).values({
    paymentId: p.id,
    action: 'collect',
    outcome: r.kind,
    reason:
      r.kind === 'declined'
        ? `${r.bankCode} ${r.message}`.slice(0, 300)
        : r.kind === 'error'
          ? r.message.slice(0, 300)
          : r.kind === 'unreachable'
            ? r.reason
            : null,
    request: r.log.request as object,
    response: r.log.response as object,
    latencyMs: r.log.latencyMs,
  });
  const [fresh] = await db.select().from(payments).where(eq(payments.id, p.id));
  if (r.kind === 'ok' && r.data.step === 'paid') {
    await db
      .update(vposPayments)
      .set({ referenceCode: r.data.referenceCode, authCode: r.data.authCode, installments: r.data.installments })
      .where(eq(vposPayments.paymentId, p.id));
    await succeed(db, fresh, { ref: r.data.referenceCode, cardMasked: maskOf(input.card.number) });
    return ok({ step: 'paid', paymentId: p.id, trackingCode: p.trackingCode, referenceCode: r.data.referenceCode });
  }
  if (r.kind === 'ok' && r.data.step === '3d') return ok({ step: '3d', paymentId: p.id, trackingCode: p.trackingCode, html: r.data.html });
  if (r.kind === 'declined') {
    await db
      .update(vposPayments)
      .set({ referenceCode: r.referenceCode, bankCode: r.bankCode, bankMessage: r.message.slice(0, 300) })
      .where(eq(vposPayments.paymentId, p.id));
    await fail(db, fresh, `${r.bankCode} ${r.message}`);
    return ok({ step: 'declined', paymentId: p.id, trackingCode: p.trackingCode, bankCode: r.bankCode, message: r.message });
  }
  if (r.kind === 'error') {
    await db
      .update(vposPayments)
      .set({ bankCode: r.code, bankMessage: r.message.slice(0, 300) })
      .where(eq(vposPayments.paymentId, p.id));
    await fail(db, fresh, r.message);
    return ok({ step: 'declined', paymentId: p.id, trackingCode: p.trackingCode, bankCode: r.code, message: r.message });
  }
  // No answer: the janitor asks the payment list, which says whether the card was charged.
  await db.update(payments).set({ state: 'unknown', nextInquiryAt: new Date(), updatedAt: new Date() }).where(eq(payments.id, p.id));
  return err('vposUnreachable');
}

/**
 * The alternative to typing the card (out of PCI DSS scope for the agent): a lira payment whose
 * link the agent sends the customer; it opens N Kolay's own page, as checkout does.
 */
export async function createVposPayLink(
  db: Db,
  actor: MerchantActor,
  input: { definitionId: string; amount: bigint; customerName: string; customerPhone?: string; description?: string },
  origin: string,
): Promise<Result<{ paymentId: string; trackingCode: string; url: string }>> {
  const made = await newAgentPayment(db, actor, input);
  if (!made.ok) return made;
  const { p } = made.data;
  return ok({ paymentId: p.id, trackingCode: p.trackingCode, url: `${origin}/pay/go/${p.id}` });
}

/**
 * What the card form and the pay link share: the merchant's own switched-on definition, within its
 * installments, on the merchant's virtual POS platform (approved for live money), and the payment.
 */
async function newAgentPayment(
  db: Db,
  actor: MerchantActor,
  input: { definitionId: string; amount: bigint; customerName: string; customerPhone?: string; description?: string; installments?: number },
): Promise<Result<{ d: VposDefinition; p: Payment }>> {
  if (!(await hasVposService(db, actor.merchantId))) return err('vposServiceRequired');
  const d = await definitionById(db, input.definitionId);
  if (!d || d.userId !== actor.merchantId) return { ok: false, fieldErrors: { definitionId: 'notFound' } };
  if (!d.enabled) return { ok: false, fieldErrors: { definitionId: 'vposDefinitionOff' } };
  if (input.installments && input.installments > d.maxInstallments) {
    return { ok: false, fieldErrors: { installments: 'vposInstallments' }, params: { max: d.maxInstallments } };
  }
  const platform = await agentPlatformOf(db, actor.merchantId);
  // Live money only once staff have approved the platform; a pending one may try the test POS.
  if (!platform || (d.environment === 'production' && platform.status !== 'approved')) return err('vposPlatformRequired');
  const p = await createVposPayment(db, {
    platformId: platform.id,
    definitionId: d.id,
    channel: 'agent',
    takenBy: actor.userId,
    livemode: d.environment === 'production',
    amount: input.amount,
    source: 'pos',
    payerName: input.customerName,
    payerPhone: (input.customerPhone && normalizeTurkishMobile(input.customerPhone)) || null,
    description: input.description || null,
    installments: input.installments ?? 1,
  });
  return ok({ d, p });
}

const maskOf = (card: string) => `${card.slice(0, 6)}******${card.slice(-4)}`;

/**
 * The platform an agent's payments are recorded on: the merchant's first virtual POS platform
 * (approved before pending). Reports and exports group by platform like any payment.
 */
async function agentPlatformOf(db: DbOrTx, merchantId: string) {
  const [row] = await db
    .select({ id: platforms.id, status: platforms.status })
    .from(platforms)
    .innerJoin(merchantServices, eq(merchantServices.id, platforms.merchantServiceId))
    .where(and(eq(platforms.userId, merchantId), eq(merchantServices.serviceId, 'vpos'), inArray(platforms.status, ['approved', 'pending'])))
    .orderBy(sql`${platforms.status} = 'approved' desc`, platforms.createdAt)
    .limit(1);
  return row ?? null;
}

/** One row of the card-collections list. */
export type CollectionRow = {
  id: string;
  trackingCode: string;
  orderId: string;
  createdAt: Date;
  amount: bigint;
  currency: string;
  refunded: bigint;
  state: Payment['state'];
  installments: number;
  cardMasked: string | null;
  referenceCode: string | null;
  bankCode: string | null;
  bankMessage: string | null;
  channel: 'checkout' | 'agent' | 'manual';
  takenBy: string | null;
  definitionId: string;
  definitionName: string;
  company: string;
  payerName: string | null;
};

export type CollectionFilters = { definitionId?: string; state?: 'succeeded' | 'failed' | 'open' | 'refunded'; from?: Date; to?: Date; q?: string };

export function collectionWhere(actor: MerchantActor | StaffActor, f: CollectionFilters): SQL | undefined {
  return and(
    ownedBy(actor, vposDefinitions.userId),
    f.definitionId && isUuid(f.definitionId) ? eq(vposPayments.definitionId, f.definitionId) : undefined,
    f.state === 'succeeded' ? eq(payments.state, 'succeeded') : undefined,
    f.state === 'failed' ? inArray(payments.state, ['failed', 'canceled']) : undefined,
    f.state === 'open' ? inArray(payments.state, ['created', 'redirected', 'unknown']) : undefined,
    f.state === 'refunded' ? sql`${payments.refundedAmount} > 0` : undefined,
    f.from ? gte(payments.createdAt, f.from) : undefined,
    f.to ? lt(payments.createdAt, f.to) : undefined,
    f.q ? sql`(${payments.trackingCode} = ${f.q} or ${payments.orderId} = ${f.q} or ${vposPayments.referenceCode} = ${f.q})` : undefined,
  );
}

const collectionColumns = {
  id: payments.id,
  trackingCode: payments.trackingCode,
  orderId: payments.orderId,
  createdAt: payments.createdAt,
  amount: payments.amount,
  currency: payments.currency,
  refunded: payments.refundedAmount,
  state: payments.state,
  installments: vposPayments.installments,
  cardMasked: payments.cardMasked,
  referenceCode: vposPayments.referenceCode,
  bankCode: vposPayments.bankCode,
  bankMessage: vposPayments.bankMessage,
  channel: vposPayments.channel,
  takenBy: vposPayments.takenBy,
  definitionId: vposPayments.definitionId,
  definitionName: vposDefinitions.name,
  company: vposDefinitions.company,
  payerName: payments.payerName,
};

/** The card-collections list: every attempt, approved and declined, newest first. */
export async function listCollections(db: DbOrTx, actor: MerchantActor | StaffActor, f: CollectionFilters, limit = 50, offset = 0): Promise<CollectionRow[]> {
  return db
    .select(collectionColumns)
    .from(vposPayments)
    .innerJoin(payments, eq(payments.id, vposPayments.paymentId))
    .innerJoin(vposDefinitions, eq(vposDefinitions.id, vposPayments.definitionId))
    .where(collectionWhere(actor, f))
    .orderBy(desc(payments.createdAt), desc(payments.id))
    .limit(limit)
    .offset(offset);
}

/** Totals of the list by state, in lira only (kuruş): never added to Rials. */
export async function collectionTotals(db: DbOrTx, actor: MerchantActor | StaffActor, f: CollectionFilters) {
  const [row] = await db
    .select({
      count: sql<number>`count(*)::int`,
      approved: sql<string>`coalesce(sum(${payments.amount}) filter (where ${payments.state} = 'succeeded'), 0)::text`,
      approvedCount: sql<number>`(count(*) filter (where ${payments.state} = 'succeeded'))::int`,
      reversed: sql<string>`coalesce(sum(${payments.refundedAmount}), 0)::text`,
      declinedCount: sql<number>`(count(*) filter (where ${payments.state} in ('failed', 'canceled')))::int`,
    })
    .from(vposPayments)
    .innerJoin(payments, eq(payments.id, vposPayments.paymentId))
    .innerJoin(vposDefinitions, eq(vposDefinitions.id, vposPayments.definitionId))
    .where(collectionWhere(actor, f));
  return {
    count: row.count,
    approved: BigInt(row.approved),
    approvedCount: row.approvedCount,
    reversed: BigInt(row.reversed),
    declinedCount: row.declinedCount,
  };
}

/** One lira payment with its N Kolay side and reversals, if it is the actor's. */
export async function getCollection(db: DbOrTx, actor: MerchantActor | StaffActor, id: string) {
  if (!isUuid(id)) return null;
  const [row] = await db
    .select(collectionColumns)
    .from(vposPayments)
    .innerJoin(payments, eq(payments.id, vposPayments.paymentId))
    .innerJoin(vposDefinitions, eq(vposDefinitions.id, vposPayments.definitionId))
    .where(and(eq(payments.id, id), ownedBy(actor, vposDefinitions.userId)));
  if (!row) return null;
  const reversals = await db.select().from(vposReversals).where(eq(vposReversals.paymentId, id)).orderBy(vposReversals.createdAt);
  const attempts = await db
    .select({ at: paymentAttempts.at, action: paymentAttempts.action, outcome: paymentAttempts.outcome, reason: paymentAttempts.reason })
    .from(paymentAttempts)
    .where(eq(paymentAttempts.paymentId, id))
    .orderBy(paymentAttempts.at);
  return { ...row, reversals, attempts, cancellable: cancellable(row) };
}

/** A cancel is N Kolay's same-day, full reversal: the sale's Turkish day, nothing taken back yet. */
export function cancellable(p: { state: Payment['state']; createdAt: Date; refunded: bigint }, now = new Date()): boolean {
  return p.state === 'succeeded' && p.refunded === 0n && turkeyDayNumber(p.createdAt) === turkeyDayNumber(now);
}

export type ReversalOutcome = { id: string; state: 'succeeded' | 'failed' | 'unknown'; bankCode: string | null; message: string | null };

/**
 * A cancel or refund. The amount is reserved on `payments.refunded_amount` by one conditional
 * update before N Kolay is called, so racing requests can never take back more than was paid; a
 * refusal gives it back. Recorded only: nothing posts to the ledger.
 */
export async function reverseVposPayment(
  db: Db,
  actor: MerchantActor | ApiActor,
  input: { paymentId: string; kind: 'cancel' | 'refund'; amount?: bigint; reason?: string | null },
  now = new Date(),
  /** N Kolay's answer when it came after the caller's commit (see below). */
  opts: { sent?: (outcome: ReversalOutcome) => Promise<void> } = {},
): Promise<Result<ReversalOutcome>> {
  if (!isUuid(input.paymentId)) return err('notFound');
  const [row] = await db
    .select({ payment: payments, definitionId: vposPayments.definitionId, referenceCode: vposPayments.referenceCode, userId: vposDefinitions.userId })
    .from(vposPayments)
    .innerJoin(payments, eq(payments.id, vposPayments.paymentId))
    .innerJoin(vposDefinitions, eq(vposDefinitions.id, vposPayments.definitionId))
    .where(and(eq(payments.id, input.paymentId), eq(vposDefinitions.userId, actor.merchantId)));
  if (!row || (actor.kind === 'api' && (row.payment.platformId !== actor.platformId || row.payment.livemode !== actor.livemode))) return err('notFound');
  const p = row.payment;
  if (p.state !== 'succeeded' || !row.referenceCode) return err('vposNotPaid');
  const left = p.amount - p.refundedAmount;
  if (input.kind === 'cancel') {
    if (!cancellable({ state: p.state, createdAt: p.createdAt, refunded: p.refundedAmount }, now)) {
      return err(p.refundedAmount > 0n ? 'vposCancelAfterRefund' : 'vposCancelAfterDay');
    }
  } else if (turkeyDayNumber(p.createdAt) === turkeyDayNumber(now)) {
    return err('vposRefundSameDay');
  }
  const amount = input.kind === 'cancel' ? p.amount : (input.amount ?? left);
  if (amount <= 0n || amount > left) return { ok: false, fieldErrors: { amount: 'vposRefundAboveLeft' }, params: { left: left.toString() } };
  // Reserve: the payment's refunded amount grows only while it stays within the amount.
  const reserved = await db.transaction(async (tx) => {
    const [moved] = await tx
      .update(payments)
      .set({ refundedAmount: sql`${payments.refundedAmount} + ${amount}`, updatedAt: new Date() })
      .where(
        and(
          eq(payments.id, p.id),
          eq(payments.state, 'succeeded'),
          sql`${payments.refundedAmount} + ${amount} <= ${payments.amount}`,
          input.kind === 'cancel' ? eq(payments.refundedAmount, 0n) : undefined,
        ),
      )
      .returning({ id: payments.id });
    if (!moved) return null;
    const [rev] = await tx
      .insert(vposReversals)
      .values({
        paymentId: p.id,
        kind: input.kind,
        amount,
        reason: input.reason?.slice(0, 300) ?? null,
        livemode: p.livemode,
        requestedBy: actor.kind === 'merchant' ? actor.userId : null,
      })
      .returning();
    await audit(tx, actor.kind === 'merchant' ? actor : null, {
      action: `vpos.${input.kind}.requested`,
      objectType: 'payment',
      objectId: p.id,
      merchantId: actor.merchantId,
      after: { amount: amount.toString(), currency: 'TRY', reversal: rev.id },
    });
    return rev;
  });
  if (!reserved) return { ok: false, fieldErrors: { amount: 'vposRefundAboveLeft' }, params: { left: left.toString() } };
  const ctx = { payment: p, definitionId: row.definitionId, referenceCode: row.referenceCode! };
  // Inside a transaction the caller commits (an API call with its Idempotency-Key), N Kolay is asked
  // only once that has committed: asked before, a rollback would forget a reversal the bank made and
  // the retry would make it again. Should the process die in between, the reversal stays reserved
  // and `processing` (no money moved) until the janitor sends it (settleUnknownReversals).
  const deferred = afterCommit(async () => {
    const sent = await claimAndSend(getDb(), reserved, ctx);
    if (sent?.ok) await opts.sent?.(sent.data);
  });
  // Not asked yet, so not known: the reversal row says `processing`.
  if (deferred) return ok({ id: reserved.id, state: 'unknown', bankCode: null, message: null });
  return (await claimAndSend(db, reserved, ctx)) ?? ok({ id: reserved.id, state: 'unknown', bankCode: null, message: null });
}

/**
 * Takes a reserved reversal for sending (processing → unknown, conditional), then sends it; null
 * when the janitor took it first (it sends it). Whoever moves it out of `processing` is the only one
 * who ever asks N Kolay for it: a reversal `unknown` may have been sent, so it is settled from
 * N Kolay's list and never sent again — a send whose answer was lost (the process died after the
 * bank carried it out, or the list lags) cannot be made twice.
 */
async function claimAndSend(db: Db, rev: VposReversal, ctx: SendContext): Promise<Result<ReversalOutcome> | null> {
  const [claimed] = await db
    .update(vposReversals)
    .set({ state: 'unknown' })
    .where(and(eq(vposReversals.id, rev.id), eq(vposReversals.state, 'processing')))
    .returning();
  if (!claimed) return null;
  return sendReversal(db, claimed, ctx);
}

type SendContext = { payment: Payment; definitionId: string; referenceCode: string };

/** A reversal not yet decided: the only states N Kolay's answer may move it from. */
const UNDECIDED: VposReversal['state'][] = ['processing', 'unknown'];

/**
 * Sends a reserved reversal to N Kolay and records its answer. Every move is conditional on the
 * reversal being undecided, so a janitor settling it meanwhile and this answer cannot both free the
 * reserved amount.
 */
async function sendReversal(db: Db, rev: VposReversal, ctx: SendContext): Promise<Result<ReversalOutcome>> {
  const p = ctx.payment;
  const amount = rev.amount;
  const call = { referenceCode: ctx.referenceCode, amount, saleDate: p.createdAt };
  const d = await definitionById(db, ctx.definitionId);
  const client = clientOfDefinition(d!);
  const r = rev.kind === 'cancel' ? await client.cancel(call) : await client.refund({ ...call, partial: amount < p.amount });
  await db.insert(paymentAttempts).values({
    paymentId: p.id,
    action: rev.kind,
    outcome: r.kind,
    reason: r.kind === 'ok' ? null : r.kind === 'unreachable' ? r.reason : r.message.slice(0, 300),
    request: r.log.request as object,
    response: r.log.response as object,
    latencyMs: r.log.latencyMs,
  });
  const undecided = and(eq(vposReversals.id, rev.id), inArray(vposReversals.state, UNDECIDED));
  if (r.kind === 'ok') {
    await db
      .update(vposReversals)
      .set({ state: 'succeeded', referenceCode: r.data.referenceCode, message: r.data.message?.slice(0, 300) ?? null, decidedAt: new Date() })
      .where(undecided);
    return ok({ id: rev.id, state: 'succeeded', bankCode: null, message: r.data.message });
  }
  if (r.kind === 'unreachable') {
    // It may have happened: the amount stays reserved until the payment list says (reconciliation).
    await db
      .update(vposReversals)
      .set({ state: 'unknown', message: r.reason.slice(0, 300) })
      .where(undecided);
    return ok({ id: rev.id, state: 'unknown', bankCode: null, message: r.reason });
  }
  const bankCode = r.kind === 'declined' ? r.bankCode : r.code;
  await db.transaction(async (tx) => {
    const [moved] = await tx
      .update(vposReversals)
      .set({ state: 'failed', bankCode, message: r.message.slice(0, 300), decidedAt: new Date() })
      .where(undecided)
      .returning({ id: vposReversals.id });
    if (moved)
      await tx
        .update(payments)
        .set({ refundedAmount: sql`${payments.refundedAmount} - ${amount}`, updatedAt: new Date() })
        .where(eq(payments.id, p.id));
  });
  return ok({ id: rev.id, state: 'failed', bankCode, message: r.message });
}

/** The bank's message for a decline code, as N Kolay gives it (Turkish), when the answer had none. */
export const bankMessageOf = (code: string | null, given: string | null) => given ?? (code ? (NKOLAY_BANK_MESSAGES[code] ?? null) : null);

/** Our Turkish day of a moment, as N Kolay's list and cancels count days. */
export const saleDayOf = (at: Date) => trxDate(at);

/** A reversal as the API shows it: the refunds resource's shape, in lira, nothing taken from Dargah's balances. */
export function reversalResource(r: VposReversal) {
  return {
    id: r.id,
    payment_id: r.paymentId,
    amount: r.amount.toString(),
    currency: 'TRY' as const,
    fee_returned: '0',
    merchant_debit: '0',
    reason: r.reason ?? '',
    state: r.state === 'succeeded' ? ('succeeded' as const) : r.state === 'failed' ? ('failed' as const) : ('processing' as const),
    method: 'gateway' as const,
    gateway_ref: r.referenceCode,
    failure_reason: r.state === 'failed' ? [r.bankCode, r.message].filter(Boolean).join(' ') || null : null,
    livemode: r.livemode,
    created_at: r.createdAt.toISOString(),
    completed_at: r.decidedAt?.toISOString() ?? null,
  };
}

/** The reversals of a lira payment (the caller has checked it is theirs). */
export async function reversalsOf(db: DbOrTx, paymentId: string): Promise<VposReversal[]> {
  return db.select().from(vposReversals).where(eq(vposReversals.paymentId, paymentId)).orderBy(vposReversals.createdAt);
}

/** One reversal, if its payment is the API key's (platform and mode). */
export async function reversalForApi(db: DbOrTx, actor: ApiActor, id: string): Promise<VposReversal | null> {
  if (!isUuid(id)) return null;
  const [row] = await db
    .select({ r: vposReversals })
    .from(vposReversals)
    .innerJoin(payments, eq(payments.id, vposReversals.paymentId))
    .where(and(eq(vposReversals.id, id), eq(payments.platformId, actor.platformId), eq(payments.livemode, actor.livemode)));
  return row?.r ?? null;
}

/**
 * A reversal still `processing` this long was never claimed for sending (its sender died after the
 * commit, before its claim): the janitor sends it. A claimed one says `unknown`, sent or not.
 */
export const UNSENT_REVERSAL_AFTER_MS = 2 * 60_000;

/**
 * Reversals N Kolay did not answer (`unknown`), settled by the janitor from the payment list: done
 * at the bank → succeeded; not there ten minutes on → failed, and the reserved amount is free again.
 * Each move is conditional on `unknown`, so reconciliation settling the same one is harmless.
 * Reversals left `processing` (the process died between the commit of an API call and its claim
 * for sending, which waits for the commit) keep their amount reserved until sent: the janitor first
 * looks at the payment list, then claims the reversal with the request's own claim (processing →
 * unknown, so exactly one sender, request or janitor) and sends it. A claimed reversal (`unknown`)
 * is never sent again, whatever its age: only the list settles it.
 */
export async function settleUnknownReversals(db: Db, now = new Date()): Promise<{ settled: number }> {
  const due = await db
    .select({ r: vposReversals, p: payments, definitionId: vposPayments.definitionId, referenceCode: vposPayments.referenceCode })
    .from(vposReversals)
    .innerJoin(payments, eq(payments.id, vposReversals.paymentId))
    .innerJoin(vposPayments, eq(vposPayments.paymentId, payments.id))
    .where(
      or(
        // The states as literals, so even a generic plan can use the partial index vpos_reversals_undecided_idx.
        and(sql`${vposReversals.state} = 'unknown'`, lt(vposReversals.createdAt, new Date(now.getTime() - 60_000))),
        and(sql`${vposReversals.state} = 'processing'`, lt(vposReversals.createdAt, new Date(now.getTime() - UNSENT_REVERSAL_AFTER_MS))),
      ),
    )
    .limit(50);
  let settled = 0;
  for (const row of due) {
    try {
      if (row.r.state === 'processing') {
        if (await sendUnsent(db, row, now)) settled++;
      } else if (await settleOne(db, row, now)) settled++;
    } catch (e) {
      // One reversal that cannot be settled (a definition sealed under another key…) does not stop the rest.
      console.error('[vpos] settling reversal', row.r.id, (e as Error).message);
    }
  }
  return { settled };
}

/**
 * Reads N Kolay's list for the reversal's payment: when the bank already carried this reversal out
 * (its reversed total covers the succeeded ones and this), the reversal moves to succeeded,
 * conditional on its state still being `from`. Null when the list cannot be read now.
 */
async function settleFromList(
  db: Db,
  { r, p, definitionId }: { r: VposReversal; p: Payment; definitionId: string },
  now: Date,
  from: 'processing' | 'unknown',
): Promise<{ done: boolean; moved: boolean } | null> {
  const d = await definitionById(db, definitionId);
  if (!d) return null;
  const since = new Date(Math.max(p.createdAt.getTime() - 86_400_000, now.getTime() - 29 * 86_400_000));
  const answer = await clientOfDefinition(d).status(p.trackingCode, { from: since, to: now });
  if (answer.kind !== 'ok') return null;
  const others = await db
    .select({ sum: sql<string>`coalesce(sum(${vposReversals.amount}), 0)::text` })
    .from(vposReversals)
    .where(and(eq(vposReversals.paymentId, p.id), eq(vposReversals.state, 'succeeded')));
  if (answer.data.reversed < BigInt(others[0].sum) + r.amount) return { done: false, moved: false };
  const found = answer.data.rows.find((x) => x.status === 'success' && x.type !== 'sale' && x.amount === r.amount);
  const [moved] = await db
    .update(vposReversals)
    .set({ state: 'succeeded', referenceCode: found?.referenceCode ?? null, decidedAt: now })
    .where(and(eq(vposReversals.id, r.id), eq(vposReversals.state, from)))
    .returning({ id: vposReversals.id });
  return { done: true, moved: Boolean(moved) };
}

async function sendUnsent(db: Db, row: { r: VposReversal; p: Payment; definitionId: string; referenceCode: string | null }, now: Date): Promise<boolean> {
  if (!row.referenceCode) return false;
  // The list cannot be read now: ask again next minute rather than risk sending a reversal twice.
  const listed = await settleFromList(db, row, now, 'processing');
  if (!listed) return false;
  // Already done at the bank: an answer lost, not a send.
  if (listed.done) return listed.moved;
  // Still `processing`, so nobody has sent it: the same claim as the request's own send, so only one sends it.
  const sent = await claimAndSend(db, row.r, { payment: row.p, definitionId: row.definitionId, referenceCode: row.referenceCode });
  return Boolean(sent?.ok && sent.data.state !== 'unknown');
}

async function settleOne(db: Db, row: { r: VposReversal; p: Payment; definitionId: string }, now: Date): Promise<boolean> {
  const { r, p } = row;
  const listed = await settleFromList(db, row, now, 'unknown');
  if (!listed) return false;
  if (listed.done) return listed.moved;
  if (now.getTime() - r.createdAt.getTime() <= 10 * 60_000) return false;
  return db.transaction(async (tx) => {
    const [m] = await tx
      .update(vposReversals)
      .set({ state: 'failed', message: 'Not at N Kolay: never received', decidedAt: now })
      .where(and(eq(vposReversals.id, r.id), eq(vposReversals.state, 'unknown')))
      .returning({ id: vposReversals.id });
    if (m) {
      await tx
        .update(payments)
        .set({ refundedAmount: sql`${payments.refundedAmount} - ${r.amount}`, updatedAt: new Date() })
        .where(eq(payments.id, p.id));
    }
    return Boolean(m);
  });
}
