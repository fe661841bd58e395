import { and, asc, desc, eq, inArray, isNull, lt, lte, notInArray, or, sql } from 'drizzle-orm';
import type { Db, DbOrTx } from '@/db';
import { violates } from '@/db/errors';
import {
  merchantServices,
  payments,
  platforms,
  topupCommissions,
  topupOrders,
  topupProducts,
  topupStores,
  type Payment,
  type Platform,
  type TopupOrder,
  type TopupProduct,
} from '@/db/schema';
import { type StaffActor } from '@/lib/actor';
import { assertStaffMay } from '@/lib/staff/permissions';
import { audit } from '@/lib/audit';
import { connectorSettings } from '@/lib/connectors';
import { seal } from '@/lib/crypto/secretbox';
import { env } from '@/lib/env';
import { gatewayById } from '@/lib/gateways';
import { postTopupDelivered, postTopupReturned } from '@/lib/ledger';
import { createPayment, DuplicateOrderError } from '@/lib/payments';
import { afterRefundCommitted, createTopupRefund, none, type After } from '@/lib/refunds';
import { err, ok, type Result } from '@/lib/result';
import { isUuid } from '@/lib/validation/ids';
import { enqueueDeliveries, recordEvent } from '@/lib/webhooks/events';
import { detectOperator, normalizeIranMobile } from './operators';
import type { ChargeAnswer, ChargeInput, Operator, ProductKind, TopupProvider } from './provider';
import { esajProvider } from './esaj';
import { sandboxProvider } from './sandbox';

/** The rows pages show, for the app's pages (which leave the schema to lib). */
export type { Refund, TopupOrder, TopupProduct } from '@/db/schema';

/**
 * The charge gateway: a buyer pays for a top-up or an internet package, and only once the payment
 * has succeeded (the verify rules) is it delivered upstream — at most once, whatever the retries,
 * because the provider's order id is our order's id and one worker at a time holds the order.
 *
 *   awaiting_payment → paid → delivering → delivered            (commission posted)
 *                                        → unknown → (janitor) → delivered | failed
 *                                        → failed                (the buyer refunded, automatically)
 *   awaiting_payment → canceled (the payment failed)
 *
 * Money: the paid payment is held in topup_clearing (lib/payments posts it); delivery shares it
 * out (provider's cost, the merchant's commission to withdrawable, the facilitator's margin);
 * failure refunds it through the refunds model from the same hold.
 */

// ————————————————————————————————————————————————— the provider

let providerOverride: TopupProvider | null = null;

/** Tests point live top-ups at a local fake provider here. */
export function setTopupProviderForTests(p: TopupProvider | null) {
  providerOverride = p;
}

/**
 * The provider of live top-ups, or of test ones (always the sandbox). Live: the top-up aggregator
 * of `/admin/connectors` (`esaj`: TOPUP_ESAJ_* as defaults, read now, so a change holds at once)
 * while it is configured and switched on; else the sandbox provider outside production; else null.
 * `id` asks for the provider an order was already sent to: a switched-off aggregator still answers
 * for the orders under way (as a switched-off gateway still verifies its payments).
 */
export async function topupProvider(db: DbOrTx, livemode: boolean, id?: TopupProvider['id']): Promise<TopupProvider | null> {
  if (!livemode) return sandboxProvider();
  if (providerOverride) return providerOverride;
  const sandboxAllowed = env().APP_ENV !== 'production';
  if (id === 'sandbox') return sandboxAllowed ? sandboxProvider() : null;
  const esaj = await connectorSettings(db, 'esaj');
  if (esaj && (esaj.enabled || id === 'esaj')) return esajProvider({ baseUrl: esaj.baseUrl, apiKey: esaj.apiKey, timeoutMs: esaj.timeoutMs });
  if (id === 'esaj') return null;
  return sandboxAllowed ? sandboxProvider() : null;
}

// ————————————————————————————————————————————————— the catalogue

/** The provider's catalogue into `topup_products`: updated in place, products it no longer offers marked inactive. */
export async function syncCatalogue(
  db: Db,
  provider: TopupProvider,
  now = new Date(),
): Promise<Result<{ synced: number; inactive: number }, 'providerRefused'> & { reason?: string }> {
  const r = await provider.catalogue();
  if (!r.ok) return { ...err('providerRefused'), reason: r.reason };
  return db.transaction(async (tx) => {
    for (const p of r.products) {
      const values = {
        operator: p.operator,
        kind: p.kind,
        simType: p.simType,
        titleFa: p.titleFa.slice(0, 200),
        titleEn: p.titleEn?.slice(0, 200) ?? null,
        price: p.price,
        minAmount: p.minAmount,
        maxAmount: p.maxAmount,
        step: p.step,
        amounts: p.amounts ? p.amounts.map(String) : null,
        volumeMb: p.volumeMb,
        durationDays: p.durationDays,
        marginBasisPoints: Math.max(0, Math.min(10_000, Math.round(p.marginBasisPoints))),
        upstreamActive: p.active,
        syncedAt: now,
      };
      await tx
        .insert(topupProducts)
        .values({ provider: provider.id, upstreamId: p.upstreamId.slice(0, 80), ...values })
        .onConflictDoUpdate({ target: [topupProducts.provider, topupProducts.upstreamId], set: values });
    }
    const ids = r.products.map((p) => p.upstreamId.slice(0, 80));
    const gone = await tx
      .update(topupProducts)
      .set({ upstreamActive: false, syncedAt: now })
      .where(
        and(
          eq(topupProducts.provider, provider.id),
          eq(topupProducts.upstreamActive, true),
          ids.length ? notInArray(topupProducts.upstreamId, ids) : undefined,
        ),
      )
      .returning({ id: topupProducts.id });
    return ok({ synced: r.products.length, inactive: gone.length });
  });
}

/** The hourly job: the catalogues of the providers in use (the sandbox's, and the live provider's where it is another). */
export async function syncCatalogues(db: Db): Promise<{ provider: string; outcome: string }[]> {
  const out: { provider: string; outcome: string }[] = [];
  const seen = new Set<string>();
  for (const live of [false, true]) {
    const provider = await topupProvider(db, live);
    if (!provider || seen.has(provider.id)) continue;
    seen.add(provider.id);
    const r = await syncCatalogue(db, provider);
    out.push({ provider: provider.id, outcome: r.ok ? `${r.data.synced} products, ${r.data.inactive} withdrawn` : `refused: ${r.reason ?? ''}` });
  }
  return out;
}

/** What a buyer may pick: the provider's active products staff have not hidden, for one operator or all. */
export async function offeredProducts(
  db: DbOrTx,
  providerId: string,
  filter: { operator?: Operator | null; kind?: ProductKind | null } = {},
): Promise<TopupProduct[]> {
  return db
    .select()
    .from(topupProducts)
    .where(
      and(
        eq(topupProducts.provider, providerId),
        eq(topupProducts.upstreamActive, true),
        eq(topupProducts.hidden, false),
        filter.operator ? eq(topupProducts.operator, filter.operator) : undefined,
        filter.kind ? eq(topupProducts.kind, filter.kind) : undefined,
      ),
    )
    .orderBy(asc(topupProducts.operator), asc(topupProducts.kind), asc(topupProducts.price), asc(topupProducts.titleFa));
}

/** The amount a buyer pays for a product: its fixed price, or an amount its rules allow. */
export function amountFor(product: TopupProduct, amount: bigint | null): Result<bigint, 'amountNotAllowed' | 'amountRequired'> {
  if (product.price !== null) return amount === null || amount === product.price ? ok(product.price) : err('amountNotAllowed');
  if (amount === null) return err('amountRequired');
  if (product.amounts?.length) return product.amounts.includes(amount.toString()) ? ok(amount) : err('amountNotAllowed');
  if (product.minAmount !== null && amount < product.minAmount) return err('amountNotAllowed');
  if (product.maxAmount !== null && amount > product.maxAmount) return err('amountNotAllowed');
  if (product.step !== null && product.step > 0n && (amount - (product.minAmount ?? 0n)) % product.step !== 0n) return err('amountNotAllowed');
  return ok(amount);
}

/** The merchant's share of the margin when staff have set none for an operator and kind: half. */
export const DEFAULT_COMMISSION_BP = 5_000;

export async function commissionFor(db: DbOrTx, operator: Operator, kind: ProductKind): Promise<number> {
  const [row] = await db
    .select({ bp: topupCommissions.commissionBasisPoints })
    .from(topupCommissions)
    .where(and(eq(topupCommissions.operator, operator), eq(topupCommissions.kind, kind)));
  return row?.bp ?? DEFAULT_COMMISSION_BP;
}

/** How a delivered top-up's price is shared: the provider's cost, the merchant's commission, the facilitator's margin (rounded down, the rest to the facilitator). */
export function shares(amount: bigint, marginBp: number, commissionBp: number) {
  const margin = (amount * BigInt(marginBp)) / 10_000n;
  const commission = (margin * BigInt(commissionBp)) / 10_000n;
  return { cost: amount - margin, commission, margin: margin - commission };
}

export async function setCommission(db: Db, staff: StaffActor, input: { operator: Operator; kind: ProductKind; commissionBasisPoints: number }) {
  assertStaffMay(staff, 'topup');
  return db.transaction(async (tx) => {
    const before = await commissionFor(tx, input.operator, input.kind);
    await tx
      .insert(topupCommissions)
      .values({ ...input, updatedBy: staff.userId })
      .onConflictDoUpdate({
        target: [topupCommissions.operator, topupCommissions.kind],
        set: { commissionBasisPoints: input.commissionBasisPoints, updatedAt: new Date(), updatedBy: staff.userId },
      });
    await audit(tx, staff, {
      action: 'update',
      objectType: 'topup_commission',
      objectId: `${input.operator}:${input.kind}`,
      before: { commissionBasisPoints: before },
      after: { commissionBasisPoints: input.commissionBasisPoints },
    });
    return ok();
  });
}

export async function setProductHidden(db: Db, staff: StaffActor, input: { productId: string; hidden: boolean }): Promise<Result<undefined, 'notFound'>> {
  assertStaffMay(staff, 'topup');
  if (!isUuid(input.productId)) return err('notFound');
  return db.transaction(async (tx) => {
    const [row] = await tx.update(topupProducts).set({ hidden: input.hidden }).where(eq(topupProducts.id, input.productId)).returning();
    if (!row) return err('notFound');
    await audit(tx, staff, { action: input.hidden ? 'hide' : 'show', objectType: 'topup_product', objectId: row.id, after: { hidden: input.hidden } });
    return ok();
  });
}

// ————————————————————————————————————————————————— selling

/** A platform of the charge service, the merchant's own (or null). */
export async function chargePlatform(db: DbOrTx, platformId: string, merchantId?: string): Promise<Platform | null> {
  if (!isUuid(platformId)) return null;
  const [row] = await db
    .select({ platform: platforms })
    .from(platforms)
    .innerJoin(merchantServices, eq(merchantServices.id, platforms.merchantServiceId))
    .where(and(eq(platforms.id, platformId), eq(merchantServices.serviceId, 'charge'), merchantId ? eq(platforms.userId, merchantId) : undefined));
  return row?.platform ?? null;
}

export type TopupChannel = 'api' | 'store' | 'bulk';

export type NewTopup = {
  platformId: string;
  livemode: boolean;
  mobile: string;
  operator: Operator | null;
  productId: string | null;
  amount: bigint | null;
  orderId: string | null;
  callbackUrl: string | null;
  channel: TopupChannel;
};

export type TopupError =
  | 'mobileInvalid'
  | 'operatorUnknown'
  | 'productUnknown'
  | 'productOperatorMismatch'
  | 'amountNotAllowed'
  | 'amountRequired'
  | 'duplicateOrder'
  | 'providerUnavailable';

/** Field of each refusal, for forms and the API. */
export const TOPUP_ERROR_FIELD: Record<TopupError, string> = {
  mobileInvalid: 'mobile',
  operatorUnknown: 'operator',
  productUnknown: 'product_id',
  productOperatorMismatch: 'product_id',
  amountNotAllowed: 'amount',
  amountRequired: 'amount',
  duplicateOrder: 'order_id',
  providerUnavailable: '_',
};

export type TopupQuoteInput = Pick<NewTopup, 'livemode' | 'mobile' | 'operator' | 'productId' | 'amount'>;
export type TopupQuote = { mobile: string; operator: Operator; provider: TopupProvider; product: TopupProduct; amount: bigint };
export type TopupQuoteError = Exclude<TopupError, 'duplicateOrder'>;

/**
 * What a top-up would be, or why it cannot be: the number and operator (named, or detected from
 * the prefix), the product (a package, a PIN, or a direct top-up of an allowed amount) of that
 * operator, and the amount. The one rule set of every channel (API, store, bulk upload).
 */
export async function quoteTopup(db: DbOrTx, input: TopupQuoteInput): Promise<Result<TopupQuote, TopupQuoteError>> {
  const mobile = normalizeIranMobile(input.mobile);
  if (!mobile) return err('mobileInvalid');
  const operator = input.operator ?? detectOperator(mobile)?.operator ?? null;
  if (!operator) return err('operatorUnknown');
  const provider = await topupProvider(db, input.livemode);
  if (!provider) return err('providerUnavailable');
  let product: TopupProduct | undefined;
  if (input.productId) {
    if (!isUuid(input.productId)) return err('productUnknown');
    [product] = await db
      .select()
      .from(topupProducts)
      .where(
        and(
          eq(topupProducts.id, input.productId),
          eq(topupProducts.provider, provider.id),
          eq(topupProducts.upstreamActive, true),
          eq(topupProducts.hidden, false),
        ),
      );
    if (!product) return err('productUnknown');
    if (product.operator !== operator) return err('productOperatorMismatch');
  } else {
    if (input.amount === null) return err('amountRequired');
    // A direct top-up of an amount: the operator's direct product whose rules allow it.
    const direct = await offeredProducts(db, provider.id, { operator, kind: 'direct' });
    product = direct.find((p) => amountFor(p, input.amount).ok);
    if (!product) return err(direct.length ? 'amountNotAllowed' : 'productUnknown');
  }
  const amount = amountFor(product, input.amount);
  if (!amount.ok) return err(amount.error!);
  return ok({ mobile, operator, provider, product, amount: amount.data });
}

/** An order and its payment, as `quoteTopup` allows it. The buyer pays the payment; delivery starts once it has succeeded. */
export async function createTopup(db: Db, input: NewTopup): Promise<Result<{ order: TopupOrder; payment: Payment }, TopupError>> {
  const quote = await quoteTopup(db, input);
  if (!quote.ok) return err(quote.error!);
  const { mobile, operator, provider, product, amount } = quote.data;
  const commissionBp = await commissionFor(db, operator, product.kind);
  try {
    return await db.transaction(async (tx) => {
      const payment = await createPayment(tx, {
        platformId: input.platformId,
        source: 'topup',
        livemode: input.livemode,
        amount,
        orderId: input.orderId ?? undefined,
        payerMobile: mobile,
        description: product.titleFa,
        product: product.upstreamId.slice(0, 64),
        callbackUrl: input.callbackUrl,
        amountLocked: true,
      });
      const [order] = await tx
        .insert(topupOrders)
        .values({
          platformId: input.platformId,
          paymentId: payment.id,
          livemode: input.livemode,
          orderId: payment.orderId,
          mobile,
          operator,
          productId: product.id,
          provider: provider.id,
          upstreamId: product.upstreamId,
          kind: product.kind,
          title: product.titleFa,
          amount,
          marginBasisPoints: product.marginBasisPoints,
          commissionBasisPoints: commissionBp,
          callbackUrl: input.callbackUrl,
          channel: input.channel,
        })
        .returning();
      return ok({ order, payment });
    });
  } catch (e) {
    if (e instanceof DuplicateOrderError || violates(e, 'topup_orders_order_key')) return err('duplicateOrder');
    throw e;
  }
}

// ————————————————————————————————————————————————— delivery

const CLAIM_MS = 60_000;
/** Inquiries of an order left unknown, in minutes after each: 1, 2, 4 … 60, then hourly. */
const delayAfter = (attempts: number) => Math.min(60, 2 ** Math.min(attempts - 1, 6)) * 60_000;

const chargeInputOf = (o: TopupOrder): ChargeInput => ({
  orderId: o.id,
  mobile: o.mobile,
  operator: o.operator,
  upstreamId: o.upstreamId,
  amount: o.amount,
  kind: o.kind,
});

/** The top-up of a payment, delivered if it is paid and not yet delivered (after the payment's success, from the pay callback). */
export async function deliverTopupOfPayment(db: Db, paymentId: string): Promise<TopupOrder | null> {
  const [o] = await db.select({ id: topupOrders.id }).from(topupOrders).where(eq(topupOrders.paymentId, paymentId));
  return o ? deliverTopup(db, o.id) : null;
}

/**
 * Delivers (or asks about) one order. One worker at a time: the order is claimed for a minute
 * with a conditional update that also counts the attempt, and the answer is applied only by the
 * claim that asked (the attempt number fences a late answer from an expired claim). The first
 * attempt charges; later ones inquire by our order id (the provider's charge is idempotent on it
 * too). Returns the order as it stands.
 */
export async function deliverTopup(db: Db, orderId: string, now = new Date()): Promise<TopupOrder | null> {
  if (!isUuid(orderId)) return null;
  // Paid? The payment's success moves a waiting order on (the payment state machine knows nothing of orders).
  await db.execute(sql`
    update ${topupOrders} set state = 'paid', updated_at = now()
    where ${topupOrders.id} = ${orderId} and ${topupOrders.state} = 'awaiting_payment'
      and exists (select 1 from ${payments} where ${payments.id} = ${topupOrders.paymentId} and ${payments.state} = 'succeeded')`);
  const [claimed] = await db
    .update(topupOrders)
    .set({ state: 'delivering', deliveringUntil: new Date(now.getTime() + CLAIM_MS), attempts: sql`${topupOrders.attempts} + 1`, updatedAt: now })
    .where(
      and(
        eq(topupOrders.id, orderId),
        or(
          eq(topupOrders.state, 'paid'),
          and(eq(topupOrders.state, 'unknown'), or(isNull(topupOrders.nextInquiryAt), lte(topupOrders.nextInquiryAt, now))),
          and(eq(topupOrders.state, 'delivering'), lt(topupOrders.deliveringUntil, now)),
        ),
      ),
    )
    .returning();
  if (!claimed) {
    const [o] = await db.select().from(topupOrders).where(eq(topupOrders.id, orderId));
    return o ?? null;
  }
  const provider = await topupProvider(db, claimed.livemode, claimed.provider as TopupProvider['id']);
  let answer: ChargeAnswer;
  if (!provider || provider.id !== claimed.provider) {
    answer = { status: 'unknown', reason: 'The provider is not configured', log: { request: null, response: null, latencyMs: 0 } };
  } else {
    try {
      answer = claimed.attempts === 1 ? await provider.charge(chargeInputOf(claimed)) : await provider.inquire(chargeInputOf(claimed));
    } catch (e) {
      answer = { status: 'unknown', reason: (e as Error).message.slice(0, 200), log: { request: null, response: null, latencyMs: 0 } };
    }
  }
  return applyAnswer(db, claimed, answer, now);
}

async function applyAnswer(db: Db, claimed: TopupOrder, answer: ChargeAnswer, now: Date): Promise<TopupOrder | null> {
  const fence = and(eq(topupOrders.id, claimed.id), eq(topupOrders.state, 'delivering'), eq(topupOrders.attempts, claimed.attempts));
  if (answer.status === 'pending' || answer.status === 'unknown') {
    const [o] = await db
      .update(topupOrders)
      .set({
        state: 'unknown',
        deliveringUntil: null,
        nextInquiryAt: new Date(now.getTime() + delayAfter(claimed.attempts)),
        failureReason: answer.reason.slice(0, 300),
        updatedAt: new Date(),
      })
      .where(fence)
      .returning();
    return o ?? current(db, claimed.id);
  }
  let after: After | undefined;
  let refund: Awaited<ReturnType<typeof createTopupRefund>> | null = null;
  const eventIds: (string | null)[] = [];
  const moved = await db.transaction(async (tx) => {
    if (answer.status === 'delivered') {
      const s = shares(claimed.amount, claimed.marginBasisPoints, claimed.commissionBasisPoints);
      const [o] = await tx
        .update(topupOrders)
        .set({
          state: 'delivered',
          deliveryRef: answer.ref.slice(0, 120),
          pinSealed: answer.pin ? seal(answer.pin.code) : null,
          pinSerial: answer.pin?.serial.slice(0, 60) ?? null,
          commission: s.commission,
          failureReason: null,
          deliveringUntil: null,
          nextInquiryAt: null,
          deliveredAt: new Date(),
          updatedAt: new Date(),
        })
        .where(fence)
        .returning();
      if (!o) return null;
      if (o.livemode) await postTopupDelivered(tx, { orderId: o.id, platformId: o.platformId, amount: o.amount, cost: s.cost, commission: s.commission });
      eventIds.push(await recordEvent(tx, o.platformId, 'topup.delivered', topupEventData(o)));
      return o;
    }
    const [o] = await tx
      .update(topupOrders)
      .set({ state: 'failed', failureReason: answer.reason.slice(0, 300), deliveringUntil: null, nextInquiryAt: null, updatedAt: new Date() })
      .where(fence)
      .returning();
    if (!o) return null;
    const [p] = await tx.select().from(payments).where(eq(payments.id, o.paymentId)).for('update');
    if (p.method === 'balance') {
      // Paid from the merchant's own balance (a bulk upload): the money goes back there, not to a card.
      if (o.livemode) await postTopupReturned(tx, { orderId: o.id, platformId: o.platformId, amount: o.amount });
      eventIds.push(await recordEvent(tx, o.platformId, 'topup.failed', topupEventData(o)));
      return o;
    }
    const [owner] = await tx.select({ userId: platforms.userId }).from(platforms).where(eq(platforms.id, o.platformId));
    after = none();
    const gateway = p.gateway ? await gatewayById(tx, p.gateway) : null;
    refund = await createTopupRefund(
      tx,
      { payment: p, merchantId: owner.userId, reason: `Top-up not delivered: ${answer.reason}`, byGateway: Boolean(gateway?.refund && p.gatewayToken) },
      after,
    );
    const [linked] = await tx.update(topupOrders).set({ refundId: refund.id }).where(eq(topupOrders.id, o.id)).returning();
    eventIds.push(await recordEvent(tx, o.platformId, 'topup.failed', topupEventData(linked)));
    return linked;
  });
  await enqueueDeliveries(eventIds);
  if (refund && after) await afterRefundCommitted(db, refund, after);
  return moved ?? current(db, claimed.id);
}

async function current(db: DbOrTx, id: string) {
  const [o] = await db.select().from(topupOrders).where(eq(topupOrders.id, id));
  return o ?? null;
}

/** An order as the API and webhooks show it. */
export function topupEventData(o: TopupOrder) {
  return {
    id: o.id,
    order_id: o.orderId,
    payment_id: o.paymentId,
    mobile: o.mobile,
    operator: o.operator,
    kind: o.kind,
    product: o.upstreamId,
    title: o.title,
    amount: o.amount.toString(),
    state: o.state,
    delivery_ref: o.deliveryRef,
    pin_serial: o.pinSerial,
    commission: o.commission?.toString() ?? null,
    failure_reason: o.state === 'failed' ? o.failureReason : null,
    refund_id: o.refundId,
    livemode: o.livemode,
    created_at: o.createdAt.toISOString(),
    delivered_at: o.deliveredAt?.toISOString() ?? null,
  };
}

/**
 * The top-up janitor (minutely): paid orders not yet delivered (the delivery after the payment
 * failed or never ran), orders left unknown whose time has come, claims that expired; and orders
 * whose payment failed, closed as canceled.
 */
export async function runTopupJanitor(db: Db, now = new Date()): Promise<{ inquired: number }> {
  await db.execute(sql`
    update ${topupOrders} set state = 'canceled', updated_at = now()
    where ${topupOrders.state} = 'awaiting_payment'
      and exists (select 1 from ${payments} where ${payments.id} = ${topupOrders.paymentId} and ${payments.state} in ('failed', 'canceled'))`);
  const due = await db
    .select({ id: topupOrders.id })
    .from(topupOrders)
    .leftJoin(payments, eq(payments.id, topupOrders.paymentId))
    .where(
      or(
        and(eq(topupOrders.state, 'awaiting_payment'), eq(payments.state, 'succeeded')),
        eq(topupOrders.state, 'paid'),
        and(eq(topupOrders.state, 'unknown'), or(isNull(topupOrders.nextInquiryAt), lte(topupOrders.nextInquiryAt, now))),
        and(eq(topupOrders.state, 'delivering'), lt(topupOrders.deliveringUntil, now)),
      ),
    )
    .orderBy(asc(topupOrders.createdAt))
    .limit(100);
  for (const { id } of due) await deliverTopup(db, id, now);
  return { inquired: due.length };
}

// ————————————————————————————————————————————————— reading

export async function getTopup(db: DbOrTx, platformId: string, id: string): Promise<TopupOrder | null> {
  if (!isUuid(id)) return null;
  const [o] = await db
    .select()
    .from(topupOrders)
    .where(and(eq(topupOrders.id, id), eq(topupOrders.platformId, platformId)));
  return o ?? null;
}

export async function topupOfPayment(db: DbOrTx, paymentId: string): Promise<TopupOrder | null> {
  if (!isUuid(paymentId)) return null;
  const [o] = await db.select().from(topupOrders).where(eq(topupOrders.paymentId, paymentId));
  return o ?? null;
}

export async function listTopups(db: DbOrTx, platformIds: string[], opts: { before?: Date | null; limit?: number } = {}): Promise<TopupOrder[]> {
  if (!platformIds.length) return [];
  return db
    .select()
    .from(topupOrders)
    .where(and(inArray(topupOrders.platformId, platformIds), opts.before ? lt(topupOrders.createdAt, opts.before) : undefined))
    .orderBy(desc(topupOrders.createdAt), desc(topupOrders.id))
    .limit(Math.min(opts.limit ?? 50, 200));
}

/** Where a store buyer returns after paying: the order's page in the store it was bought in. */
export async function storeOrderPath(db: DbOrTx, paymentId: string): Promise<string | null> {
  const [row] = await db
    .select({ id: topupOrders.id, handle: topupStores.handle })
    .from(topupOrders)
    .innerJoin(topupStores, eq(topupStores.platformId, topupOrders.platformId))
    .where(and(eq(topupOrders.paymentId, paymentId), eq(topupOrders.channel, 'store')));
  return row ? `/topup/${row.handle}/${row.id}` : null;
}
