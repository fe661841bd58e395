import { and, eq } from 'drizzle-orm';
import type { z } from 'zod';
import type { Db } from '@/db';
import { merchantServices, platforms, type TopupOrder, type TopupProduct } from '@/db/schema';
import type { ApiActor } from '@/lib/actor';
import { createTopup, getTopup, offeredProducts, topupEventData, topupProvider, TOPUP_ERROR_FIELD, type TopupError } from '@/lib/topup';
import { detectOperator } from '@/lib/topup/operators';
import type { CreateTopupRequest, topupProductsQuerySchema } from '@/lib/topup/schemas';
import { ApiError } from './http';
import { callbackAllowed } from './payments';
import type { TopupProductListResponse, TopupProductResponse, TopupResponse } from './schemas';

/**
 * The API's side of the charge gateway: the catalogue the calling platform may sell, orders made
 * with an Idempotency-Key and paid by the buyer at `payment_url`, and their delivery state. Only
 * platforms of the charge service; test keys sell the sandbox provider's products.
 */

async function requireChargePlatform(db: Db, actor: ApiActor) {
  const [row] = await db
    .select({ serviceId: merchantServices.serviceId, callbackUrls: platforms.callbackUrls })
    .from(platforms)
    .innerJoin(merchantServices, eq(merchantServices.id, platforms.merchantServiceId))
    .where(and(eq(platforms.id, actor.platformId), eq(platforms.userId, actor.merchantId)));
  if (row?.serviceId !== 'charge') throw new ApiError(403, 'service_not_enabled', 'Top-ups need a platform of the charge service');
  return row;
}

/** A product as listTopupProducts answers it; typed by the document's schema, so the two cannot drift apart. */
export function productResource(p: TopupProduct): TopupProductResponse {
  return {
    id: p.id,
    operator: p.operator,
    kind: p.kind,
    sim_type: p.simType,
    title: { fa: p.titleFa, en: p.titleEn },
    price: p.price?.toString() ?? null,
    min_amount: p.minAmount?.toString() ?? null,
    max_amount: p.maxAmount?.toString() ?? null,
    step: p.step?.toString() ?? null,
    amounts: p.amounts ?? null,
    volume_mb: p.volumeMb,
    duration_days: p.durationDays,
  };
}

export async function listApiTopupProducts(db: Db, actor: ApiActor, q: z.output<typeof topupProductsQuerySchema>): Promise<TopupProductListResponse> {
  await requireChargePlatform(db, actor);
  const detected = q.mobile ? (detectOperator(q.mobile)?.operator ?? null) : null;
  if (q.mobile && !detected && !q.operator) throw new ApiError(400, 'validation_failed', 'Some fields are not valid', { mobile: 'operatorUnknown' });
  const provider = await topupProvider(db, actor.livemode);
  if (!provider) throw new ApiError(503, 'upstream_unavailable', 'Top-ups are not available right now');
  const products = await offeredProducts(db, provider.id, { operator: q.operator ?? detected, kind: q.kind ?? null });
  return { detected_operator: detected, data: products.map(productResource) };
}

/** The answer of createTopup and getTopup (and, without payment_url, the topup.* webhooks' data); typed by the document's schema. */
export function topupResource(o: TopupOrder, origin: string): TopupResponse {
  return { ...topupEventData(o), payment_url: o.state === 'awaiting_payment' ? `${origin}/pay/go/${o.paymentId}` : null };
}

const REFUSAL_STATUS: Partial<Record<TopupError, [number, string]>> = {
  duplicateOrder: [409, 'duplicate_order_id'],
  providerUnavailable: [503, 'upstream_unavailable'],
};

export async function createApiTopup(db: Db, actor: ApiActor, body: CreateTopupRequest, origin: string) {
  const platform = await requireChargePlatform(db, actor);
  if (!callbackAllowed(body.callback_url, platform.callbackUrls)) {
    throw new ApiError(400, 'callback_url_not_allowed', "The callback URL is not on the platform's allow-list", { callback_url: 'not on the allow-list' });
  }
  const r = await createTopup(db, {
    platformId: actor.platformId,
    livemode: actor.livemode,
    mobile: body.mobile,
    operator: body.operator ?? null,
    productId: body.product_id ?? null,
    amount: body.amount,
    orderId: body.order_id,
    callbackUrl: body.callback_url,
    channel: 'api',
  });
  if (!r.ok) {
    const error = r.error as TopupError;
    const [status, code] = REFUSAL_STATUS[error] ?? [400, 'validation_failed'];
    throw new ApiError(status, code, status === 400 ? 'Some fields are not valid' : error, { [TOPUP_ERROR_FIELD[error]]: error });
  }
  return topupResource(r.data.order, origin);
}

export async function getApiTopup(db: Db, actor: ApiActor, id: string, origin: string) {
  await requireChargePlatform(db, actor);
  const o = await getTopup(db, actor.platformId, id);
  if (!o || o.livemode !== actor.livemode) throw new ApiError(404, 'not_found', 'No such top-up');
  return topupResource(o, origin);
}
