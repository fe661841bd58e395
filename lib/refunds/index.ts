import { createHash, randomBytes } from 'node:crypto';
import { and, desc, eq, inArray, isNull, lt, or, sql } from 'drizzle-orm';
import { getDb, type Db, type Tx } from '@/db';
import { afterCommit } from '@/db/after-commit';
import {
  bankAccounts,
  disputes,
  paymentAlerts,
  paymentAttempts,
  payments,
  payouts,
  platforms,
  refundAccounts,
  refunds,
  type Payment,
  type Payout,
  type Refund,
} from '@/db/schema';
import { type ApiActor, type MerchantActor, type StaffActor } from '@/lib/actor';
import { assertStaffMay } from '@/lib/staff/permissions';
import { audit } from '@/lib/audit';
import { gatewayById } from '@/lib/gateways';
import type { RefundAnswer } from '@/lib/gateways/types';
import { accountFor, LedgerError, post, transfer } from '@/lib/ledger';
import { formatAmount } from '@/lib/money';
import { afterNotify, notify } from '@/lib/messages';
import { publicBaseUrl } from '@/lib/http/base-url';
import { currentMoneyBackRules } from '@/lib/payouts/money-back-rules';
import { err, fieldErr, ok, type Result } from '@/lib/result';
import { enqueueSms, recordSms } from '@/lib/sms';
import { smsText } from '@/lib/sms/texts';
import { quote, type RefundQuote } from './quote';
import { bankOfSheba, normalizeSheba } from '@/lib/validation/identifiers';
import { isUuid } from '@/lib/validation/ids';
import { isSplitPayment, reverseSplitRefund, takeSplitRefund } from '@/lib/split/ledger';
import { enqueueDeliveries, recordEvent, type WebhookEventType } from '@/lib/webhooks/events';

/**
 * Refunds: money given back to a payer, in full or in part, the one refund model of the product.
 *
 *   created     the merchant's share leaves pending (for a payment not settled yet, up to what
 *               the payment still holds there) then withdrawable, and the fee given back (a staff
 *               setting) leaves fee income, all for `refund_clearing`; refused when they cannot
 *               cover it (the database refuses a negative withdrawable balance)
 *   gateway     the gateway's own refund: done → refund_clearing → gateway_clearing (succeeded);
 *               declined → the payer is asked for an account (below); no answer → the janitor asks
 *   payout      the payer names a sheba from a signed single-use link; a refund payout goes in
 *               the next bank batch (refund_clearing → payout_clearing), paid → succeeded,
 *               returned → the payer is asked again
 *   failed      the merchant withdrew a refund still waiting for the payer's account: the
 *               creation posting is reversed exactly
 *
 * The payment's row is locked while a refund is made, so refunds of one payment queue and never
 * add up to more than it; `payments.refundedAmount` counts every refund not failed.
 */

/** The payer's refund link lives this long; a new one is sent if the payout comes back. */
export const REFUND_LINK_TTL_MS = 14 * 24 * 3600_000;
/** Gateway refunds left without an answer are asked about this often, then flagged to staff. */
const INQUIRY_DELAYS_MIN = [1, 2, 5, 10, 30, 60, 120, 240];

export { feeBack, quote, type RefundQuote } from './quote';

export type RefundActor = MerchantActor | ApiActor;

export type After = { sms: string[]; notes: { smsId: string | null }[]; events: (string | null)[] };
export const none = (): After => ({ sms: [], notes: [], events: [] });

async function done(after: After | undefined) {
  if (!after) return;
  await enqueueDeliveries(after.events);
  await afterNotify(after.notes);
  for (const id of after.sms) await enqueueSms(id);
}

const hashToken = (token: string) => createHash('sha256').update(token).digest('hex');

/** A refund as the API and webhooks show it: snake_case, amounts as strings of the minor unit. */
export function refundResource(r: Refund) {
  return {
    id: r.id,
    payment_id: r.paymentId,
    amount: r.amount.toString(),
    currency: r.currency,
    fee_returned: r.feeReturned.toString(),
    merchant_debit: (r.amount - r.feeReturned).toString(),
    reason: r.reason,
    state: r.state,
    method: r.method,
    gateway_ref: r.gatewayRef,
    failure_reason: r.failureReason,
    livemode: r.livemode,
    created_at: r.createdAt.toISOString(),
    completed_at: r.completedAt?.toISOString() ?? null,
  };
}

async function event(tx: Tx, r: Refund, type: WebhookEventType, after: After) {
  after.events.push(await recordEvent(tx, r.platformId, type, refundResource(r)));
}

/** The actor's own payment (an API key: its platform's, in its key's mode). */
async function ownPayment(db: Db | Tx, actor: RefundActor, paymentId: string, lock = false): Promise<Payment | null> {
  if (!isUuid(paymentId)) return null;
  const q = db
    .select({ payment: payments })
    .from(payments)
    .innerJoin(platforms, eq(platforms.id, payments.platformId))
    .where(
      and(eq(payments.id, paymentId), eq(platforms.userId, actor.merchantId), actor.kind === 'api' ? eq(payments.platformId, actor.platformId) : undefined),
    );
  const [row] = lock ? await q.for('update', { of: payments }) : await q;
  if (!row) return null;
  if (actor.kind === 'api' && actor.livemode !== row.payment.livemode) return null;
  return row.payment;
}

/** What the merchant sees before confirming: the fee policy in force and where the money comes from. */
export async function refundQuote(
  db: Db,
  actor: RefundActor,
  input: { paymentId: string; amount: bigint },
  opts: { returnsFee?: boolean } = {},
): Promise<Result<RefundQuote>> {
  const p = await ownPayment(db, actor, input.paymentId);
  if (!p) return err('notFound');
  if (p.state !== 'succeeded') return err('notRefundable');
  return ok(quote(p, input.amount, opts.returnsFee ?? (await currentMoneyBackRules(db)).refundReturnsFee));
}

/**
 * A refund of a succeeded payment. Refused above what is left to refund (concurrent requests
 * queue on the payment's row), and when the balances cannot cover the merchant's share.
 */
export async function createRefund(
  db: Db,
  actor: RefundActor,
  input: { paymentId: string; amount: bigint; reason: string },
  opts: {
    /** Tests name the fee policy instead of changing the one staff setting other tests read at the same time. */
    returnsFee?: boolean;
    /** The bank's answer when it came after the caller's commit (see below). */
    processed?: (r: { refund: Refund; payerLink: string | null }) => void;
  } = {},
): Promise<Result<{ refund: Refund; payerLink: string | null }>> {
  if (input.amount <= 0n) return fieldErr({ amount: 'amountNotPositive' });
  const returnsFee = opts.returnsFee ?? (await currentMoneyBackRules(db)).refundReturnsFee;
  let after: After | undefined;
  let payerLink: string | null = null;
  try {
    const r = await db.transaction(async (tx): Promise<Result<{ refund: Refund; payerLink: string | null }>> => {
      const p = await ownPayment(tx, actor, input.paymentId, true);
      if (!p) return err('notFound');
      if (p.state !== 'succeeded') return err('notRefundable');
      // A top-up's buyer is refunded by the charge gateway itself when delivery fails, never by hand.
      if (p.source === 'topup') return err('notRefundable');
      // Lira is refunded by N Kolay itself (lib/vpos reverseVposPayment), never from Rial balances.
      if (p.currency !== 'IRR') return err('notRefundable');
      // The bank is deciding this payment's complaint: its decision gives the money back, not a refund.
      const [open] = await tx
        .select({ id: disputes.id })
        .from(disputes)
        .where(and(eq(disputes.paymentId, p.id), inArray(disputes.state, ['open', 'answered'])));
      if (open) return err('disputeOpen');
      const q = quote(p, input.amount, returnsFee);
      if (input.amount > q.remaining) return fieldErr({ amount: 'refundAboveRemaining' }, { remaining: q.remaining.toString() });
      const gateway = p.gateway ? await gatewayById(tx, p.gateway) : null;
      const byGateway = Boolean(gateway?.refund && p.gatewayToken);
      const token = byGateway ? null : randomBytes(24).toString('base64url');
      let [refund] = await tx
        .insert(refunds)
        .values({
          paymentId: p.id,
          platformId: p.platformId,
          merchantId: actor.merchantId,
          livemode: p.livemode,
          amount: input.amount,
          currency: p.currency,
          fromPending: p.livemode ? q.fromPending : 0n,
          fromWithdrawable: p.livemode ? q.fromWithdrawable : 0n,
          feeReturned: p.livemode ? q.feeReturned : 0n,
          reason: input.reason,
          state: byGateway ? 'processing' : 'awaiting_account',
          method: byGateway ? 'gateway' : 'payout',
          accountTokenHash: token ? hashToken(token) : null,
          accountTokenExpiresAt: token ? new Date(Date.now() + REFUND_LINK_TTL_MS) : null,
          requestedBy: actor.kind === 'merchant' ? actor.userId : null,
        })
        .returning();
      await tx
        .update(payments)
        .set({
          refundedAmount: sql`${payments.refundedAmount} + ${input.amount.toString()}::bigint`,
          pendingDebited: sql`${payments.pendingDebited} + ${refund.fromPending.toString()}::bigint`,
          updatedAt: new Date(),
        })
        .where(eq(payments.id, p.id));
      let splitEvent: string | null = null;
      if (isSplitPayment(p)) {
        // A split payment's refund is taken back from every party pro rata, each from its own balances.
        const { eventId, ...taken } = await takeSplitRefund(tx, { refund, payment: p, feeReturned: refund.feeReturned });
        [refund] = await tx.update(refunds).set(taken).where(eq(refunds.id, refund.id)).returning();
        splitEvent = eventId;
      } else if (p.livemode) await postRefundCreated(tx, refund);
      await audit(tx, actor, {
        action: 'create',
        objectType: 'refund',
        objectId: refund.id,
        after: { paymentId: p.id, amount: refund.amount, feeReturned: refund.feeReturned, method: refund.method },
      });
      after = none();
      after.events.push(splitEvent);
      await event(tx, refund, 'refund.created', after);
      if (token) {
        payerLink = `/pay/refund/${token}`;
        await askPayer(tx, refund, p, token, after);
      }
      return ok({ refund, payerLink });
    });
    await done(after);
    if (r.ok && r.data.refund.method === 'gateway') {
      const id = r.data.refund.id;
      // Inside a transaction the caller commits (an API call with its Idempotency-Key), the bank is
      // asked only once that has committed: asked before, a rollback would forget a refund the bank
      // made, and the retry would make it again. Should the process die in between, the janitor
      // sends it (a refund never asked about has no next inquiry; the bank's refund is idempotent on our id).
      const deferred = afterCommit(async () => {
        const processed = await processGatewayRefund(getDb(), id);
        if (processed) opts.processed?.(processed);
      });
      if (deferred) return r;
      const processed = await processGatewayRefund(db, id);
      if (processed) return ok({ refund: processed.refund, payerLink: processed.payerLink });
    }
    return r;
  } catch (e) {
    if (e instanceof LedgerError && e.code === 'insufficientFunds') return fieldErr({ amount: 'refundInsufficientBalance' });
    throw e;
  }
}

/** The merchant's share (and the fee given back) → refund_clearing, in one balanced posting. */
async function postRefundCreated(tx: Tx, r: Refund) {
  const lines: { accountId: string; amount: bigint }[] = [{ accountId: await accountFor(tx, 'refund_clearing'), amount: r.amount }];
  if (r.fromPending > 0n) lines.push({ accountId: await accountFor(tx, 'platform_pending', r.platformId), amount: -r.fromPending });
  if (r.fromWithdrawable > 0n) lines.push({ accountId: await accountFor(tx, 'platform_withdrawable', r.platformId), amount: -r.fromWithdrawable });
  if (r.feeReturned > 0n) lines.push({ accountId: await accountFor(tx, 'fee_income'), amount: -r.feeReturned });
  await post(tx, { kind: 'refund_created', reference: r.id, lines });
}

/** Texts the payer the single-use link to name an account (when the payment has a mobile). */
async function askPayer(tx: Tx, r: Refund, p: Payment, token: string, after: After) {
  if (!p.payerMobile) return;
  const [platform] = await tx.select({ name: platforms.name }).from(platforms).where(eq(platforms.id, p.platformId));
  const body = smsText('refundAccountLink', {
    amount: formatAmount(r.amount, 'fa', 'toman'),
    name: platform?.name ?? '',
    code: `${publicBaseUrl()}/pay/refund/${token}`,
  });
  after.sms.push(await recordSms(tx, { mobile: p.payerMobile, body }));
}

/** A new single-use link for a refund waiting for the payer (sent again, or after a returned payout). */
async function newLink(tx: Tx, r: Refund, after: After): Promise<string> {
  const token = randomBytes(24).toString('base64url');
  await tx
    .update(refunds)
    .set({ accountTokenHash: hashToken(token), accountTokenExpiresAt: new Date(Date.now() + REFUND_LINK_TTL_MS) })
    .where(eq(refunds.id, r.id));
  const [p] = await tx.select().from(payments).where(eq(payments.id, r.paymentId));
  await askPayer(tx, r, p, token, after);
  return `/pay/refund/${token}`;
}

/** Money leaving refund_clearing on its way back to the payer: to the card by the gateway, or into a refund payout. */
function outOfClearing(tx: Tx, kind: string, reference: string, to: 'gateway_clearing' | 'payout_clearing', amount: bigint) {
  return transfer(tx, { kind, reference, from: { kind: 'refund_clearing' }, to: { kind: to }, amount });
}

/** One conditional move of a refund, only from the state it leaves: the move, or nothing if another got there first. */
async function moveRefund(tx: Tx, id: string, from: Refund['state'], set: Partial<Refund>): Promise<Refund | undefined> {
  const [moved] = await tx
    .update(refunds)
    .set(set)
    .where(and(eq(refunds.id, id), eq(refunds.state, from)))
    .returning();
  return moved;
}

/** The actor's own refund by id (an API key: its platform's only). */
function ownRefund(actor: RefundActor, refundId: string) {
  return and(eq(refunds.id, refundId), eq(refunds.merchantId, actor.merchantId), actor.kind === 'api' ? eq(refunds.platformId, actor.platformId) : undefined);
}

/**
 * The merchant sends the payer a fresh link (the old one stops working), and sees it too — except
 * for a lost dispute's refund, whose link only the payer's mobile gets (null here).
 */
export async function resendRefundLink(db: Db, actor: RefundActor, input: { refundId: string }): Promise<Result<{ payerLink: string | null }>> {
  if (!isUuid(input.refundId)) return err('notFound');
  let after: After | undefined;
  const r = await db.transaction(async (tx): Promise<Result<{ payerLink: string | null }>> => {
    const [row] = await tx.select().from(refunds).where(ownRefund(actor, input.refundId)).for('update');
    if (!row) return err('notFound');
    if (row.state !== 'awaiting_account') return err('notAwaitingAccount');
    // A lost dispute's refund is the bank's decision for the payer: its link goes to the payer's
    // mobile only. Handed to the merchant, it would let them name the account (their own) the
    // payer's money goes to.
    if (row.disputeId) {
      const [p] = await tx.select({ mobile: payments.payerMobile }).from(payments).where(eq(payments.id, row.paymentId));
      if (!p?.mobile) return err('disputeRefund');
    }
    after = none();
    const payerLink = await newLink(tx, row, after);
    return ok({ payerLink: row.disputeId ? null : payerLink });
  });
  await done(after);
  return r;
}

/**
 * Staff give the payer of a lost dispute's refund a new link by hand (a payer with no mobile on
 * file, or one who lost the text): staff may see it; the merchant never does.
 */
export async function staffRefundLink(db: Db, staff: StaffActor, input: { refundId: string }): Promise<Result<{ payerLink: string }>> {
  assertStaffMay(staff, 'disputes');
  if (!isUuid(input.refundId)) return err('notFound');
  let after: After | undefined;
  const r = await db.transaction(async (tx): Promise<Result<{ payerLink: string }>> => {
    const [row] = await tx.select().from(refunds).where(eq(refunds.id, input.refundId)).for('update');
    if (!row) return err('notFound');
    if (row.state !== 'awaiting_account') return err('notAwaitingAccount');
    after = none();
    const payerLink = await newLink(tx, row, after);
    await audit(tx, staff, { action: 'payer_link', objectType: 'refund', objectId: row.id, merchantId: row.merchantId });
    return ok({ payerLink });
  });
  await done(after);
  return r;
}

/**
 * A lost dispute gives the held amount back to the payer: a refund paid from the hold (held →
 * refund_clearing), by a refund payout to an account the payer names. Runs in the decision's
 * transaction, with the payment's row locked by the caller.
 */
export async function createDisputeRefund(
  tx: Tx,
  input: { disputeId: string; merchantId: string; payment: Payment; amount: bigint; reason: string; staffId: string },
  after: After,
): Promise<Refund> {
  const p = input.payment;
  const token = randomBytes(24).toString('base64url');
  const [refund] = await tx
    .insert(refunds)
    .values({
      paymentId: p.id,
      platformId: p.platformId,
      merchantId: input.merchantId,
      livemode: p.livemode,
      amount: input.amount,
      currency: p.currency,
      disputeId: input.disputeId,
      fromHeld: input.amount,
      reason: input.reason.slice(0, 300),
      state: 'awaiting_account',
      method: 'payout',
      accountTokenHash: hashToken(token),
      accountTokenExpiresAt: new Date(Date.now() + REFUND_LINK_TTL_MS),
      requestedBy: input.staffId,
    })
    .returning();
  await tx
    .update(payments)
    .set({ refundedAmount: sql`${payments.refundedAmount} + ${input.amount.toString()}::bigint`, updatedAt: new Date() })
    .where(eq(payments.id, p.id));
  await transfer(tx, {
    kind: 'refund_created',
    reference: refund.id,
    from: { kind: 'platform_held', platformId: p.platformId },
    to: { kind: 'refund_clearing' },
    amount: input.amount,
  });
  await event(tx, refund, 'refund.created', after);
  await askPayer(tx, refund, p, token, after);
  return refund;
}

/**
 * A top-up the provider could not deliver gives the buyer's money back: a refund paid from the
 * money held for it (topup_clearing → refund_clearing), by the gateway's own refund where it has
 * one, else by a refund payout to an account the buyer names. Runs in the failure's transaction;
 * the caller runs `processGatewayRefund` once it has committed.
 */
export async function createTopupRefund(
  tx: Tx,
  input: { payment: Payment; merchantId: string; reason: string; byGateway: boolean },
  after: After,
): Promise<Refund> {
  const p = input.payment;
  const token = input.byGateway ? null : randomBytes(24).toString('base64url');
  const [refund] = await tx
    .insert(refunds)
    .values({
      paymentId: p.id,
      platformId: p.platformId,
      merchantId: input.merchantId,
      livemode: p.livemode,
      amount: p.amount,
      currency: p.currency,
      fromTopup: p.livemode ? p.amount : 0n,
      reason: input.reason.slice(0, 300),
      state: input.byGateway ? 'processing' : 'awaiting_account',
      method: input.byGateway ? 'gateway' : 'payout',
      accountTokenHash: token ? hashToken(token) : null,
      accountTokenExpiresAt: token ? new Date(Date.now() + REFUND_LINK_TTL_MS) : null,
    })
    .returning();
  await tx
    .update(payments)
    .set({ refundedAmount: sql`${payments.refundedAmount} + ${p.amount.toString()}::bigint`, updatedAt: new Date() })
    .where(eq(payments.id, p.id));
  if (p.livemode) {
    await transfer(tx, { kind: 'refund_created', reference: refund.id, from: { kind: 'topup_clearing' }, to: { kind: 'refund_clearing' }, amount: p.amount });
  }
  await audit(tx, null, {
    action: 'create',
    objectType: 'refund',
    objectId: refund.id,
    merchantId: refund.merchantId,
    after: { state: refund.state, method: refund.method, amount: refund.amount, currency: refund.currency, reason: refund.reason },
  });
  await event(tx, refund, 'refund.created', after);
  if (token) await askPayer(tx, refund, p, token, after);
  return refund;
}

/** Finishes what a refund made inside another transaction left to do once it committed. */
export async function afterRefundCommitted(db: Db, refund: Refund, after: After): Promise<void> {
  await done(after);
  if (refund.method === 'gateway' && refund.state === 'processing') await processGatewayRefund(db, refund.id);
}

// ---------------------------------------------------------------- the gateway's refund

/**
 * Asks the gateway to refund, claiming the refund for a minute so that the creating request and
 * the janitor never ask at once. Returns the refund as it stands, or null if another process has it.
 */
export async function processGatewayRefund(
  db: Db,
  refundId: string,
  mode: 'refund' | 'inquire' = 'refund',
  now = new Date(),
): Promise<{ refund: Refund; payerLink: string | null } | null> {
  const [claimed] = await db
    .update(refunds)
    .set({ nextInquiryAt: new Date(now.getTime() + 60_000) })
    .where(
      and(
        eq(refunds.id, refundId),
        eq(refunds.state, 'processing'),
        eq(refunds.method, 'gateway'),
        or(isNull(refunds.nextInquiryAt), lt(refunds.nextInquiryAt, now)),
      ),
    )
    .returning();
  if (!claimed) return null;
  const [p] = await db.select().from(payments).where(eq(payments.id, claimed.paymentId));
  const gateway = p.gateway ? await gatewayById(db, p.gateway) : null;
  const input = { refundId: claimed.id, token: p.gatewayToken ?? '', paymentRef: p.gatewayRef, amount: claimed.amount };
  const call = mode === 'refund' ? gateway?.refund : gateway?.inquireRefund;
  let answer: RefundAnswer & { log?: { request: unknown; response: unknown; latencyMs: number } };
  try {
    answer = call ? await call.call(gateway, input) : { status: 'unknown', reason: 'The gateway is not configured' };
  } catch (e) {
    answer = { status: 'unknown', reason: (e as Error).message.slice(0, 200) };
  }
  if (answer.log) {
    await db.insert(paymentAttempts).values({
      paymentId: p.id,
      action: mode === 'refund' ? 'refund' : 'refund_inquiry',
      request: answer.log.request,
      response: answer.log.response,
      outcome: answer.status,
      reason: answer.status === 'done' ? null : answer.reason.slice(0, 300),
      latencyMs: answer.log.latencyMs,
    });
  }
  let after: After | undefined;
  let payerLink: string | null = null;
  const refund = await db.transaction(async (tx) => {
    after = none();
    if (answer.status === 'done') {
      const moved = await moveRefund(tx, claimed.id, 'processing', {
        state: 'succeeded',
        gatewayRef: answer.ref,
        completedAt: new Date(),
        nextInquiryAt: null,
      });
      if (!moved) return null;
      if (moved.livemode) {
        await outOfClearing(tx, 'refund_gateway', moved.id, 'gateway_clearing', moved.amount);
      }
      await audit(tx, null, {
        action: 'succeed',
        objectType: 'refund',
        objectId: moved.id,
        merchantId: moved.merchantId,
        before: { state: 'processing' },
        after: { state: 'succeeded', gatewayRef: moved.gatewayRef },
      });
      await succeeded(tx, moved, p, after);
      return moved;
    }
    if (answer.status === 'declined') {
      // The bank will not take it back to the card: the payer names an account instead. A
      // test-mode refund has no money to send, so it simply fails (and gives its amount back).
      if (!claimed.livemode) {
        const failed = await fail(tx, claimed, answer.reason, after, 'processing');
        if (failed)
          await audit(tx, null, {
            action: 'fail',
            objectType: 'refund',
            objectId: failed.id,
            merchantId: failed.merchantId,
            before: { state: 'processing' },
            after: { state: failed.state, reason: failed.failureReason },
          });
        return failed;
      }
      const moved = await moveRefund(tx, claimed.id, 'processing', {
        state: 'awaiting_account',
        method: 'payout',
        failureReason: answer.reason.slice(0, 300),
        nextInquiryAt: null,
      });
      if (!moved) return null;
      await audit(tx, null, {
        action: 'decline',
        objectType: 'refund',
        objectId: moved.id,
        merchantId: moved.merchantId,
        before: { state: 'processing' },
        after: { state: moved.state, method: 'payout', reason: moved.failureReason },
      });
      payerLink = await newLink(tx, moved, after);
      return moved;
    }
    const inquiries = claimed.inquiries + 1;
    if (inquiries > INQUIRY_DELAYS_MIN.length) {
      await tx
        .insert(paymentAlerts)
        .values({ paymentId: p.id, kind: 'refund_unknown', message: `Refund ${claimed.id}: the gateway gave no answer after ${inquiries} tries` });
    }
    const delay = INQUIRY_DELAYS_MIN[Math.min(inquiries, INQUIRY_DELAYS_MIN.length) - 1];
    const [kept] = await tx
      .update(refunds)
      .set({ inquiries, nextInquiryAt: new Date(now.getTime() + delay * 60_000) })
      .where(eq(refunds.id, claimed.id))
      .returning();
    return kept;
  });
  await done(after);
  return refund ? { refund, payerLink } : null;
}

/**
 * The janitor's part: gateway refunds without an answer whose time has come. One never claimed
 * (no next inquiry set: the creating request stopped before asking) was never sent, so it is sent
 * now — the bank's refund is idempotent on our id — rather than asked about: an inquiry would hear
 * "no such refund" and send the payer for an account the bank did not refuse.
 */
export async function runRefundJanitor(db: Db, now = new Date()): Promise<{ inquired: number }> {
  const due = await db
    .select({ id: refunds.id, asked: refunds.nextInquiryAt })
    .from(refunds)
    .where(and(eq(refunds.state, 'processing'), eq(refunds.method, 'gateway'), or(isNull(refunds.nextInquiryAt), lt(refunds.nextInquiryAt, now))))
    .limit(100);
  for (const { id, asked } of due) await processGatewayRefund(db, id, asked ? 'inquire' : 'refund', now);
  return { inquired: due.length };
}

async function succeeded(tx: Tx, r: Refund, p: Payment, after: After) {
  await event(tx, r, 'refund.succeeded', after);
  after.notes.push(
    await notify(tx, {
      userId: r.merchantId,
      category: 'settlement',
      template: 'refundSucceeded',
      params: { rials: r.amount.toString(), code: p.trackingCode },
      link: `/payments/${p.id}`,
    }),
  );
  if (p.payerMobile) {
    const [platform] = await tx.select({ name: platforms.name }).from(platforms).where(eq(platforms.id, p.platformId));
    after.sms.push(
      await recordSms(tx, {
        mobile: p.payerMobile,
        body: smsText('refundSucceeded', { amount: formatAmount(r.amount, 'fa', 'toman'), name: platform?.name ?? '', code: p.trackingCode }),
      }),
    );
  }
}

/** A refund that will not happen: its creation posting is reversed exactly, its amount refundable again. */
async function fail(tx: Tx, r: Refund, reason: string, after: After, from: Refund['state']): Promise<Refund | null> {
  const moved = await moveRefund(tx, r.id, from, {
    state: 'failed',
    failureReason: reason.slice(0, 300),
    completedAt: new Date(),
    nextInquiryAt: null,
    accountTokenHash: null,
  });
  if (!moved) return null;
  const [p] = await tx.select().from(payments).where(eq(payments.id, r.paymentId)).for('update');
  // Settled since: what came from pending was never moved by the settlement, so it goes to withdrawable.
  const backToPending = p.settledAt ? 0n : moved.fromPending;
  await tx
    .update(payments)
    .set({
      refundedAmount: sql`${payments.refundedAmount} - ${moved.amount.toString()}::bigint`,
      pendingDebited: sql`${payments.pendingDebited} - ${backToPending.toString()}::bigint`,
      updatedAt: new Date(),
    })
    .where(eq(payments.id, p.id));
  if (isSplitPayment(p)) await reverseSplitRefund(tx, moved);
  else if (moved.livemode) {
    const toWithdrawable = moved.fromWithdrawable + (moved.fromPending - backToPending);
    const lines: { accountId: string; amount: bigint }[] = [{ accountId: await accountFor(tx, 'refund_clearing'), amount: -moved.amount }];
    if (backToPending > 0n) lines.push({ accountId: await accountFor(tx, 'platform_pending', moved.platformId), amount: backToPending });
    if (toWithdrawable > 0n) lines.push({ accountId: await accountFor(tx, 'platform_withdrawable', moved.platformId), amount: toWithdrawable });
    if (moved.feeReturned > 0n) lines.push({ accountId: await accountFor(tx, 'fee_income'), amount: moved.feeReturned });
    if (moved.fromHeld > 0n) lines.push({ accountId: await accountFor(tx, 'platform_held', moved.platformId), amount: moved.fromHeld });
    if (moved.fromTopup > 0n) lines.push({ accountId: await accountFor(tx, 'topup_clearing'), amount: moved.fromTopup });
    await post(tx, { kind: 'refund_reversed', reference: moved.id, lines });
  }
  await event(tx, moved, 'refund.failed', after);
  return moved;
}

/** The merchant withdraws a refund the payer has not yet named an account for. */
export async function cancelRefund(db: Db, actor: RefundActor, input: { refundId: string }): Promise<Result<Refund>> {
  if (!isUuid(input.refundId)) return err('notFound');
  let after: After | undefined;
  const r = await db.transaction(async (tx): Promise<Result<Refund>> => {
    const [row] = await tx.select().from(refunds).where(ownRefund(actor, input.refundId));
    if (!row) return err('notFound');
    // A lost dispute's refund is the bank's decision, a failed top-up's is the buyer's due: the merchant cannot take either back.
    if (row.disputeId) return err('disputeRefund');
    if (row.fromTopup > 0n) return err('topupRefund');
    after = none();
    const moved = await fail(tx, row, 'Canceled by the merchant', after, 'awaiting_account');
    if (!moved) return err('notAwaitingAccount');
    await audit(tx, actor, { action: 'cancel', objectType: 'refund', objectId: row.id, before: { state: row.state }, after: { state: 'failed' } });
    return ok(moved);
  });
  await done(after);
  return r;
}

// ---------------------------------------------------------------- the payer's account

export type RefundLinkView = { amount: bigint; currency: Refund['currency']; platformName: string; trackingCode: string; payerName: string | null };

/** What the payer's link page shows; null for a link that is unknown, used or expired. */
export async function refundLinkView(db: Db, token: string): Promise<RefundLinkView | null> {
  if (!/^[A-Za-z0-9_-]{32}$/.test(token)) return null;
  const [row] = await db
    .select({ refund: refunds, platformName: platforms.name, trackingCode: payments.trackingCode, payerName: payments.payerName })
    .from(refunds)
    .innerJoin(payments, eq(payments.id, refunds.paymentId))
    .innerJoin(platforms, eq(platforms.id, refunds.platformId))
    .where(and(eq(refunds.accountTokenHash, hashToken(token)), eq(refunds.state, 'awaiting_account'), sql`${refunds.accountTokenExpiresAt} > now()`));
  if (!row) return null;
  return { amount: row.refund.amount, currency: row.refund.currency, platformName: row.platformName, trackingCode: row.trackingCode, payerName: row.payerName };
}

/**
 * The payer names the account: once per link. The refund payout needs no staff approval (the
 * payer is not a merchant whose holder name staff check); it waits for the next bank batch.
 */
export async function submitRefundAccount(db: Db, input: { token: string; sheba: string; holderName: string }): Promise<Result<{ payoutId: string }>> {
  const sheba = normalizeSheba(input.sheba);
  if (!sheba) return fieldErr({ sheba: 'shebaInvalid' });
  if (!/^[A-Za-z0-9_-]{32}$/.test(input.token)) return err('refundLinkInvalid');
  let after: After | undefined;
  const r = await db.transaction(async (tx): Promise<Result<{ payoutId: string }>> => {
    // The money goes back to the payer: not to an account the merchant itself has on file.
    const [own] = await tx
      .select({ id: bankAccounts.id })
      .from(refunds)
      .innerJoin(bankAccounts, and(eq(bankAccounts.merchantId, refunds.merchantId), eq(bankAccounts.sheba, sheba)))
      .where(eq(refunds.accountTokenHash, hashToken(input.token)));
    if (own) return fieldErr({ sheba: 'shebaIsMerchants' });
    const [refund] = await tx
      .update(refunds)
      .set({ state: 'processing', accountTokenHash: null, accountTokenExpiresAt: null })
      .where(and(eq(refunds.accountTokenHash, hashToken(input.token)), eq(refunds.state, 'awaiting_account'), sql`${refunds.accountTokenExpiresAt} > now()`))
      .returning();
    if (!refund) return err('refundLinkInvalid');
    const [account] = await tx
      .insert(refundAccounts)
      .values({ refundId: refund.id, sheba, bankCode: bankOfSheba(sheba)?.code ?? null, holderName: input.holderName })
      .returning();
    const [payout] = await tx
      .insert(payouts)
      .values({
        merchantId: refund.merchantId,
        platformId: refund.platformId,
        destination: 'refund_account',
        refundId: refund.id,
        refundAccountId: account.id,
        amount: refund.amount,
        fee: 0n,
        currency: refund.currency,
        state: 'approved',
        description: refund.reason.slice(0, 200),
        decidedAt: new Date(),
      })
      .returning();
    await outOfClearing(tx, 'refund_payout', payout.id, 'payout_clearing', payout.amount);
    await audit(tx, null, {
      action: 'name_account',
      objectType: 'refund',
      objectId: refund.id,
      merchantId: refund.merchantId,
      after: { sheba, payoutId: payout.id },
    });
    after = none();
    return ok({ payoutId: payout.id });
  });
  await done(after);
  return r;
}

// ---------------------------------------------------------------- hooks of the payouts rail

/**
 * A refund payout was paid: the refund succeeded. Called by the payouts rail inside the payout's
 * transaction (its `payout_paid` posting has moved payout_clearing → payouts_out).
 */
export async function onRefundPayoutPaid(tx: Tx, payout: Payout): Promise<After> {
  const after = none();
  const moved = await moveRefund(tx, payout.refundId!, 'processing', { state: 'succeeded', completedAt: new Date() });
  if (!moved) return after;
  const [p] = await tx.select().from(payments).where(eq(payments.id, moved.paymentId));
  await succeeded(tx, moved, p, after);
  return after;
}

/**
 * A refund payout came back (or was stopped): its money returns to refund_clearing, not to the
 * merchant, and the payer is asked for another account with a new link.
 */
export async function onRefundPayoutReversed(tx: Tx, payout: Payout): Promise<After> {
  const after = none();
  await transfer(tx, {
    kind: 'refund_payout_reversed',
    reference: payout.id,
    from: { kind: 'payout_clearing' },
    to: { kind: 'refund_clearing' },
    amount: payout.amount,
  });
  const moved = await moveRefund(tx, payout.refundId!, 'processing', { state: 'awaiting_account', failureReason: payout.reason });
  if (moved) await newLink(tx, moved, after);
  return after;
}

export { done as afterRefund };

// ---------------------------------------------------------------- reads

/** The refunds of one of the actor's payments, newest first. */
export async function listRefundsOfPayment(db: Db, actor: RefundActor | { kind: 'staff' }, paymentId: string): Promise<Refund[]> {
  if (!isUuid(paymentId)) return [];
  return db
    .select()
    .from(refunds)
    .where(and(eq(refunds.paymentId, paymentId), actor.kind === 'staff' ? undefined : eq(refunds.merchantId, actor.merchantId)))
    .orderBy(desc(refunds.createdAt));
}

/** One of the actor's refunds (an API key: its platform's). */
export async function getRefund(db: Db, actor: RefundActor, refundId: string): Promise<Refund | null> {
  if (!isUuid(refundId)) return null;
  const [row] = await db.select().from(refunds).where(ownRefund(actor, refundId));
  return row ?? null;
}
