import { and, desc, eq, inArray, sql } from 'drizzle-orm';
import type { Db, DbOrTx } from '@/db';
import { violates } from '@/db/errors';
import { platforms, refunds, topupOrders, topupStores, type TopupOrder, type TopupStore } from '@/db/schema';
import { ownedBy, type MerchantActor, type StaffActor, assertStaff } from '@/lib/actor';
import { audit } from '@/lib/audit';
import { env } from '@/lib/env';
import { hit } from '@/lib/rate-limit';
import { err, fieldErr, ok, type Result } from '@/lib/result';
import { isUuid } from '@/lib/validation/ids';
import { chargePlatform, createTopup, offeredProducts, topupProvider, type TopupError } from '.';
import type { Operator } from './provider';
import type { StoreOrderInput, StoreSettingsInput } from './schemas';

/**
 * The hosted top-up store, `/topup/<handle>`, for merchants without an app of their own: its
 * settings (the merchant's), what a buyer sees and buys there (public, throttled per address),
 * and the order page a buyer returns to.
 */

/** The merchant's charge platform and its store settings (null before the first save). */
export async function getStoreSettings(db: DbOrTx, actor: MerchantActor | StaffActor, platformId: string): Promise<{ store: TopupStore | null } | null> {
  const platform = await chargePlatform(db, platformId, actor.kind === 'merchant' ? actor.merchantId : undefined);
  if (!platform) return null;
  const [store] = await db.select().from(topupStores).where(eq(topupStores.platformId, platform.id));
  return { store: store ?? null };
}

export async function saveStoreSettings(db: Db, actor: MerchantActor, input: StoreSettingsInput): Promise<Result<TopupStore, 'notFound'>> {
  const platform = await chargePlatform(db, input.platformId, actor.merchantId);
  if (!platform) return err('notFound');
  const values = { handle: input.handle, title: input.title, enabled: input.enabled, supportPhone: input.supportPhone, updatedAt: new Date() };
  try {
    return await db.transaction(async (tx) => {
      const [before] = await tx.select().from(topupStores).where(eq(topupStores.platformId, platform.id)).for('update');
      const [saved] = await tx
        .insert(topupStores)
        .values({ platformId: platform.id, ...values })
        .onConflictDoUpdate({ target: topupStores.platformId, set: values })
        .returning();
      const view = (s: TopupStore) => ({ handle: s.handle, title: s.title, enabled: s.enabled, supportPhone: s.supportPhone });
      await audit(tx, actor, {
        action: before ? 'update' : 'create',
        objectType: 'topup_store',
        objectId: platform.id,
        before: before ? view(before) : null,
        after: view(saved),
      });
      return ok(saved);
    });
  } catch (e) {
    if (violates(e, 'topup_stores_handle_key')) return fieldErr({ handle: 'handleTaken' });
    throw e;
  }
}

export type PublicStore = { platformId: string; handle: string; title: string; supportPhone: string | null; platformName: string; livemode: boolean };

/** A store a buyer may use: enabled, of a platform that is not rejected, paused or suspended. Live once the platform is approved. */
export async function storeByHandle(db: DbOrTx, handle: string): Promise<PublicStore | null> {
  if (!/^[a-z][a-z0-9-]{2,31}$/.test(handle)) return null;
  const [row] = await db
    .select({ store: topupStores, name: platforms.name, status: platforms.status })
    .from(topupStores)
    .innerJoin(platforms, eq(platforms.id, topupStores.platformId))
    .where(and(eq(topupStores.handle, handle), eq(topupStores.enabled, true)));
  if (!row || !['approved', 'pending'].includes(row.status)) return null;
  return {
    platformId: row.store.platformId,
    handle: row.store.handle,
    title: row.store.title,
    supportPhone: row.store.supportPhone,
    platformName: row.name,
    livemode: row.status === 'approved',
  };
}

/** What the store offers: every operator's products, or one operator's. */
export async function storeProducts(db: DbOrTx, store: PublicStore, operator: Operator | null = null) {
  const provider = await topupProvider(db, store.livemode);
  return provider ? offeredProducts(db, provider.id, { operator }) : [];
}

/** Orders a buyer may start from one address: 10 in 10 minutes (the payment links' rule). */
export const STORE_ORDER_RULE = { limit: 10, windowSeconds: 600 } as const;

/** A buyer's order in the store: the order and its payment, whose page the buyer is sent to. */
export async function createStoreOrder(
  db: Db,
  input: StoreOrderInput,
  ip: string,
): Promise<Result<{ orderId: string; paymentId: string }, TopupError | 'notFound' | 'tooMany'>> {
  const store = await storeByHandle(db, input.handle);
  if (!store) return err('notFound');
  if (!(await hit(db, `topup:store:${ip}`, STORE_ORDER_RULE)).ok) return err('tooMany');
  const r = await createTopup(db, {
    platformId: store.platformId,
    livemode: store.livemode,
    mobile: input.mobile,
    operator: input.operator ?? null,
    productId: input.productId ?? null,
    amount: input.amount,
    orderId: null,
    callbackUrl: null,
    channel: 'store',
  });
  if (!r.ok) return r;
  return ok({ orderId: r.data.order.id, paymentId: r.data.payment.id });
}

/** The order page of a store buyer: by the order's id (a random uuid the buyer was sent to), within its store. */
export async function storeOrder(
  db: DbOrTx,
  handle: string,
  orderId: string,
): Promise<{ order: TopupOrder; store: PublicStore; refundState: string | null } | null> {
  if (!isUuid(orderId)) return null;
  const store = await storeByHandle(db, handle);
  if (!store) return null;
  const [row] = await db
    .select({ order: topupOrders, refundState: refunds.state })
    .from(topupOrders)
    .leftJoin(refunds, eq(refunds.id, topupOrders.refundId))
    .where(and(eq(topupOrders.id, orderId), eq(topupOrders.platformId, store.platformId), eq(topupOrders.channel, 'store')));
  return row ? { order: row.order, store, refundState: row.refundState ?? null } : null;
}

// ————————————————————————————————————————————————— the merchant's and staff's reading

/** The actor's top-up orders (one platform or all), newest first. */
export async function listTopupOrders(
  db: DbOrTx,
  actor: MerchantActor | StaffActor,
  opts: { platformId?: string | null; state?: TopupOrder['state'] | null; limit?: number } = {},
) {
  if (opts.platformId && !isUuid(opts.platformId)) return [];
  return db
    .select({ order: topupOrders, platformName: platforms.name, merchantId: platforms.userId })
    .from(topupOrders)
    .innerJoin(platforms, eq(platforms.id, topupOrders.platformId))
    .where(
      and(
        ownedBy(actor, platforms.userId),
        opts.platformId ? eq(topupOrders.platformId, opts.platformId) : undefined,
        opts.state ? eq(topupOrders.state, opts.state) : undefined,
      ),
    )
    .orderBy(desc(topupOrders.createdAt), desc(topupOrders.id))
    .limit(Math.min(opts.limit ?? 50, 200));
}

/** Sales per product for a set of platforms (live orders): counts by delivery state, delivered amount and commission. */
export async function salesPerProduct(db: DbOrTx, actor: MerchantActor | StaffActor, platformId?: string | null) {
  if (platformId && !isUuid(platformId)) return [];
  return db
    .select({
      operator: topupOrders.operator,
      kind: topupOrders.kind,
      title: topupOrders.title,
      delivered: sql<number>`count(*) filter (where ${topupOrders.state} = 'delivered')::int`,
      failed: sql<number>`count(*) filter (where ${topupOrders.state} = 'failed')::int`,
      pending: sql<number>`count(*) filter (where ${topupOrders.state} in ('paid', 'delivering', 'unknown'))::int`,
      amount: sql<string>`coalesce(sum(${topupOrders.amount}) filter (where ${topupOrders.state} = 'delivered'), 0)::text`,
      commission: sql<string>`coalesce(sum(${topupOrders.commission}) filter (where ${topupOrders.state} = 'delivered'), 0)::text`,
    })
    .from(topupOrders)
    .innerJoin(platforms, eq(platforms.id, topupOrders.platformId))
    .where(and(ownedBy(actor, platforms.userId), eq(topupOrders.livemode, true), platformId ? eq(topupOrders.platformId, platformId) : undefined))
    .groupBy(topupOrders.operator, topupOrders.kind, topupOrders.title)
    .orderBy(sql`count(*) desc`);
}

/** Staff: the orders that need eyes — failed deliveries (with their refund's state) and ones the provider left unknown for over an hour. */
export async function topupTroubles(db: DbOrTx, staff: StaffActor) {
  assertStaff(staff);
  return db
    .select({ order: topupOrders, platformName: platforms.name, refundState: refunds.state })
    .from(topupOrders)
    .innerJoin(platforms, eq(platforms.id, topupOrders.platformId))
    .leftJoin(refunds, eq(refunds.id, topupOrders.refundId))
    .where(
      and(
        inArray(topupOrders.state, ['failed', 'unknown', 'delivering']),
        sql`(${topupOrders.state} = 'failed' and (${refunds.state} is null or ${refunds.state} <> 'succeeded')) or (${topupOrders.state} <> 'failed' and ${topupOrders.updatedAt} < now() - interval '1 hour')`,
      ),
    )
    .orderBy(desc(topupOrders.updatedAt))
    .limit(200);
}

/** Staff: the live provider's wallet balance, and whether it is below the alert line (TOPUP_WALLET_ALERT, default 50 000 000 Rials). */
export async function providerWallet(db: Db, staff: StaffActor, alertBelow = env().TOPUP_WALLET_ALERT) {
  assertStaff(staff);
  const provider = await topupProvider(db, true);
  if (!provider) return { provider: null, balance: null, low: false, reason: 'notConfigured' as const };
  const w = await provider.wallet();
  if (!w.ok) return { provider: provider.id, balance: null, low: false, reason: w.reason };
  return { provider: provider.id, balance: w.balance, low: w.balance < alertBelow, reason: null };
}
