import { and, desc, eq, sql } from 'drizzle-orm';
import type { Db } from '@/db';
import { merchantServices, platforms, payments, type Payment } from '@/db/schema';
import type { ApiActor } from '@/lib/actor';
import { parseAmount } from '@/lib/money';
import { createPayment, DuplicateOrderError, paymentEventData } from '@/lib/payments';
import { createOneOffLink } from '@/lib/payments/one-off-links';
import { platformBalances } from '@/lib/ledger';
import { normalizeMobile } from '@/lib/validation/auth';
import { isUuid } from '@/lib/validation/ids';
import { normalizeTurkishMobile } from '@/lib/validation/mobile-tr';
import { createVposPayment, definitionForPayment } from '@/lib/vpos/payments';
import { platformSnapshot } from './admit';
import { ApiError } from './http';
import { listPaymentsQuerySchema, type createPaymentLinkRequestSchema, type createPaymentRequestSchema } from './schemas';
import type { z } from 'zod';

/**
 * The API's side of payments: the calling platform's own payments only, never another's, and
 * only those of the key's mode (a test key sees sandbox payments, a live key live ones).
 */

export function paymentResource(p: Payment, origin: string) {
  const open = p.source === 'api' && (p.state === 'created' || p.state === 'redirected');
  return { ...paymentEventData(p), payment_url: open ? `${origin}/pay/go/${p.id}` : null };
}

async function requirePaymentService(db: Db, actor: ApiActor) {
  // The key check read the platform in its own statement a moment ago (lib/api/admit.ts): no second read.
  const seen = platformSnapshot(actor);
  const [row] =
    seen && seen.merchantId === actor.merchantId
      ? [seen]
      : await db
          .select({ serviceId: merchantServices.serviceId, callbackUrls: platforms.callbackUrls })
          .from(platforms)
          .innerJoin(merchantServices, eq(merchantServices.id, platforms.merchantServiceId))
          .where(and(eq(platforms.id, actor.platformId), eq(platforms.userId, actor.merchantId)));
  if (row?.serviceId !== 'payment' && row?.serviceId !== 'vpos') {
    throw new ApiError(403, 'service_not_enabled', 'Payments need a platform of the payment-gateway or virtual POS service');
  }
  return { ...row, vpos: row.serviceId === 'vpos' };
}

function amountOf(raw: number | string): bigint {
  const r = parseAmount(String(raw));
  if (!r.ok) throw new ApiError(400, 'validation_failed', 'Some fields are not valid', { amount: r.error });
  return r.rials;
}

/** True when `url` is one of the allowed callback URLs or lies under one (same origin, path below). */
export function callbackAllowed(url: string, allowed: string[]): boolean {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return false;
  }
  if (u.username || u.password) return false;
  return allowed.some((a) => {
    try {
      const base = new URL(a);
      if (base.origin !== u.origin) return false;
      const path = base.pathname.endsWith('/') ? base.pathname : `${base.pathname}/`;
      return u.pathname === base.pathname || u.pathname.startsWith(path);
    } catch {
      return false;
    }
  });
}

export async function createApiPayment(db: Db, actor: ApiActor, body: z.output<typeof createPaymentRequestSchema>, origin: string) {
  const platform = await requirePaymentService(db, actor);
  // The virtual POS takes lira (kuruş) on its own platforms, and Rials stay on the payment gateway's.
  const currency = body.currency ?? (platform.vpos ? 'TRY' : 'IRR');
  if (platform.vpos !== (currency === 'TRY')) {
    throw new ApiError(400, 'currency_not_supported', platform.vpos ? 'A virtual POS platform takes TRY' : 'This platform takes IRR', {
      currency: platform.vpos ? 'TRY only on a virtual POS platform' : 'IRR only on a payment-gateway platform',
    });
  }
  if (body.pos_definition_id && !platform.vpos) {
    throw new ApiError(400, 'validation_failed', 'Some fields are not valid', { pos_definition_id: 'only on a virtual POS platform' });
  }
  const amount = amountOf(body.amount);
  if (!callbackAllowed(body.callback_url, platform.callbackUrls)) {
    throw new ApiError(400, 'callback_url_not_allowed', "The callback URL is not on the platform's allow-list", { callback_url: 'not on the allow-list' });
  }
  if (platform.vpos) return createApiVposPayment(db, actor, body, amount, origin);
  let mobile: string | null = null;
  if (body.payer_mobile) {
    mobile = normalizeMobile(body.payer_mobile);
    if (!mobile) throw new ApiError(400, 'validation_failed', 'Some fields are not valid', { payer_mobile: 'mobileInvalid' });
  }
  try {
    const p = await createPayment(db, {
      platformId: actor.platformId,
      source: 'api',
      livemode: actor.livemode,
      amount,
      orderId: body.order_id,
      callbackUrl: body.callback_url,
      payerMobile: mobile,
      payerName: body.payer_name ?? null,
      description: body.description ?? null,
      product: body.product ?? null,
      amountLocked: true,
    });
    return paymentResource(p, origin);
  } catch (err) {
    if (err instanceof DuplicateOrderError) throw new ApiError(409, 'duplicate_order_id', 'A payment with this order_id already exists for this platform');
    throw err;
  }
}

/** A lira payment on the definition named or the platform's default; the payer pays on N Kolay's page. */
async function createApiVposPayment(db: Db, actor: ApiActor, body: z.output<typeof createPaymentRequestSchema>, amount: bigint, origin: string) {
  // N Kolay takes at most 12 digits of lira.
  if (amount >= 100_000_000_000_000n) throw new ApiError(400, 'validation_failed', 'Some fields are not valid', { amount: 'at most 12 digits of lira' });
  // A Turkish payer's mobile (+90 5xx …), kept as the payer's phone; the Iranian SMS never reaches it.
  let phone: string | null = null;
  if (body.payer_mobile) {
    phone = normalizeTurkishMobile(body.payer_mobile);
    if (!phone) throw new ApiError(400, 'validation_failed', 'Some fields are not valid', { payer_mobile: 'a Turkish mobile, e.g. +90 532 123 45 67' });
  }
  const d = await definitionForPayment(db, actor.merchantId, actor.platformId, body.pos_definition_id);
  if (!d) {
    throw body.pos_definition_id
      ? new ApiError(400, 'validation_failed', 'Some fields are not valid', { pos_definition_id: 'no such POS definition' })
      : new ApiError(409, 'pos_definition_missing', 'Choose a POS definition for this platform first (portal: Virtual POS › Definitions)');
  }
  if (!d.enabled) throw new ApiError(409, 'pos_definition_disabled', 'The POS definition is switched off');
  // A test key pays on a test-environment definition, a live key on a production one.
  if ((d.environment === 'production') !== actor.livemode) {
    throw new ApiError(
      409,
      'pos_environment_mismatch',
      actor.livemode ? 'A live key needs a production POS definition' : 'A test key needs a test POS definition',
    );
  }
  try {
    const p = await createVposPayment(db, {
      platformId: actor.platformId,
      definitionId: d.id,
      channel: 'checkout',
      livemode: actor.livemode,
      amount,
      orderId: body.order_id,
      callbackUrl: body.callback_url,
      payerName: body.payer_name ?? null,
      payerPhone: phone,
      description: body.description ?? null,
      source: 'api',
    });
    return paymentResource(p, origin);
  } catch (err) {
    if (err instanceof DuplicateOrderError) throw new ApiError(409, 'duplicate_order_id', 'A payment with this order_id already exists for this platform');
    throw err;
  }
}

const mine = (actor: ApiActor) => and(eq(payments.platformId, actor.platformId), eq(payments.livemode, actor.livemode));

export async function getApiPayment(db: Db, actor: ApiActor, id: string, origin: string) {
  if (!isUuid(id)) throw new ApiError(404, 'not_found', 'No such payment');
  const [p] = await db
    .select()
    .from(payments)
    .where(and(eq(payments.id, id), mine(actor)));
  if (!p) throw new ApiError(404, 'not_found', 'No such payment');
  return paymentResource(p, origin);
}

export async function listApiPayments(db: Db, actor: ApiActor, query: URLSearchParams, origin: string) {
  // Only the first of a repeated parameter counts, as with URLSearchParams.get; unknown ones are ignored.
  const raw: Record<string, string> = {};
  for (const name of ['order_id', 'limit'] as const) {
    const v = query.get(name);
    if (v !== null) raw[name] = v;
  }
  const parsed = listPaymentsQuerySchema.safeParse(raw);
  if (!parsed.success) {
    const fields: Record<string, string> = {};
    for (const i of parsed.error.issues) fields[String(i.path[0] ?? '_')] ??= i.message;
    throw new ApiError(400, 'validation_failed', 'Some query parameters are not valid', fields);
  }
  const orderId = parsed.data.order_id ?? null;
  const limit = parsed.data.limit ?? 20;
  const rows = await db
    .select()
    .from(payments)
    .where(and(mine(actor), orderId !== null ? eq(payments.orderId, orderId) : undefined))
    .orderBy(desc(payments.createdAt))
    .limit(limit);
  return { data: rows.map((p) => paymentResource(p, origin)) };
}

export async function createApiPaymentLink(db: Db, actor: ApiActor, body: z.output<typeof createPaymentLinkRequestSchema>, origin: string) {
  await requirePaymentService(db, actor);
  const amount = amountOf(body.amount);
  const expiresAt = body.expires_at ? new Date(body.expires_at) : null;
  if (expiresAt && expiresAt <= new Date()) throw new ApiError(400, 'validation_failed', 'Some fields are not valid', { expires_at: 'must be in the future' });
  const link = await createOneOffLink(db, actor, {
    amount,
    description: body.description ?? null,
    expiresAt,
    usageLimit: body.usage_limit ?? 1,
    livemode: actor.livemode,
  });
  return {
    id: link.id,
    url: `${origin}/pay/l/${link.code}`,
    amount: link.amount.toString(),
    description: link.description,
    expires_at: link.expiresAt?.toISOString() ?? null,
    usage_limit: link.usageLimit,
    used_count: link.usedCount,
    livemode: link.livemode,
    created_at: link.createdAt.toISOString(),
  };
}

/** Live keys see the ledger; test keys see what their sandbox payments would have made. */
export async function apiBalance(db: Db, actor: ApiActor) {
  const live = actor.livemode;
  const [fees] = await db
    .select({ fees: sql<string>`coalesce(sum(${payments.fee}), 0)`, net: sql<string>`coalesce(sum(${payments.amount} - coalesce(${payments.fee}, 0)), 0)` })
    .from(payments)
    .where(and(eq(payments.platformId, actor.platformId), eq(payments.livemode, live), eq(payments.state, 'succeeded'), eq(payments.currency, 'IRR')));
  const b = live ? await platformBalances(db, actor.platformId) : { pending: BigInt(fees.net), withdrawable: 0n };
  return {
    platform_id: actor.platformId,
    livemode: live,
    currency: 'IRR' as const,
    pending: b.pending.toString(),
    withdrawable: b.withdrawable.toString(),
    fees: fees.fees,
  };
}
