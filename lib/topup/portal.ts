import { and, asc, eq, sql } from 'drizzle-orm';
import { z } from 'zod';
import type { Db, DbOrTx } from '@/db';
import { merchantServices, platforms, topupCommissions, topupOrders, topupProducts, topupStores } from '@/db/schema';
import { assertStaff, ownedBy, type MerchantActor, type StaffActor } from '@/lib/actor';
import { assertStaffMay } from '@/lib/staff/permissions';
import { audit } from '@/lib/audit';
import { ok, type Result } from '@/lib/result';
import { DEFAULT_COMMISSION_BP, syncCatalogues, topupProvider } from '.';
import { OPERATORS, type Operator, type ProductKind } from './provider';
import { sandboxProvider } from './sandbox';

/**
 * What the merchant's "Top-ups" page and staff's /admin/topup read beyond the core: the merchant's
 * charge platforms with their stores, the commission rates as they apply now, the commission earned
 * per platform, staff's view of the catalogue, and a catalogue sync staff start by hand.
 */

export const PRODUCT_KINDS = ['direct', 'wonderful', 'shoorangiz', 'pin', 'package'] as const satisfies readonly ProductKind[];

/** The merchant's platforms of the charge service, each with its store (null before the first save). */
export async function merchantChargePlatforms(db: DbOrTx, actor: MerchantActor) {
  return db
    .select({ platform: platforms, store: topupStores })
    .from(platforms)
    .innerJoin(merchantServices, eq(merchantServices.id, platforms.merchantServiceId))
    .leftJoin(topupStores, eq(topupStores.platformId, platforms.id))
    .where(and(eq(merchantServices.serviceId, 'charge'), ownedBy(actor, platforms.userId)))
    .orderBy(asc(platforms.createdAt));
}

export type CommissionRate = {
  operator: Operator;
  kind: ProductKind;
  commissionBp: number;
  isDefault: boolean;
  minMarginBp: number;
  maxMarginBp: number;
  products: number;
};

/**
 * The rates that apply now, per operator and kind the live catalogue sells (the sandbox's where no
 * live provider is configured): the merchant's share of the margin (set by staff, or the default
 * half) and the range of the provider's margin over those products.
 */
export async function commissionRates(db: DbOrTx): Promise<CommissionRate[]> {
  const provider = (await topupProvider(db, true)) ?? sandboxProvider();
  const [rows, set] = await Promise.all([
    db
      .select({
        operator: topupProducts.operator,
        kind: topupProducts.kind,
        minMarginBp: sql<number>`min(${topupProducts.marginBasisPoints})::int`,
        maxMarginBp: sql<number>`max(${topupProducts.marginBasisPoints})::int`,
        products: sql<number>`count(*)::int`,
      })
      .from(topupProducts)
      .where(and(eq(topupProducts.provider, provider.id), eq(topupProducts.upstreamActive, true), eq(topupProducts.hidden, false)))
      .groupBy(topupProducts.operator, topupProducts.kind),
    db.select().from(topupCommissions),
  ]);
  return rows
    .map((r) => {
      const s = set.find((c) => c.operator === r.operator && c.kind === r.kind);
      return { ...r, commissionBp: s?.commissionBasisPoints ?? DEFAULT_COMMISSION_BP, isDefault: !s };
    })
    .sort((a, b) => OPERATORS.indexOf(a.operator) - OPERATORS.indexOf(b.operator) || PRODUCT_KINDS.indexOf(a.kind) - PRODUCT_KINDS.indexOf(b.kind));
}

/** Staff's table: every operator and kind that has products in any catalogue or a rate set, with its rate. */
export async function commissionSettings(db: DbOrTx, staff: StaffActor) {
  assertStaff(staff);
  const [combos, set] = await Promise.all([
    db.selectDistinct({ operator: topupProducts.operator, kind: topupProducts.kind }).from(topupProducts),
    db.select().from(topupCommissions),
  ]);
  const all = new Map<string, { operator: Operator; kind: ProductKind }>();
  for (const c of [...combos, ...set]) all.set(`${c.operator}:${c.kind}`, { operator: c.operator, kind: c.kind });
  return [...all.values()]
    .map((c) => {
      const s = set.find((x) => x.operator === c.operator && x.kind === c.kind);
      return { ...c, commissionBp: s?.commissionBasisPoints ?? DEFAULT_COMMISSION_BP, isDefault: !s, updatedAt: s?.updatedAt ?? null };
    })
    .sort((a, b) => OPERATORS.indexOf(a.operator) - OPERATORS.indexOf(b.operator) || PRODUCT_KINDS.indexOf(a.kind) - PRODUCT_KINDS.indexOf(b.kind));
}

/** The commission each of the actor's platforms has earned: its delivered live orders' commission (already in its withdrawable balance). */
export async function commissionByPlatform(db: DbOrTx, actor: MerchantActor | StaffActor): Promise<Map<string, bigint>> {
  const rows = await db
    .select({ platformId: topupOrders.platformId, commission: sql<string>`coalesce(sum(${topupOrders.commission}), 0)::text` })
    .from(topupOrders)
    .innerJoin(platforms, eq(platforms.id, topupOrders.platformId))
    .where(and(ownedBy(actor, platforms.userId), eq(topupOrders.state, 'delivered'), eq(topupOrders.livemode, true)))
    .groupBy(topupOrders.platformId);
  return new Map(rows.map((r) => [r.platformId, BigInt(r.commission)]));
}

/** Staff's catalogue: every product of every provider synced (or one provider's, one operator's), hidden ones too. */
export async function staffCatalogue(db: DbOrTx, staff: StaffActor, f: { provider?: string | null; operator?: Operator | null } = {}) {
  assertStaff(staff);
  return db
    .select()
    .from(topupProducts)
    .where(and(f.provider ? eq(topupProducts.provider, f.provider) : undefined, f.operator ? eq(topupProducts.operator, f.operator) : undefined))
    .orderBy(asc(topupProducts.provider), asc(topupProducts.operator), asc(topupProducts.kind), asc(topupProducts.price), asc(topupProducts.titleFa))
    .limit(1000);
}

/**
 * Staff's "sync the catalogue now": run at once rather than handed to the queue, so staff see what
 * came of it (how many products, or the provider's refusal) on the page; it is one bounded call per
 * provider (the connector's timeout) and the same upsert the hourly job makes. Audited.
 */
export async function syncCataloguesNow(db: Db, staff: StaffActor): Promise<Result<{ provider: string; outcome: string }[]>> {
  assertStaffMay(staff, 'topup');
  const outcomes = await syncCatalogues(db);
  await audit(db, staff, { action: 'sync', objectType: 'topup_catalogue', objectId: 'all', merchantId: null, after: { outcomes } });
  return ok(outcomes);
}

/** Staff hide or show one product. */
export const productHiddenSchema = z.object({ productId: z.uuid('notFound'), hidden: z.boolean() });
