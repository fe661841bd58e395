import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { apiKeys, auditEvents, messages, smsMessages, termsAcceptances, users } from '@/db/schema';
import { testDb } from '@/test/db';
import { makeAdmin, makeMerchant, makeMerchantService, makePlatform, merchantActorOf as actor, staffActorOf } from '@/test/fixtures';
import { hashKey, MAX_GRACE_SECONDS, parseKey, revokeApiKey, rollApiKey, setIpAllowList, verifyApiKey } from '@/lib/api-keys';
import { acceptTermsAndRequest, currentTerms, hasAcceptedCurrentTerms, listServices, publishTerms } from '@/lib/services';
import { invalid } from '@/lib/result';
import { addPlatformSchema, platformInputSchema } from '@/lib/validation/platforms';
import { addPlatform, decidePlatform, getOwnPlatform, issueLiveKey, setPlatformPaused, suspendPlatform } from './index';

const db = testDb();
const SITE = {
  type: 'website',
  name: 'فروشگاه نمونه',
  address: 'https://shop.example.ir',
  expectedMonthlyVolume: '۵۰۰٬۰۰۰٬۰۰۰',
  callbackUrls: ['https://shop.example.ir/paid'],
};

async function merchantWithService(serviceId = 'payment') {
  const { merchant: m, merchantServiceId: msId } = await makeMerchantService(db, serviceId);
  return { m, msId };
}

async function platformWithKey() {
  const { merchant: m, platform, key } = await makePlatform(db, SITE);
  return { m, platform, key };
}

describe('services and terms', () => {
  it('has the five services of the catalogue, each with terms in force', async () => {
    const list = await listServices(db);
    expect(list.map((s) => s.id)).toEqual(['charge', 'payment', 'ivr', 'split', 'vpos']);
    for (const s of list) expect((await currentTerms(db, s.id))?.bodyFa).toContain(s.nameFa);
  });

  it('refuses a merchant whose customer information is not approved, on the server', async () => {
    const m = await makeMerchant(db);
    expect(await acceptTermsAndRequest(db, actor(m), { serviceId: 'payment', termsVersion: 1 })).toEqual({ ok: false, error: 'kycNotApproved' });
  });

  it('records version, time and IP, and a new version asks for acceptance again', async () => {
    const { m } = await merchantWithService('ivr');
    const [acc] = await db.select().from(termsAcceptances).where(eq(termsAcceptances.userId, m.id));
    expect(acc).toMatchObject({ serviceId: 'ivr', ip: '10.0.0.1' });
    expect(await hasAcceptedCurrentTerms(db, actor(m), 'ivr')).toBe(true);
    const admin = await makeAdmin(db);
    const published = await publishTerms(db, staffActorOf(admin), { serviceId: 'ivr', fa: 'پرداخت تلفنی، نسخهٔ تازه', en: 'Phone (IVR) payments, new version' });
    if (!published.ok) throw new Error(published.error);
    const v2 = published.data;
    expect(v2.version).toBe(acc.version + 1);
    expect(await hasAcceptedCurrentTerms(db, actor(m), 'ivr')).toBe(false);
    // Accepting the version one read earlier is refused: it is no longer in force.
    expect(await acceptTermsAndRequest(db, actor(m), { serviceId: 'ivr', termsVersion: acc.version })).toEqual({
      ok: false,
      error: 'termsChanged',
    });
    expect((await acceptTermsAndRequest(db, actor(m), { serviceId: 'ivr', termsVersion: v2.version })).ok).toBe(true);
  });
});

describe('sales platforms', () => {
  it('need the current terms accepted, valid fields, and belong to their merchant only', async () => {
    const { m, msId } = await merchantWithService();
    // Fields are refused by the one schema, in the action's wrapper, as field errors.
    const bad = platformInputSchema.safeParse({ ...SITE, address: 'not a url', expectedMonthlyVolume: '12abc', callbackUrls: ['http://evil.example'] });
    expect(invalid(bad.error!)).toEqual({ ok: false, fieldErrors: { expectedMonthlyVolume: 'amountInvalid', callbackUrls: 'urlInvalid' } });
    const other = await makeMerchant(db, { kycApproved: true });
    const site = addPlatformSchema.parse({ ...SITE, merchantServiceId: msId });
    expect(await addPlatform(db, actor(other), site)).toEqual({ ok: false, error: 'notFound' });
    const added = await addPlatform(db, actor(m), site);
    if (!added.ok) throw new Error(added.error);
    const r = added.data;
    expect(r.platform).toMatchObject({ status: 'pending', expectedMonthlyVolume: 500_000_000n });
    expect(await getOwnPlatform(db, actor(other), r.platform.id)).toBeNull();
    expect((await getOwnPlatform(db, actor(m), r.platform.id))?.id).toBe(r.platform.id);
  });

  it('get a sandbox key at once, shown once and stored only hashed', async () => {
    const { platform, key } = await platformWithKey();
    expect(parseKey(key)).toEqual({ environment: 'test' });
    const rows = await db.select().from(apiKeys).where(eq(apiKeys.platformId, platform.id));
    expect(rows).toHaveLength(1);
    expect(JSON.stringify(rows)).not.toContain(key);
    expect(rows[0]).toMatchObject({ prefix: key.slice(0, 16), hash: hashKey(key), environment: 'test' });
  });

  it('staff approval lets the merchant make a live key once; the merchant is texted; of two decisions one wins', async () => {
    const { m, platform } = await platformWithKey();
    const admin = staffActorOf(await makeAdmin(db));
    expect(await decidePlatform(db, admin, { platformId: platform.id, approve: false })).toEqual({ ok: false, error: 'reasonRequired' });
    const [a, b] = await Promise.all([
      decidePlatform(db, admin, { platformId: platform.id, approve: true }),
      decidePlatform(db, admin, { platformId: platform.id, approve: false, reason: 'late' }),
    ]);
    const winner = a.ok ? { ok: true as const, platform: a.data } : b.ok ? { ok: true as const, platform: b.data } : { ok: false as const };
    expect([a.ok, b.ok].filter(Boolean)).toHaveLength(1);
    expect([a, b].find((r) => !r.ok)).toEqual({ ok: false, error: 'alreadyDecided' });
    const told = await db.select().from(messages).where(eq(messages.userId, m.id));
    expect(told.map((x) => [x.category, x.template, x.link])).toEqual([
      ['platform', winner.ok && winner.platform.status === 'approved' ? 'platformApproved' : 'platformRejected', `/platforms/${platform.id}`],
    ]);
    const live = await issueLiveKey(db, actor(m), { platformId: platform.id });
    if (winner.ok && winner.platform.status === 'approved') {
      if (!live.ok) throw new Error(live.error);
      expect(parseKey(live.data.key)).toEqual({ environment: 'live' });
      expect((await verifyApiKey(db, live.data.key, '1.2.3.4')).ok).toBe(true);
      expect(await issueLiveKey(db, actor(m), { platformId: platform.id })).toEqual({ ok: false, error: 'exists' });
      const other = await makeMerchant(db);
      expect(await issueLiveKey(db, actor(other), { platformId: platform.id })).toEqual({ ok: false, error: 'notFound' });
    } else {
      expect(live).toEqual({ ok: false, error: 'notApproved' });
    }
    const [owner] = await db.select().from(users).where(eq(users.id, m.id));
    const texts = await db.select().from(smsMessages).where(eq(smsMessages.mobile, owner.mobile));
    expect(texts.map((t) => t.body).join()).toContain('فروشگاه نمونه');
  });

  it('paused or suspended platforms stop their keys; resuming restores them', async () => {
    const { m, platform, key } = await platformWithKey();
    expect((await verifyApiKey(db, key, '1.1.1.1')).ok).toBe(true);
    expect((await setPlatformPaused(db, actor(m), { platformId: platform.id, paused: true })).ok).toBe(true);
    expect(await verifyApiKey(db, key, '1.1.1.1')).toEqual({ ok: false, error: 'platformInactive' });
    expect((await setPlatformPaused(db, actor(m), { platformId: platform.id, paused: false })).ok).toBe(true);
    expect((await getOwnPlatform(db, actor(m), platform.id))?.status).toBe('pending');
    const admin = staffActorOf(await makeAdmin(db));
    expect((await suspendPlatform(db, admin, { platformId: platform.id, reason: 'fraud reports' })).ok).toBe(true);
    expect(await verifyApiKey(db, key, '1.1.1.1')).toEqual({ ok: false, error: 'platformInactive' });
    expect((await setPlatformPaused(db, actor(m), { platformId: platform.id, paused: false })).ok).toBe(false);
  });
});

describe('API keys', () => {
  it('refuses malformed, unknown and other-environment-shaped keys', async () => {
    for (const k of ['', 'dk_test_short', 'dk_prod_' + 'a'.repeat(32), 'dk_test_' + 'a'.repeat(31) + '!', 'x'.repeat(10_000)]) {
      expect(await verifyApiKey(db, k, '1.1.1.1')).toEqual({ ok: false, error: 'malformed' });
    }
    expect(await verifyApiKey(db, 'dk_live_' + 'A'.repeat(32), '1.1.1.1')).toEqual({ ok: false, error: 'unknown' });
  });

  it('a sandbox key is not live: a pending platform has no live key', async () => {
    const { platform } = await platformWithKey();
    const live = await db.select().from(apiKeys).where(eq(apiKeys.platformId, platform.id));
    expect(live.map((k) => k.environment)).toEqual(['test']);
  });

  it('roll: the old key stops at once, or after the grace chosen (at most 24 h)', async () => {
    const { m, key } = await platformWithKey();
    const old = (await verifyApiKey(db, key, '1.1.1.1')) as { ok: true; key: { id: string } };
    expect(await rollApiKey(db, actor(m), { keyId: old.key.id, graceSeconds: MAX_GRACE_SECONDS + 1 })).toEqual({ ok: false, error: 'grace' });
    const now = new Date();
    const roll = await rollApiKey(db, actor(m), { keyId: old.key.id, graceSeconds: 3600 }, now);
    if (!roll.ok) throw new Error(roll.error);
    const rolled = roll.data;
    expect((await verifyApiKey(db, key, '1.1.1.1', new Date(now.getTime() + 3599_000))).ok).toBe(true);
    expect(await verifyApiKey(db, key, '1.1.1.1', new Date(now.getTime() + 3601_000))).toEqual({ ok: false, error: 'expired' });
    expect((await verifyApiKey(db, rolled.key, '1.1.1.1')).ok).toBe(true);
    // Rolling the same old key twice is refused; rolling with no grace stops the key at once.
    // (The refusal's code is the one the portal shows: the key is no longer active.)
    expect(await rollApiKey(db, actor(m), { keyId: old.key.id, graceSeconds: 0 })).toEqual({ ok: false, error: 'keyInactive' });
    const again = await rollApiKey(db, actor(m), { keyId: rolled.keyId, graceSeconds: 0 });
    expect(again.ok).toBe(true);
    expect(await verifyApiKey(db, rolled.key, '1.1.1.1')).toEqual({ ok: false, error: 'revoked' });
  });

  it('revoke, the IP allow-list, and another merchant’s key ids', async () => {
    const { m, key } = await platformWithKey();
    const other = await makeMerchant(db);
    const check = (await verifyApiKey(db, key, '5.5.5.5')) as { ok: true; key: { id: string } };
    expect(await setIpAllowList(db, actor(other), { keyId: check.key.id, ips: ['5.5.5.5'] })).toEqual({ ok: false, error: 'notFound' });
    expect(await setIpAllowList(db, actor(m), { keyId: check.key.id, ips: ['999.1.1.1'] })).toEqual({ ok: false, error: 'ipInvalid' });
    expect(await setIpAllowList(db, actor(m), { keyId: check.key.id, ips: ['5.5.5.5', ' 6.6.6.6 '] })).toMatchObject({ ok: true });
    expect((await verifyApiKey(db, key, '6.6.6.6')).ok).toBe(true);
    expect(await verifyApiKey(db, key, '7.7.7.7')).toEqual({ ok: false, error: 'ipNotAllowed' });
    expect((await revokeApiKey(db, actor(other), { keyId: check.key.id })).ok).toBe(false);
    expect(await rollApiKey(db, actor(other), { keyId: check.key.id, graceSeconds: 0 })).toEqual({ ok: false, error: 'notFound' });
    expect((await revokeApiKey(db, actor(m), { keyId: check.key.id })).ok).toBe(true);
    expect(await verifyApiKey(db, key, '5.5.5.5')).toEqual({ ok: false, error: 'revoked' });
  });

  it('of ten concurrent rolls of one key, one succeeds', async () => {
    const { m, key } = await platformWithKey();
    const check = (await verifyApiKey(db, key, '1.1.1.1')) as { ok: true; key: { id: string } };
    const results = await Promise.all(Array.from({ length: 10 }, () => rollApiKey(db, actor(m), { keyId: check.key.id, graceSeconds: 60 })));
    expect(results.filter((r) => r.ok)).toHaveLength(1);
  });
});

describe('the audit trail of keys and decisions', () => {
  const eventsOf = (objectId: string) => db.select().from(auditEvents).where(eq(auditEvents.objectId, objectId)).orderBy(auditEvents.id);

  it('a key roll writes one event in its own transaction; a refused or rolled-back roll writes none', async () => {
    const { m, key } = await platformWithKey();
    const check = (await verifyApiKey(db, key, '1.1.1.1')) as { ok: true; key: { id: string; prefix: string } };
    const rolled = await rollApiKey(db, actor(m), { keyId: check.key.id, graceSeconds: 3600 });
    if (!rolled.ok) throw new Error(rolled.error);
    const [event, ...more] = await eventsOf(check.key.id);
    expect(more).toEqual([]);
    expect(event).toMatchObject({
      actorKind: 'merchant',
      actorUserId: m.id,
      merchantId: m.id,
      action: 'roll',
      objectType: 'api_key',
      ip: '10.0.0.1',
      before: { prefix: check.key.prefix, expiresAt: null },
      after: { successorId: rolled.data.keyId },
    });
    expect(JSON.stringify([event.before, event.after])).not.toContain(rolled.data.key);
    // Refused: the key is already retiring, so nothing changed and nothing is recorded.
    expect((await rollApiKey(db, actor(m), { keyId: check.key.id, graceSeconds: 0 })).ok).toBe(false);
    expect(await eventsOf(check.key.id)).toHaveLength(1);
    // Rolled back with the caller's transaction: the change and its event go together.
    await expect(
      db.transaction(async (tx) => {
        const r = await rollApiKey(tx, actor(m), { keyId: rolled.data.keyId, graceSeconds: 0 });
        expect(r.ok).toBe(true);
        expect(await tx.select().from(auditEvents).where(eq(auditEvents.objectId, rolled.data.keyId))).toHaveLength(1);
        throw new Error('rolled back');
      }),
    ).rejects.toThrow('rolled back');
    expect(await eventsOf(rolled.data.keyId)).toEqual([]);
    expect((await verifyApiKey(db, rolled.data.key, '1.1.1.1')).ok).toBe(true);
  });

  it('a platform decision writes one event, the winner’s; the refused one writes none', async () => {
    const { m, platform } = await platformWithKey();
    const admin = await makeAdmin(db);
    const [a, b] = await Promise.all([
      decidePlatform(db, staffActorOf(admin), { platformId: platform.id, approve: true }),
      decidePlatform(db, staffActorOf(admin), { platformId: platform.id, approve: false, reason: 'late' }),
    ]);
    const winner = a.ok ? a.data : b.ok ? b.data : null;
    const events = await eventsOf(platform.id);
    // The sandbox platform's creation, then the one decision.
    expect(events.map((e) => e.action)).toEqual(['create', winner?.status === 'approved' ? 'approve' : 'reject']);
    expect(events[1]).toMatchObject({
      actorKind: 'staff',
      actorUserId: admin.id,
      merchantId: m.id,
      objectType: 'platform',
      before: { status: 'pending' },
      after: winner?.status === 'approved' ? { status: 'approved', reason: null } : { status: 'rejected', reason: 'late' },
    });
    // Suspension is audited with its reason; a rejected platform cannot be suspended, and that refusal writes nothing.
    const suspended = await suspendPlatform(db, staffActorOf(admin), { platformId: platform.id, reason: 'fraud reports' });
    if (winner?.status === 'approved') {
      expect(suspended.ok).toBe(true);
      expect((await eventsOf(platform.id)).at(-1)).toMatchObject({
        action: 'suspend',
        before: { status: 'approved' },
        after: { status: 'suspended', reason: 'fraud reports' },
      });
    } else {
      expect(suspended).toEqual({ ok: false, error: 'alreadyDecided' });
      expect(await eventsOf(platform.id)).toHaveLength(2);
    }
  });

  it('another merchant’s platform and key ids get nothing, and change nothing', async () => {
    const { m, platform, key } = await platformWithKey();
    const other = actor(await makeMerchant(db, { kycApproved: true }));
    const check = (await verifyApiKey(db, key, '1.1.1.1')) as { ok: true; key: { id: string } };
    expect(await getOwnPlatform(db, other, platform.id)).toBeNull();
    expect(await setPlatformPaused(db, other, { platformId: platform.id, paused: true })).toEqual({ ok: false, error: 'notAllowed' });
    expect(await issueLiveKey(db, other, { platformId: platform.id })).toEqual({ ok: false, error: 'notFound' });
    expect(await rollApiKey(db, other, { keyId: check.key.id, graceSeconds: 0 })).toEqual({ ok: false, error: 'notFound' });
    expect(await revokeApiKey(db, other, { keyId: check.key.id })).toEqual({ ok: false, error: 'notFound' });
    expect(await setIpAllowList(db, other, { keyId: check.key.id, ips: ['1.2.3.4'] })).toEqual({ ok: false, error: 'notFound' });
    expect((await getOwnPlatform(db, actor(m), platform.id))?.status).toBe('pending');
    expect((await verifyApiKey(db, key, '9.9.9.9')).ok).toBe(true);
    expect((await eventsOf(platform.id)).map((e) => e.action)).toEqual(['create']);
    expect(await eventsOf(check.key.id)).toEqual([]);
  });
});
