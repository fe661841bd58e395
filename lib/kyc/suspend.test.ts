import { and, eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { auditEvents, kycProfiles, messages, platforms } from '@/db/schema';
import { verifyApiKey } from '@/lib/api-keys';
import { requestPayout } from '@/lib/payouts';
import { fundedMerchant } from '@/lib/payouts/fixtures';
import { addPlatform, decidePlatform, suspendPlatform } from '@/lib/platforms';
import { addPlatformSchema } from '@/lib/validation/platforms';
import { makeAdmin, makePlatform, merchantActorOf, staffActorOf } from '@/test/fixtures';
import { testDb } from '@/test/db';
import { getKycProfile, isKycApproved, reinstateKyc, saveKycDraft, suspendKyc } from './index';

const db = testDb();

/** An approved business with three platforms: one live, one waiting, one staff suspended on its own. */
async function business() {
  const { merchant, merchantServiceId, platform: live, key } = await makePlatform(db);
  const staff = staffActorOf(await makeAdmin(db));
  expect((await decidePlatform(db, staff, { platformId: live.id, approve: true })).ok).toBe(true);
  const add = async (name: string) => {
    const r = await addPlatform(
      db,
      merchantActorOf(merchant),
      addPlatformSchema.parse({ type: 'app', name, address: `ir.${name}.app`, expectedMonthlyVolume: '1000000', merchantServiceId }),
    );
    if (!r.ok) throw new Error(r.error);
    return r.data.platform;
  };
  const waiting = await add('waiting');
  const own = await add('own');
  expect((await suspendPlatform(db, staff, { platformId: own.id, reason: 'its own reason' })).ok).toBe(true);
  const profile = (await getKycProfile(db, merchant.id))!;
  return { merchant, staff, profile, live, waiting, own, key };
}

const statusOf = async (id: string) => (await db.select({ s: platforms.status }).from(platforms).where(eq(platforms.id, id)))[0].s;
const trail = (profileId: string, action: string) =>
  db
    .select()
    .from(auditEvents)
    .where(and(eq(auditEvents.objectType, 'kyc_profile'), eq(auditEvents.objectId, profileId), eq(auditEvents.action, action)));

describe('suspending a business (KYC suspend)', () => {
  it('stops the business and every platform that takes payments, tells the merchant, and lifting it restores exactly those', async () => {
    const b = await business();
    const r = await suspendKyc(db, b.staff, { profileId: b.profile.id, reason: 'documents found false' });
    expect(r.ok).toBe(true);
    const suspended = (await getKycProfile(db, b.merchant.id))!;
    expect(suspended.status).toBe('suspended');
    expect(isKycApproved(suspended)).toBe(false);
    expect(await statusOf(b.live.id)).toBe('suspended');
    expect(await statusOf(b.waiting.id)).toBe('suspended');
    // The sandbox key stops at once: the API, payers and the phone menu all ask the platform's state.
    expect(await verifyApiKey(db, b.key, '127.0.0.1')).toEqual({ ok: false, error: 'platformInactive' });
    expect(await trail(b.profile.id, 'suspend')).toHaveLength(1);
    const [told] = await db
      .select()
      .from(messages)
      .where(and(eq(messages.userId, b.merchant.id), eq(messages.template, 'kycSuspended')));
    expect(told.important).toBe(true);
    expect(told.body).toContain('documents found false');
    // The merchant cannot edit the profile while suspended.
    expect(await saveKycDraft(db, merchantActorOf(b.merchant), { kind: 'natural', identity: {}, financial: {} })).toEqual({ ok: false, error: 'suspended' });

    expect((await reinstateKyc(db, b.staff, { profileId: b.profile.id })).ok).toBe(true);
    const back = (await getKycProfile(db, b.merchant.id))!;
    expect(back.status).toBe('approved');
    expect(isKycApproved(back)).toBe(true);
    expect(back.suspendedPlatforms).toBeNull();
    expect(await statusOf(b.live.id)).toBe('approved');
    expect(await statusOf(b.waiting.id)).toBe('pending');
    // Suspended on its own before: not the suspension's to restore.
    expect(await statusOf(b.own.id)).toBe('suspended');
    expect((await verifyApiKey(db, b.key, '127.0.0.1')).ok).toBe(true);
    expect(await trail(b.profile.id, 'reinstate')).toHaveLength(1);
    expect(
      await db
        .select()
        .from(messages)
        .where(and(eq(messages.userId, b.merchant.id), eq(messages.template, 'kycReinstated'))),
    ).toHaveLength(1);
  });

  it('leaves suspended a platform staff suspended again for a reason of its own while the business was suspended', async () => {
    const b = await business();
    expect((await suspendKyc(db, b.staff, { profileId: b.profile.id, reason: 'court order' })).ok).toBe(true);
    await db.update(platforms).set({ decisionReason: 'fraud on this site' }).where(eq(platforms.id, b.live.id));
    expect((await reinstateKyc(db, b.staff, { profileId: b.profile.id })).ok).toBe(true);
    expect(await statusOf(b.live.id)).toBe('suspended');
    expect(await statusOf(b.waiting.id)).toBe('pending');
  });

  it('of staff suspending at once, exactly one does (one event), and lifting twice lifts once', async () => {
    const b = await business();
    const rs = await Promise.all(Array.from({ length: 6 }, () => suspendKyc(db, b.staff, { profileId: b.profile.id, reason: 'race' })));
    expect(rs.filter((r) => r.ok)).toHaveLength(1);
    expect(rs.filter((r) => !r.ok).map((r) => !r.ok && r.error)).toEqual(Array(5).fill('alreadyDecided'));
    expect(await trail(b.profile.id, 'suspend')).toHaveLength(1);
    const ls = await Promise.all(Array.from({ length: 4 }, () => reinstateKyc(db, b.staff, { profileId: b.profile.id })));
    expect(ls.filter((r) => r.ok)).toHaveLength(1);
    expect(await trail(b.profile.id, 'reinstate')).toHaveLength(1);
  });

  it('refuses without a reason, for an unknown or never-approved profile, and for a merchant actor', async () => {
    const b = await business();
    expect(await suspendKyc(db, b.staff, { profileId: b.profile.id, reason: '   ' })).toEqual({ ok: false, error: 'reasonRequired' });
    expect(await suspendKyc(db, b.staff, { profileId: 'not-a-uuid', reason: 'x' })).toEqual({ ok: false, error: 'notFound' });
    expect(await suspendKyc(db, b.staff, { profileId: crypto.randomUUID(), reason: 'x' })).toEqual({ ok: false, error: 'notFound' });
    expect(await reinstateKyc(db, b.staff, { profileId: b.profile.id })).toEqual({ ok: false, error: 'alreadyDecided' });
    await db.update(kycProfiles).set({ approvedAt: null, status: 'draft' }).where(eq(kycProfiles.id, b.profile.id));
    expect(await suspendKyc(db, b.staff, { profileId: b.profile.id, reason: 'x' })).toEqual({ ok: false, error: 'alreadyDecided' });
    await expect(suspendKyc(db, merchantActorOf(b.merchant) as never, { profileId: b.profile.id, reason: 'x' })).rejects.toThrow('staff only');
    expect(await statusOf(b.live.id)).toBe('approved');
  });

  it('sends no money out of a suspended business, and does again once lifted', async () => {
    const m = await fundedMerchant(db, 5_000_000n);
    const staff = staffActorOf(await makeAdmin(db));
    const profile = (await getKycProfile(db, m.merchant.id))!;
    const ask = () => requestPayout(db, m.actor, { platformId: m.platform.id, bankAccountId: m.account.id, amount: 1_000_000n });
    expect((await suspendKyc(db, staff, { profileId: profile.id, reason: 'court order' })).ok).toBe(true);
    expect(await ask()).toEqual({ ok: false, error: 'businessSuspended' });
    expect((await reinstateKyc(db, staff, { profileId: profile.id })).ok).toBe(true);
    expect((await ask()).ok).toBe(true);
  });
});
