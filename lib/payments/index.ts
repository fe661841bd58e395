import { and, eq, inArray, isNotNull, isNull, lt, or, sql } from 'drizzle-orm';
import type { Db, DbOrTx, Tx } from '@/db';
import { violates } from '@/db/errors';
import { oneOffLinks, paymentAlerts, paymentAttempts, payments, platforms, type Payment } from '@/db/schema';
import { gatewayById, type GatewayId } from '@/lib/gateways';
import { maskCard, type BankAnswer, type CallLog } from '@/lib/gateways/types';
import { computeFee, postPaymentSucceeded, postTopupPaid } from '@/lib/ledger';
import { formatAmount } from '@/lib/money';
import { enqueueSms, recordPayerSms } from '@/lib/sms';
import { smsText } from '@/lib/sms/texts';
import { enqueueDeliveries, recordEvent } from '@/lib/webhooks/events';
import { onSplitPaymentSucceeded, splitFeeOfPayment } from '@/lib/split/ledger';
import { feeRuleForPlatform } from './fees';
import { generateTrackingCode } from './tracking';
import { logger } from '@/lib/log';

/**
 * The payment state machine. Every move is a conditional UPDATE on the state it leaves, so that
 * a callback that arrives twice, or fifty at once, moves the payment once; the ledger posting
 * (once per payment) and the webhook event commit in the same transaction as the move.
 */

export type NewPayment = {
  platformId: string;
  source: Payment['source'];
  method?: Payment['method'];
  livemode: boolean;
  amount: bigint;
  orderId?: string;
  payerName?: string | null;
  payerMobile?: string | null;
  payerPhone?: string | null;
  description?: string | null;
  product?: string | null;
  callbackUrl?: string | null;
  amountLocked?: boolean;
  oneOffLinkId?: string | null;
  state?: Payment['state'];
};

export class DuplicateOrderError extends Error {}

/** A new payment with a fresh tracking code; a duplicate order id of the platform is refused. */
const COLUMNS = [
  'platformId',
  'source',
  'method',
  'livemode',
  'amount',
  'orderId',
  'trackingCode',
  'payerName',
  'payerMobile',
  'payerPhone',
  'description',
  'product',
  'callbackUrl',
  'amountLocked',
  'oneOffLinkId',
  'state',
] as const;

/**
 * The payment INSERT, built once per database handle with a placeholder for each value and sent as
 * a prepared statement: building it (thirty returned columns, each cased and typed) was about a
 * fifth of an API call's CPU in the lean path's profile, and its text never changes. A transaction
 * handle lives for one transaction, so it gets its own (built each time, as before).
 */
function buildInsert(db: DbOrTx) {
  return (
    db
      .insert(payments)
      .values(Object.fromEntries(COLUMNS.map((c) => [c, sql.placeholder(c)])) as unknown as typeof payments.$inferInsert)
      // A tracking code already taken inserts nothing (and the loop draws another) instead of failing:
      // inside a caller's transaction (an API call with an Idempotency-Key) a failed INSERT would abort it.
      .onConflictDoNothing({ target: payments.trackingCode })
      .returning()
      .prepare('create_payment')
  );
}
const inserts = new WeakMap<DbOrTx, ReturnType<typeof buildInsert>>();

export async function createPayment(db: DbOrTx, input: NewPayment): Promise<Payment> {
  let insert = inserts.get(db);
  if (!insert) {
    insert = buildInsert(db);
    if (!('rollback' in db)) inserts.set(db, insert);
  }
  for (let i = 0; ; i++) {
    const trackingCode = generateTrackingCode();
    try {
      const values: Record<(typeof COLUMNS)[number], unknown> = {
        platformId: input.platformId,
        source: input.source,
        method: input.method ?? 'online',
        livemode: input.livemode,
        amount: input.amount,
        orderId: input.orderId ?? trackingCode,
        trackingCode,
        payerName: input.payerName ?? null,
        payerMobile: input.payerMobile ?? null,
        payerPhone: input.payerPhone ?? null,
        description: input.description ?? null,
        product: input.product ?? null,
        callbackUrl: input.callbackUrl ?? null,
        amountLocked: input.amountLocked ?? false,
        oneOffLinkId: input.oneOffLinkId ?? null,
        state: input.state ?? 'created',
      };
      const [p] = await insert.execute(values);
      if (p) return p;
      if (i >= 5) throw new Error('No free tracking code after 6 draws');
    } catch (err) {
      if (violates(err, 'payments_order_key')) throw new DuplicateOrderError('Duplicate order id');
      throw err;
    }
  }
}

/** Gateways answer with bigints now and then; JSON keeps them as strings. */
const plain = (v: unknown): object | null =>
  v === undefined || v === null ? null : JSON.parse(JSON.stringify(v, (_k, x) => (typeof x === 'bigint' ? x.toString() : x)));

async function logAttempt(db: DbOrTx, paymentId: string, action: string, outcome: string, log: CallLog | null, reason?: string | null) {
  await db.insert(paymentAttempts).values({
    paymentId,
    action,
    outcome,
    reason: reason?.slice(0, 300) ?? null,
    request: plain(log?.request),
    response: plain(log?.response),
    latencyMs: log?.latencyMs ?? null,
  });
}

export type StartOutcome = { ok: true; pageUrl: string } | { ok: false; error: 'notStartable' | 'gatewayUnavailable' | 'gatewayRefused'; reason?: string };

/**
 * Opens a session with the gateway and moves created → redirected. Opening an already
 * redirected payment again lands on the same gateway page.
 */
export async function startPayment(db: Db, paymentId: string, gatewayId: GatewayId | 'nkolay', baseUrl: string): Promise<StartOutcome> {
  const [p] = await db.select().from(payments).where(eq(payments.id, paymentId));
  if (!p) return { ok: false, error: 'notStartable' };
  // A page of our own (the sandbox bank) is stored as a path and joined to the configured origin
  // when used, so no stored row can carry a foreign origin.
  const absolute = (page: string) => (page.startsWith('/') ? `${baseUrl}${page}` : page);
  if (p.state === 'redirected' && p.gatewayPageUrl) return { ok: true, pageUrl: absolute(p.gatewayPageUrl) };
  if (p.state !== 'created' || p.method !== 'online') return { ok: false, error: 'notStartable' };
  const gateway = await gatewayById(db, gatewayId);
  if (!gateway) return { ok: false, error: 'gatewayUnavailable' };
  const res = await gateway.start({
    orderId: p.trackingCode,
    amount: p.amount,
    callbackUrl: `${baseUrl}/pay/callback/${gateway.id}`,
    mobile: p.payerMobile,
    name: p.payerName,
    description: p.description,
  });
  await logAttempt(db, p.id, 'start', res.ok ? 'ok' : 'refused', res.log, res.ok ? null : res.reason);
  if (!res.ok) {
    await db.update(payments).set({ gateway: gateway.id }).where(eq(payments.id, p.id));
    await fail(db, p, res.reason, { from: ['created'] });
    return { ok: false, error: 'gatewayRefused', reason: res.reason };
  }
  const [moved] = await db
    .update(payments)
    .set({ state: 'redirected', gateway: gateway.id, gatewayToken: res.token, gatewayPageUrl: res.pageUrl, updatedAt: new Date() })
    .where(and(eq(payments.id, p.id), eq(payments.state, 'created')))
    .returning();
  if (!moved) {
    const [now] = await db.select().from(payments).where(eq(payments.id, p.id));
    return now?.state === 'redirected' && now.gatewayPageUrl ? { ok: true, pageUrl: absolute(now.gatewayPageUrl) } : { ok: false, error: 'notStartable' };
  }
  return { ok: true, pageUrl: absolute(res.pageUrl) };
}

/** Callback parameters as logged: card numbers masked, nothing else trusted or kept long. */
function loggableParams(params: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(params).slice(0, 30)) {
    out[k.slice(0, 40)] = (/card/i.test(k) && maskCard(v)) || v.slice(0, 200);
  }
  return out;
}

/**
 * A gateway's callback: finds the payment by the token the gateway names (nothing else in the
 * callback is believed), then verifies server to server. Returns the payment as it now stands.
 */
export async function handleCallback(db: Db, gatewayId: string, params: Record<string, string>): Promise<Payment | null> {
  const gateway = await gatewayById(db, gatewayId);
  if (!gateway) return null;
  const token = gateway.tokenOfCallback(params);
  if (!token) return null;
  const [p] = await db
    .select()
    .from(payments)
    .where(and(eq(payments.gateway, gateway.id), eq(payments.gatewayToken, token)));
  if (!p) return null;
  await logAttempt(db, p.id, 'callback', 'received', { request: loggableParams(params), response: null, latencyMs: 0 });
  const verifyParams = gateway.verifyParams(params);
  if (Object.values(verifyParams).some(Boolean)) {
    await db
      .update(payments)
      .set({ gatewayCallback: verifyParams })
      .where(and(eq(payments.id, p.id), inArray(payments.state, ['redirected', 'unknown'])));
  }
  return verifyPayment(db, p.id, verifyParams, 'verify');
}

const CLAIM_SECONDS = 30;
/** A payer who has not come back from the gateway after this long has given up. */
export const ABANDONED_AFTER_MS = 30 * 60_000;

/**
 * Asks the bank (verify after a callback, inquire from the janitor) and applies its answer.
 * One process at a time per payment: a short claim on the row keeps concurrent callbacks from
 * verifying twice; the others return the payment as it stands.
 */
export async function verifyPayment(db: Db, paymentId: string, callback: Record<string, string>, mode: 'verify' | 'inquire'): Promise<Payment | null> {
  const now = new Date();
  const [claimed] = await db
    .update(payments)
    .set({ verifyingUntil: new Date(now.getTime() + CLAIM_SECONDS * 1000) })
    .where(
      and(
        eq(payments.id, paymentId),
        inArray(payments.state, ['redirected', 'unknown']),
        or(isNull(payments.verifyingUntil), lt(payments.verifyingUntil, now)),
      ),
    )
    .returning();
  if (!claimed) {
    const [p] = await db.select().from(payments).where(eq(payments.id, paymentId));
    return p ?? null;
  }
  const gateway = await gatewayById(db, claimed.gateway ?? '');
  let answer: BankAnswer & { log: CallLog | null };
  if (!gateway || !claimed.gatewayToken) answer = { status: 'unknown', reason: 'Gateway not configured', log: null };
  else {
    const input = { token: claimed.gatewayToken, amount: claimed.amount, callback: mode === 'inquire' ? (claimed.gatewayCallback ?? {}) : callback };
    try {
      answer = mode === 'verify' ? await gateway.verify(input) : await gateway.inquire(input);
    } catch (e) {
      answer = { status: 'unknown', reason: (e as Error).message, log: null };
    }
  }
  await logAttempt(db, paymentId, mode, answer.status, answer.log, answer.status === 'declined' || answer.status === 'unknown' ? answer.reason : null);
  return applyAnswer(db, claimed, answer, mode);
}

async function applyAnswer(db: Db, p: Payment, answer: BankAnswer, mode: 'verify' | 'inquire'): Promise<Payment | null> {
  const release = { verifyingUntil: null };
  if (answer.status === 'paid') {
    if (answer.amount !== p.amount) {
      const reason = `Amount mismatch: the bank says ${answer.amount}, the payment is ${p.amount}`;
      const failed = await fail(db, p, reason, {
        alert: { kind: 'amount_mismatch', message: `${reason} (payment ${p.trackingCode}, bank ref ${answer.ref})` },
      });
      return failed.payment;
    }
    return (await succeed(db, p, { ref: answer.ref, cardMasked: answer.cardMasked })).payment;
  }
  if (answer.status === 'declined') return (await fail(db, p, answer.reason)).payment;
  if (answer.status === 'pending') {
    // The bank has not seen the payer finish: a forged or early callback changes nothing, and a
    // session the payer abandoned long ago is closed by the janitor.
    const abandoned = mode === 'inquire' && Date.now() - p.createdAt.getTime() > ABANDONED_AFTER_MS;
    if (abandoned) return (await fail(db, p, 'The payer did not finish at the bank', { state: 'canceled' })).payment;
    const [r] = await db.update(payments).set(release).where(eq(payments.id, p.id)).returning();
    return r;
  }
  // No trustworthy answer: unknown, and the janitor asks again with back-off (1, 2, 4 … 60 minutes).
  const inquiries = mode === 'inquire' ? p.inquiries + 1 : p.inquiries;
  const delayMin = Math.min(60, 2 ** Math.min(inquiries, 6));
  const [r] = await db
    .update(payments)
    .set({ ...release, state: 'unknown', inquiries, nextInquiryAt: new Date(Date.now() + delayMin * 60_000), updatedAt: new Date() })
    .where(and(eq(payments.id, p.id), inArray(payments.state, ['redirected', 'unknown'])))
    .returning();
  return r ?? null;
}

/**
 * The payer's text about a success, written in the success's own transaction (a web instance
 * killed between the commit and a later write lost it — the money simulation caught it); handed to
 * the queue after the commit, or by the requeue job should that be lost too.
 */
async function recordSuccessText(tx: Tx, p: Payment): Promise<string | null> {
  if (!p.payerMobile) return null;
  const [platform] = await tx.select({ name: platforms.name }).from(platforms).where(eq(platforms.id, p.platformId));
  return recordPayerSms(
    tx,
    p.payerMobile,
    smsText(p.method === 'slip' ? 'slipSubmitted' : 'paymentSucceeded', {
      amount: formatAmount(p.amount, 'fa', 'toman'),
      name: platform?.name ?? '',
      code: p.trackingCode,
    }),
  );
}

/**
 * A paid top-up goes to the provider at once, so the buyer sees it delivered while still on the
 * page; the top-up janitor is the fallback when this fails. Imported lazily: lib/topup builds on
 * this module.
 */
async function deliverPaidTopup(db: Db, paymentId: string) {
  try {
    const { deliverTopupOfPayment } = await import('@/lib/topup');
    await deliverTopupOfPayment(db, paymentId);
  } catch (e) {
    logger({ module: 'topup' }).error({ err: e, paymentId }, 'top-up delivery after payment failed');
  }
}

/** A payment as the API and webhooks show it (snake_case, amounts as strings of Rials). */
export function paymentEventData(p: Payment) {
  return {
    id: p.id,
    order_id: p.orderId,
    tracking_code: p.trackingCode,
    amount: p.amount.toString(),
    currency: p.currency,
    fee: p.fee?.toString() ?? null,
    state: p.state,
    method: p.method,
    source: p.source,
    gateway: p.gateway,
    gateway_ref: p.gatewayRef,
    card_masked: p.cardMasked,
    failure_reason: p.failureReason,
    livemode: p.livemode,
    product: p.product,
    created_at: p.createdAt.toISOString(),
    completed_at: p.completedAt?.toISOString() ?? null,
  };
}

/** What a move did: the payment as it now stands, and whether this call moved it. */
export type Move = { payment: Payment | null; moved: boolean };

/**
 * The success move, from a state that can still succeed, with the ledger posting and the event
 * in one transaction. Test-mode payments never reach the ledger.
 */
export async function succeed(
  db: Db,
  p: Payment,
  bank: { ref: string | null; cardMasked: string | null },
  from: Payment['state'][] = ['redirected', 'unknown'],
  within?: (tx: Tx, moved: Payment) => Promise<void>,
): Promise<Move> {
  // A top-up's merchant earns a commission on delivery instead of paying a fee on the payment.
  const topup = p.source === 'topup';
  // A split payment pays the fee its invoice fixed, shared among the parties as the marketplace chose.
  const split = p.source === 'split';
  // Lira (the virtual POS) is paid by N Kolay to the company's own bank: Dargah records it, holds
  // nothing, charges no fee on it and posts nothing to its ledger.
  const recordOnly = p.currency !== 'IRR';
  const fee = topup || recordOnly ? 0n : split ? ((await splitFeeOfPayment(db, p.id)) ?? 0n) : computeFee(p.amount, await feeRuleForPlatform(db, p.platformId));
  const result = await db.transaction(async (tx) => {
    const [moved] = await tx
      .update(payments)
      .set({
        state: 'succeeded',
        fee,
        gatewayRef: bank.ref,
        cardMasked: bank.cardMasked,
        completedAt: new Date(),
        updatedAt: new Date(),
        verifyingUntil: null,
        // A top-up's money is held for its delivery, never in the merchant's pending balance: nothing to
        // settle. A split payment's shares settle per party once the marketplace closes the invoice.
        // A lira payment was never Dargah's to settle.
        ...(topup || split || recordOnly ? { settledAt: new Date() } : {}),
      })
      .where(and(eq(payments.id, p.id), inArray(payments.state, from)))
      .returning();
    if (!moved) return null;
    await within?.(tx, moved);
    const splitEvent = split ? await onSplitPaymentSucceeded(tx, moved) : null;
    if (moved.livemode && !split && moved.currency === 'IRR') {
      if (topup) await postTopupPaid(tx, { paymentId: moved.id, amount: moved.amount });
      else await postPaymentSucceeded(tx, { paymentId: moved.id, platformId: moved.platformId, amount: moved.amount, fee });
    }
    const type = moved.method === 'slip' ? 'deposit_slip.confirmed' : 'payment.succeeded';
    const eventId = await recordEvent(tx, moved.platformId, type, paymentEventData(moved));
    const smsId = moved.method === 'online' ? await recordSuccessText(tx, moved) : null;
    return { moved, eventId, splitEvent, smsId };
  });
  if (!result) {
    const [now] = await db.select().from(payments).where(eq(payments.id, p.id));
    return { payment: now ?? null, moved: false };
  }
  await enqueueDeliveries([result.eventId, result.splitEvent]);
  if (result.smsId) await enqueueSms(result.smsId);
  if (topup) await deliverPaidTopup(db, result.moved.id);
  return { payment: result.moved, moved: true };
}

/** The failure move (or canceled), releasing a one-off link's use; an alert for staff when asked. */
export async function fail(
  db: Db,
  p: Payment,
  reason: string,
  opts: {
    state?: 'failed' | 'canceled';
    alert?: { kind: string; message: string };
    from?: Payment['state'][];
    /** More writes that belong to this move, in its transaction, only if this call moved it. */
    within?: (tx: Tx, moved: Payment) => Promise<void>;
  } = {},
): Promise<Move> {
  const result = await db.transaction(async (tx) => {
    const [moved] = await tx
      .update(payments)
      .set({ state: opts.state ?? 'failed', failureReason: reason.slice(0, 300), completedAt: new Date(), updatedAt: new Date(), verifyingUntil: null })
      .where(and(eq(payments.id, p.id), inArray(payments.state, opts.from ?? ['created', 'redirected', 'unknown'])))
      .returning();
    if (!moved) return null;
    await opts.within?.(tx, moved);
    if (moved.oneOffLinkId) {
      await tx
        .update(oneOffLinks)
        .set({ usedCount: sql`${oneOffLinks.usedCount} - 1` })
        .where(and(eq(oneOffLinks.id, moved.oneOffLinkId), sql`${oneOffLinks.usedCount} > 0`));
    }
    if (opts.alert) await tx.insert(paymentAlerts).values({ paymentId: moved.id, kind: opts.alert.kind, message: opts.alert.message });
    const eventId = await recordEvent(tx, moved.platformId, moved.method === 'slip' ? 'deposit_slip.rejected' : 'payment.failed', paymentEventData(moved));
    return { moved, eventId };
  });
  if (!result) {
    const [now] = await db.select().from(payments).where(eq(payments.id, p.id));
    return { payment: now ?? null, moved: false };
  }
  await enqueueDeliveries([result.eventId]);
  return { payment: result.moved, moved: true };
}

/**
 * The janitor (pg-boss, every minute): inquires payments left `unknown` whose time has come,
 * payments whose verify was cut off (its claim lapsed), and payments whose payer never came back
 * from the bank.
 */
export async function runJanitor(db: Db, now = new Date()): Promise<{ inquired: number }> {
  const due = await janitorDue(db, now);
  for (const { id } of due) await verifyPayment(db, id, {}, 'inquire');
  // The virtual POS's cancels and refunds N Kolay left unanswered. Imported lazily: lib/vpos builds on this module.
  try {
    await (await import('@/lib/vpos/payments')).settleUnknownReversals(db, now);
  } catch (e) {
    logger({ module: 'vpos' }).error({ err: e }, 'settling unanswered reversals failed');
  }
  return { inquired: due.length };
}

/**
 * The janitor's question, asked every minute of a table that only grows: each branch is answered by
 * a partial index (payments_unknown_idx, payments_redirected_idx), never by reading the table.
 */
export function janitorDue(db: Db, now: Date) {
  return db
    .select({ id: payments.id })
    .from(payments)
    .where(
      or(
        and(eq(payments.state, 'unknown'), or(isNull(payments.nextInquiryAt), lt(payments.nextInquiryAt, now))),
        and(eq(payments.state, 'redirected'), lt(payments.updatedAt, new Date(now.getTime() - ABANDONED_AFTER_MS))),
        // A verify that began and never finished (the web instance died waiting for the bank): its claim
        // has lapsed and nobody may call back again; the bank is asked now, not when the payer gives up.
        and(eq(payments.state, 'redirected'), isNotNull(payments.verifyingUntil), lt(payments.verifyingUntil, now)),
      ),
    )
    .limit(100);
}
