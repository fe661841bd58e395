/**
 * The top-up screens' edges: the merchant's store action (another merchant's platform, bad input),
 * staff's actions refused to a merchant and their own refusals, and the reads behind the pages
 * (only the merchant's own charge platforms and commission). Commission rates and products are
 * global, and other files sell top-ups meanwhile: these tests touch only Taliya's PIN rate (which no
 * other file sells) and a product of a provider of their own, and put them back.
 */
import { randomUUID } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Db } from '@/db';
import { auditEvents, payments, platforms, topupCommissions, topupOrders, topupProducts, topupStores, type User } from '@/db/schema';

const h = vi.hoisted(() => ({ db: undefined as Db | undefined, user: null as null | { id: string; role: string } }));
vi.mock('next/cache', () => ({ revalidatePath: () => {}, revalidateTag: () => {} }));
vi.mock('next/headers', () => ({ headers: async () => new Headers() }));
vi.mock('@/db', async (orig) => ({ ...(await orig<typeof import('@/db')>()), getDb: () => h.db! }));
vi.mock('@/lib/auth/session', async () => (await import('@/test/actions')).sessionMock(h));

const { testDb } = await import('@/test/db');
const { makeAdmin, makeMerchantService, merchantActorOf, staffActorOf } = await import('@/test/fixtures');
const { addPlatform } = await import('@/lib/platforms');
const { addPlatformSchema } = await import('@/lib/validation/platforms');
const { createPayment } = await import('@/lib/payments');
const portal = await import('./portal');
const merchantActions = await import('@/app/(portal)/topup/actions');
const staffActions = await import('@/app/admin/topup/actions');

const db = testDb();
h.db = db;

async function chargeMerchant() {
  const { merchant, merchantServiceId } = await makeMerchantService(db, 'charge');
  const made = await addPlatform(
    db,
    merchantActorOf(merchant),
    addPlatformSchema.parse({ type: 'app', name: 'Charge app', address: 'ir.charge.app', expectedMonthlyVolume: '1000000', merchantServiceId }),
  );
  if (!made.ok) throw new Error(made.error);
  return { merchant, platform: made.data.platform };
}

let A: Awaited<ReturnType<typeof chargeMerchant>>;
let B: Awaited<ReturnType<typeof chargeMerchant>>;
let staff: User;
let productId: string;
const PROVIDER = `pt${randomUUID().slice(0, 8)}`;

async function refused(p: Promise<{ ok: boolean }>): Promise<boolean> {
  try {
    return !(await p).ok;
  } catch {
    return true;
  }
}

beforeAll(async () => {
  [A, B] = await Promise.all([chargeMerchant(), chargeMerchant()]);
  staff = await makeAdmin(db);
  const [p] = await db
    .insert(topupProducts)
    .values({
      provider: PROVIDER,
      upstreamId: 'x1',
      operator: 'taliya',
      kind: 'pin',
      simType: 'prepaid',
      titleFa: 'کارت آزمایشی',
      price: 100_000n,
      marginBasisPoints: 300,
    })
    .returning();
  productId = p.id;
  // action() logs a guard's refusal as an unknown error; the refusals are the point here.
  vi.spyOn(console, 'error').mockImplementation(() => {});
});
afterAll(async () => {
  await db.delete(topupCommissions).where(and(eq(topupCommissions.operator, 'taliya'), eq(topupCommissions.kind, 'pin')));
  vi.mocked(console.error).mockRestore();
});

const settings = (platformId: string, over: Record<string, unknown> = {}) => ({
  platformId,
  handle: `st-${randomUUID().slice(0, 8)}`,
  title: 'My store',
  enabled: true,
  supportPhone: '021 8877 6655',
  ...over,
});

describe('the merchant’s store action', () => {
  it('saves the merchant’s own store; another merchant’s platform is not found and nothing is written', async () => {
    h.user = A.merchant;
    const mine = settings(A.platform.id);
    expect(await merchantActions.saveStoreSettingsAction(mine)).toEqual({ ok: true, data: undefined });
    const [row] = await db.select().from(topupStores).where(eq(topupStores.platformId, A.platform.id));
    expect(row).toMatchObject({ handle: mine.handle, title: 'My store', supportPhone: '02188776655' });

    expect(await merchantActions.saveStoreSettingsAction(settings(B.platform.id))).toMatchObject({ ok: false, error: 'notFound' });
    expect(await db.select().from(topupStores).where(eq(topupStores.platformId, B.platform.id))).toEqual([]);
    // A platform id that is not a uuid, or a platform of another service, is refused the same way.
    expect(await merchantActions.saveStoreSettingsAction(settings('not-a-uuid'))).toMatchObject({ ok: false, fieldErrors: { platformId: 'required' } });
  });

  it('refuses bad input by its field, and a handle another store has', async () => {
    h.user = A.merchant;
    const r = await merchantActions.saveStoreSettingsAction(settings(A.platform.id, { handle: '9-bad', title: ' ', supportPhone: '12ab' }));
    expect(r).toEqual({ ok: false, fieldErrors: { handle: 'handleInvalid', title: 'required', supportPhone: 'phoneInvalid' } });
    expect(await merchantActions.saveStoreSettingsAction(settings(A.platform.id, { title: 'x'.repeat(121) }))).toMatchObject({
      fieldErrors: { title: 'tooLong' },
    });
    h.user = B.merchant;
    const [a] = await db.select().from(topupStores).where(eq(topupStores.platformId, A.platform.id));
    expect(await merchantActions.saveStoreSettingsAction(settings(B.platform.id, { handle: a.handle }))).toEqual({
      ok: false,
      fieldErrors: { handle: 'handleTaken' },
    });
  });

  it('is refused to staff and to a visitor without a session', async () => {
    h.user = staff;
    expect(await refused(merchantActions.saveStoreSettingsAction(settings(A.platform.id)))).toBe(true);
    h.user = null;
    expect(await refused(merchantActions.saveStoreSettingsAction(settings(A.platform.id)))).toBe(true);
  });
});

describe('staff’s top-up actions', () => {
  it('refuse a merchant and change nothing', async () => {
    h.user = A.merchant;
    expect(await refused(staffActions.setCommissionAction({ operator: 'taliya', kind: 'pin', percent: 90 }))).toBe(true);
    expect(await refused(staffActions.setProductHiddenAction({ productId, hidden: true }))).toBe(true);
    expect(await refused(staffActions.syncCatalogueAction({}))).toBe(true);
    expect(
      await db
        .select()
        .from(topupCommissions)
        .where(and(eq(topupCommissions.operator, 'taliya'), eq(topupCommissions.kind, 'pin'))),
    ).toEqual([]);
    const [p] = await db.select().from(topupProducts).where(eq(topupProducts.id, productId));
    expect(p.hidden).toBe(false);
  });

  it('set a rate as a percent of the margin (kept in basis points), audited; bad percents by their field', async () => {
    h.user = staff;
    expect(await staffActions.setCommissionAction({ operator: 'taliya', kind: 'pin', percent: '37.5' as never })).toEqual({ ok: true, data: undefined });
    const [row] = await db
      .select()
      .from(topupCommissions)
      .where(and(eq(topupCommissions.operator, 'taliya'), eq(topupCommissions.kind, 'pin')));
    expect(row.commissionBasisPoints).toBe(3750);
    const [ev] = await db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.objectType, 'topup_commission'), eq(auditEvents.objectId, 'taliya:pin'), eq(auditEvents.actorUserId, staff.id)));
    expect(ev.after).toEqual({ commissionBasisPoints: 3750 });

    expect(await staffActions.setCommissionAction({ operator: 'taliya', kind: 'pin', percent: 101 })).toEqual({
      ok: false,
      fieldErrors: { percent: 'percentRange' },
    });
    expect(await staffActions.setCommissionAction({ operator: 'taliya', kind: 'pin', percent: 'abc' as never })).toEqual({
      ok: false,
      fieldErrors: { percent: 'numberInvalid' },
    });
    expect(await staffActions.setCommissionAction({ operator: 'nokia' as never, kind: 'pin', percent: 10 })).toMatchObject({
      ok: false,
      fieldErrors: { operator: 'operatorUnknown' },
    });
    const [still] = await db
      .select()
      .from(topupCommissions)
      .where(and(eq(topupCommissions.operator, 'taliya'), eq(topupCommissions.kind, 'pin')));
    expect(still.commissionBasisPoints).toBe(3750);
  });

  it('hide and show a product; an unknown one is not found', async () => {
    h.user = staff;
    expect(await staffActions.setProductHiddenAction({ productId, hidden: true })).toEqual({ ok: true, data: undefined });
    expect((await db.select().from(topupProducts).where(eq(topupProducts.id, productId)))[0].hidden).toBe(true);
    expect(await staffActions.setProductHiddenAction({ productId, hidden: false })).toEqual({ ok: true, data: undefined });
    expect((await db.select().from(topupProducts).where(eq(topupProducts.id, productId)))[0].hidden).toBe(false);
    expect(await staffActions.setProductHiddenAction({ productId: randomUUID(), hidden: true })).toMatchObject({ ok: false, error: 'notFound' });
    expect(await staffActions.setProductHiddenAction({ productId: 'x', hidden: true })).toMatchObject({ ok: false, fieldErrors: { productId: 'notFound' } });
  });

  it('sync the catalogue now, audited with what came of it', async () => {
    h.user = staff;
    const r = await staffActions.syncCatalogueAction({});
    expect(r).toMatchObject({ ok: true, data: expect.arrayContaining([expect.objectContaining({ provider: 'sandbox' })]) });
    const [ev] = await db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.objectType, 'topup_catalogue'), eq(auditEvents.actorUserId, staff.id)));
    expect(ev).toMatchObject({ action: 'sync', merchantId: null });
  });
});

describe('the pages’ reads', () => {
  it('list only the merchant’s own charge platforms and the commission its delivered live orders earned', async () => {
    const a = merchantActorOf(A.merchant);
    expect((await portal.merchantChargePlatforms(db, a)).map((r) => r.platform.id)).toEqual([A.platform.id]);
    // Orders of both merchants: only A's delivered live ones count for A.
    const order = async (platformId: string, state: 'delivered' | 'failed', livemode: boolean, commission: bigint) => {
      const pay = await createPayment(db, { platformId, source: 'topup', livemode, amount: 100_000n, amountLocked: true });
      await db.insert(topupOrders).values({
        platformId,
        paymentId: pay.id,
        livemode,
        orderId: pay.orderId,
        mobile: '09321234567',
        operator: 'taliya',
        productId,
        provider: PROVIDER,
        upstreamId: 'x1',
        kind: 'pin',
        title: 'کارت آزمایشی',
        amount: 100_000n,
        marginBasisPoints: 300,
        commissionBasisPoints: 5000,
        commission,
        state,
        channel: 'api',
      });
    };
    await db.update(platforms).set({ status: 'approved' }).where(eq(platforms.id, A.platform.id));
    await order(A.platform.id, 'delivered', true, 1_500n);
    await order(A.platform.id, 'delivered', true, 700n);
    await order(A.platform.id, 'delivered', false, 9_999n);
    await order(A.platform.id, 'failed', true, 0n);
    await order(B.platform.id, 'delivered', true, 4_000n);
    expect(await portal.commissionByPlatform(db, a)).toEqual(new Map([[A.platform.id, 2_200n]]));
    expect(await portal.commissionByPlatform(db, merchantActorOf(B.merchant))).toEqual(new Map([[B.platform.id, 4_000n]]));
    expect(await db.select({ id: payments.id }).from(payments).where(eq(payments.platformId, A.platform.id))).toHaveLength(4);
  });

  it('staff reads are staff only', async () => {
    const a = merchantActorOf(A.merchant);
    await expect(portal.commissionSettings(db, a as never)).rejects.toThrow('staff only');
    await expect(portal.staffCatalogue(db, a as never)).rejects.toThrow('staff only');
    await expect(portal.syncCataloguesNow(db, a as never)).rejects.toThrow('staff only');
    const mine = await portal.staffCatalogue(db, staffActorOf(staff), { provider: PROVIDER });
    expect(mine.map((p) => p.id)).toEqual([productId]);
  });
});
