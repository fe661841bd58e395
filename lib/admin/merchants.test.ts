import { randomInt } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { auditEvents, kycProfiles, messages, type User } from '@/db/schema';
import type { StaffActor } from '@/lib/actor';
import { decidePlatform } from '@/lib/platforms';
import { testDb } from '@/test/db';
import { makeAdmin, makeMerchant, makePlatform, merchantActorOf, staffActorOf } from '@/test/fixtures';
import { getMerchantForStaff, listMerchants } from './merchants';

const db = testDb();
let staff: StaffActor;
let withKyc: User;
let bare: User;
let platformOwner: User;
let platformId: string;
const nationalCode = String(randomInt(1_000_000_000, 9_999_999_999));
// A surname no other test file writes, so that the search finds only ours.
const surname = `بهرامی${randomInt(1_000_000)}`;

beforeAll(async () => {
  staff = staffActorOf(await makeAdmin(db));
  withKyc = await makeMerchant(db);
  await db.insert(kycProfiles).values({
    userId: withKyc.id,
    kind: 'natural',
    status: 'submitted',
    submittedAt: new Date(),
    identity: { firstName: 'مریم', lastName: surname, nationalCode, province: 'خراسان رضوی', city: 'مشهد' },
  });
  bare = await makeMerchant(db);
  const made = await makePlatform(db, { type: 'website', name: 'shop', address: 'https://shop.example', expectedMonthlyVolume: '1000000' });
  platformOwner = made.merchant;
  platformId = made.platform.id;
  const r = await decidePlatform(db, staff, { platformId, approve: false, reason: 'نشانی سایت باز نمی‌شود' });
  expect(r.ok).toBe(true);
  await db.insert(messages).values({ userId: platformOwner.id, source: 'staff', category: 'announcement', title: 'Hello', body: 'Body' });
});

const ids = (rows: { id: string }[]) => rows.map((r) => r.id);
const page = { limit: 26, offset: 0 };

describe("staff's merchant list", () => {
  it('finds a merchant by national code, by the start of the mobile, and by a name in the customer information', async () => {
    expect(ids(await listMerchants(db, staff, { ...page, q: nationalCode }))).toEqual([withKyc.id]);
    // Persian digits, as typed on a Persian keyboard.
    const persian = nationalCode.replace(/\d/g, (d) => '۰۱۲۳۴۵۶۷۸۹'[Number(d)]);
    expect(ids(await listMerchants(db, staff, { ...page, q: persian }))).toEqual([withKyc.id]);
    expect(ids(await listMerchants(db, staff, { ...page, q: bare.mobile }))).toEqual([bare.id]);
    expect(ids(await listMerchants(db, staff, { ...page, q: bare.mobile.slice(1) }))).toEqual([bare.id]);
    const [row] = await listMerchants(db, staff, { ...page, q: surname });
    expect(row).toMatchObject({ id: withKyc.id, kyc: 'submitted', businessName: `مریم ${surname}`, province: 'خراسان رضوی' });
  });

  it('filters by KYC state, province and service, and the filters combine', async () => {
    const none = ids(await listMerchants(db, staff, { limit: 101, offset: 0, kyc: 'none', q: bare.mobile }));
    expect(none).toEqual([bare.id]);
    expect(await listMerchants(db, staff, { ...page, kyc: 'approved', q: nationalCode })).toEqual([]);
    expect(ids(await listMerchants(db, staff, { ...page, province: 'خراسان رضوی', q: surname }))).toEqual([withKyc.id]);
    expect(await listMerchants(db, staff, { ...page, province: 'تهران', q: surname })).toEqual([]);
    const [owner] = await listMerchants(db, staff, { ...page, service: 'payment', q: platformOwner.mobile });
    expect(owner.id).toBe(platformOwner.id);
    expect(owner.services).toEqual([{ serviceId: 'payment', status: 'active' }]);
    expect(await listMerchants(db, staff, { ...page, service: 'vpos', q: platformOwner.mobile })).toEqual([]);
  });

  it('never lists staff, and a search with LIKE wildcards matches them literally', async () => {
    const admin = await makeAdmin(db);
    expect(await listMerchants(db, staff, { ...page, q: admin.mobile })).toEqual([]);
    expect(await listMerchants(db, staff, { ...page, q: '%' })).toEqual([]);
  });

  it('pages are bounded', async () => {
    expect((await listMerchants(db, staff, { limit: 10_000, offset: 0 })).length).toBeLessThanOrEqual(101);
  });
});

describe("staff's merchant page", () => {
  it('gathers the platforms with their balances, services, messages and the decisions with their reasons', async () => {
    const m = (await getMerchantForStaff(db, staff, platformOwner.id))!;
    expect(m.user.mobile).toBe(platformOwner.mobile);
    expect(m.services.map((s) => s.serviceId)).toEqual(['payment']);
    expect(m.platforms).toHaveLength(1);
    expect(m.platforms[0]).toMatchObject({ id: platformId, status: 'rejected', decisionReason: 'نشانی سایت باز نمی‌شود' });
    expect(m.platforms[0].balances).toEqual({ pending: 0n, withdrawable: 0n, held: 0n, owed: 0n });
    expect(m.messages.map((x) => x.source).sort()).toEqual(['staff', 'system']);
    expect(m.messages.find((x) => x.source === 'system')).toMatchObject({ template: 'platformRejected' });
    expect(m.decisions).toEqual([
      expect.objectContaining({ action: 'reject', objectType: 'platform', objectId: platformId, reason: 'نشانی سایت باز نمی‌شود', staff: 'A T' }),
    ]);
  });

  it('shows only staff decisions, not what the merchant did', async () => {
    const own = await db.select().from(auditEvents).where(eq(auditEvents.merchantId, platformOwner.id));
    expect(own.some((e) => e.actorKind === 'merchant')).toBe(true);
    const m = (await getMerchantForStaff(db, staff, platformOwner.id))!;
    expect(m.decisions.every((d) => d.action === 'reject')).toBe(true);
  });

  it('answers null for a staff account, an unknown id and a malformed one', async () => {
    expect(await getMerchantForStaff(db, staff, staff.userId)).toBeNull();
    expect(await getMerchantForStaff(db, staff, '00000000-0000-4000-8000-000000000000')).toBeNull();
    expect(await getMerchantForStaff(db, staff, 'nope')).toBeNull();
  });
});

describe('a merchant', () => {
  it('cannot call the staff queries, even handing in its own actor as if it were staff', async () => {
    const disguised = merchantActorOf(withKyc) as unknown as StaffActor;
    await expect(listMerchants(db, disguised, page)).rejects.toThrow('staff only');
    await expect(getMerchantForStaff(db, disguised, withKyc.id)).rejects.toThrow('staff only');
  });
});
