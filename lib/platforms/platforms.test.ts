import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { apiKeys, messages, smsMessages, termsAcceptances, users } from '@/db/schema';
import { testDb } from '@/test/db';
import { makeAdmin, makeMerchant, makeMerchantService, makePlatform } from '@/test/fixtures';
import { hashKey, MAX_GRACE_SECONDS, parseKey, revokeApiKey, rollApiKey, setIpAllowList, verifyApiKey } from '@/lib/api-keys';
import { acceptTermsAndRequest, currentTerms, hasAcceptedCurrentTerms, listServices, publishTerms } from '@/lib/services';
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
    expect(await acceptTermsAndRequest(db, m.id, { serviceId: 'payment', termsVersion: 1, ip: '1.1.1.1' })).toEqual({ ok: false, error: 'kycNotApproved' });
  });

  it('records version, time and IP, and a new version asks for acceptance again', async () => {
    const { m } = await merchantWithService('ivr');
    const [acc] = await db.select().from(termsAcceptances).where(eq(termsAcceptances.userId, m.id));
    expect(acc).toMatchObject({ serviceId: 'ivr', ip: '10.0.0.1' });
    expect(await hasAcceptedCurrentTerms(db, m.id, 'ivr')).toBe(true);
    const admin = await makeAdmin(db);
    const v2 = await publishTerms(db, admin.id, 'ivr', { fa: 'نسخهٔ تازه', en: 'new version' });
    expect(v2.version).toBe(acc.version + 1);
    expect(await hasAcceptedCurrentTerms(db, m.id, 'ivr')).toBe(false);
    // Accepting the version one read earlier is refused: it is no longer in force.
    expect(await acceptTermsAndRequest(db, m.id, { serviceId: 'ivr', termsVersion: acc.version, ip: '10.0.0.1' })).toEqual({
      ok: false,
      error: 'termsChanged',
    });
    expect((await acceptTermsAndRequest(db, m.id, { serviceId: 'ivr', termsVersion: v2.version, ip: '10.0.0.2' })).ok).toBe(true);
  });
});

describe('sales platforms', () => {
  it('need the current terms accepted, valid fields, and belong to their merchant only', async () => {
    const { m, msId } = await merchantWithService();
    const bad = await addPlatform(db, m.id, msId, { ...SITE, address: 'not a url', expectedMonthlyVolume: '12abc', callbackUrls: ['http://evil.example'] });
    expect(bad).toEqual({ ok: false, error: 'invalid', fieldErrors: { expectedMonthlyVolume: 'amountInvalid', 'callbackUrls.0': 'urlInvalid' } });
    const other = await makeMerchant(db, { kycApproved: true });
    expect(await addPlatform(db, other.id, msId, SITE)).toEqual({ ok: false, error: 'notFound' });
    const r = await addPlatform(db, m.id, msId, SITE);
    if (!r.ok) throw new Error(r.error);
    expect(r.platform).toMatchObject({ status: 'pending', expectedMonthlyVolume: 500_000_000n });
    expect(await getOwnPlatform(db, other.id, r.platform.id)).toBeNull();
    expect((await getOwnPlatform(db, m.id, r.platform.id))?.id).toBe(r.platform.id);
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
    const admin = await makeAdmin(db);
    expect(await decidePlatform(db, admin.id, platform.id, { approve: false })).toEqual({ ok: false, error: 'reasonRequired' });
    const [a, b] = await Promise.all([
      decidePlatform(db, admin.id, platform.id, { approve: true }),
      decidePlatform(db, admin.id, platform.id, { approve: false, reason: 'late' }),
    ]);
    const winner = a.ok ? a : b;
    expect([a.ok, b.ok].filter(Boolean)).toHaveLength(1);
    expect([a, b].find((r) => !r.ok)).toEqual({ ok: false, error: 'alreadyDecided' });
    const told = await db.select().from(messages).where(eq(messages.userId, m.id));
    expect(told.map((x) => [x.category, x.template, x.link])).toEqual([
      ['platform', winner.ok && winner.platform.status === 'approved' ? 'platformApproved' : 'platformRejected', `/platforms/${platform.id}`],
    ]);
    const live = await issueLiveKey(db, m.id, platform.id);
    if (winner.ok && winner.platform.status === 'approved') {
      if (!live.ok) throw new Error(live.error);
      expect(parseKey(live.key)).toEqual({ environment: 'live' });
      expect((await verifyApiKey(db, live.key, '1.2.3.4')).ok).toBe(true);
      expect(await issueLiveKey(db, m.id, platform.id)).toEqual({ ok: false, error: 'exists' });
      const other = await makeMerchant(db);
      expect(await issueLiveKey(db, other.id, platform.id)).toEqual({ ok: false, error: 'notFound' });
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
    expect(await setPlatformPaused(db, m.id, platform.id, true)).toBe(true);
    expect(await verifyApiKey(db, key, '1.1.1.1')).toEqual({ ok: false, error: 'platformInactive' });
    expect(await setPlatformPaused(db, m.id, platform.id, false)).toBe(true);
    expect((await getOwnPlatform(db, m.id, platform.id))?.status).toBe('pending');
    const admin = await makeAdmin(db);
    expect(await suspendPlatform(db, admin.id, platform.id, 'fraud reports')).toBe(true);
    expect(await verifyApiKey(db, key, '1.1.1.1')).toEqual({ ok: false, error: 'platformInactive' });
    expect(await setPlatformPaused(db, m.id, platform.id, false)).toBe(false);
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
    expect(await rollApiKey(db, m.id, old.key.id, MAX_GRACE_SECONDS + 1)).toEqual({ ok: false, error: 'grace' });
    const now = new Date();
    const rolled = await rollApiKey(db, m.id, old.key.id, 3600, now);
    if (!rolled.ok) throw new Error(rolled.error);
    expect((await verifyApiKey(db, key, '1.1.1.1', new Date(now.getTime() + 3599_000))).ok).toBe(true);
    expect(await verifyApiKey(db, key, '1.1.1.1', new Date(now.getTime() + 3601_000))).toEqual({ ok: false, error: 'expired' });
    expect((await verifyApiKey(db, rolled.key, '1.1.1.1')).ok).toBe(true);
    // Rolling the same old key twice is refused; rolling with no grace stops the key at once.
    expect(await rollApiKey(db, m.id, old.key.id, 0)).toEqual({ ok: false, error: 'revoked' });
    const again = await rollApiKey(db, m.id, rolled.record.id, 0);
    expect(again.ok).toBe(true);
    expect(await verifyApiKey(db, rolled.key, '1.1.1.1')).toEqual({ ok: false, error: 'revoked' });
  });

  it('revoke, the IP allow-list, and another merchant’s key ids', async () => {
    const { m, key } = await platformWithKey();
    const other = await makeMerchant(db);
    const check = (await verifyApiKey(db, key, '5.5.5.5')) as { ok: true; key: { id: string } };
    expect(await setIpAllowList(db, other.id, check.key.id, ['5.5.5.5'])).toEqual({ ok: false, error: 'notFound' });
    expect(await setIpAllowList(db, m.id, check.key.id, ['999.1.1.1'])).toEqual({ ok: false, error: 'ipInvalid' });
    expect(await setIpAllowList(db, m.id, check.key.id, ['5.5.5.5', ' 6.6.6.6 '])).toEqual({ ok: true });
    expect((await verifyApiKey(db, key, '6.6.6.6')).ok).toBe(true);
    expect(await verifyApiKey(db, key, '7.7.7.7')).toEqual({ ok: false, error: 'ipNotAllowed' });
    expect(await revokeApiKey(db, other.id, check.key.id)).toBe(false);
    expect(await rollApiKey(db, other.id, check.key.id, 0)).toEqual({ ok: false, error: 'notFound' });
    expect(await revokeApiKey(db, m.id, check.key.id)).toBe(true);
    expect(await verifyApiKey(db, key, '5.5.5.5')).toEqual({ ok: false, error: 'revoked' });
  });

  it('of ten concurrent rolls of one key, one succeeds', async () => {
    const { m, key } = await platformWithKey();
    const check = (await verifyApiKey(db, key, '1.1.1.1')) as { ok: true; key: { id: string } };
    const results = await Promise.all(Array.from({ length: 10 }, () => rollApiKey(db, m.id, check.key.id, 60)));
    expect(results.filter((r) => r.ok)).toHaveLength(1);
  });
});
