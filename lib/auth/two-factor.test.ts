import { randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { generateSync } from 'otplib';
import { describe, expect, it } from 'vitest';
import { auditEvents, merchantMembers, platforms, twoFactor, twoFactorRecoveryCodes, users } from '@/db/schema';
import { testDb } from '@/test/db';
import { makeAdmin, makeMerchant, makePlatform, merchantActorOf, staffActorOf } from '@/test/fixtures';
import { open } from '@/lib/crypto/secretbox';
import {
  confirmEnrolment,
  disableTwoFactor,
  isRememberedDevice,
  matchTotp,
  pendingEnrolment,
  regenerateRecoveryCodes,
  rememberDeviceValue,
  requireFreshTwoFactor,
  twoFactorGate,
  twoFactorRequired,
  verifyTwoFactor,
} from './two-factor';

const db = testDb();

/** RFC 6238 appendix B: the SHA-1 seed is the ASCII string "12345678901234567890", 8 digits. */
const RFC_SEED = new TextEncoder().encode('12345678901234567890');
const RFC_VECTORS: [number, string][] = [
  [59, '94287082'],
  [1111111109, '07081804'],
  [1111111111, '14050471'],
  [1234567890, '89005924'],
  [2000000000, '69279037'],
  [20000000000, '65353130'],
];

function codeAt(secret: string, at: Date) {
  return generateSync({ secret, epoch: Math.floor(at.getTime() / 1000), period: 30, digits: 6 });
}

/** A person with 2FA enrolled at `now`; answers the secret and the recovery codes. */
async function enrolled(user: { id: string; role: 'merchant' | 'admin'; mobile: string; email: string | null }, now = new Date()) {
  const p = await pendingEnrolment(db, user);
  if (!p.ok) throw new Error(p.error);
  const r = await confirmEnrolment(db, user, { code: codeAt(p.data.secret, now), sid: null, now });
  if (!r.ok) throw new Error(JSON.stringify(r));
  return { secret: p.data.secret, recoveryCodes: r.data.recoveryCodes };
}

async function events(userId: string) {
  const rows = await db.select().from(auditEvents).where(eq(auditEvents.objectId, userId));
  return rows.map(({ action, objectType, before, after }) => ({ action, objectType, before, after }));
}

describe('TOTP codes', () => {
  it('matches the RFC 6238 SHA-1 test vectors', () => {
    for (const [t, code] of RFC_VECTORS) {
      expect(generateSync({ secret: RFC_SEED, epoch: t, period: 30, digits: 8, algorithm: 'sha1' })).toBe(code);
    }
  });

  it('accepts the current step and one either side, nothing further', () => {
    const secret = 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP';
    const now = new Date(1_800_000_000_000);
    expect(matchTotp(secret, codeAt(secret, now), now)).toBe(60_000_000);
    expect(matchTotp(secret, codeAt(secret, new Date(now.getTime() - 30_000)), now)).toBe(59_999_999);
    expect(matchTotp(secret, codeAt(secret, new Date(now.getTime() + 30_000)), now)).toBe(60_000_001);
    expect(matchTotp(secret, codeAt(secret, new Date(now.getTime() - 90_000)), now)).toBeNull();
    expect(matchTotp(secret, 'abcdef', now)).toBeNull();
  });
});

describe('enrolment', () => {
  it('seals the secret, keeps the same one until confirmed, and writes one audit event without secrets', async () => {
    const user = await makeMerchant(db);
    const a = await pendingEnrolment(db, user);
    const b = await pendingEnrolment(db, user);
    if (!a.ok || !b.ok) throw new Error('no enrolment');
    expect(b.data.secret).toBe(a.data.secret);
    expect(a.data.qrSvg).toContain('<svg');
    const [row] = await db.select().from(twoFactor).where(eq(twoFactor.userId, user.id));
    expect(row.secretSealed).not.toContain(a.data.secret);
    expect(open(row.secretSealed)).toBe(a.data.secret);
    expect(row.enabledAt).toBeNull();

    const wrong = await confirmEnrolment(db, user, { code: '000000', sid: null });
    expect(wrong).toMatchObject({ ok: false, fieldErrors: { code: 'twoFactorCodeInvalid' } });
    const now = new Date();
    const r = await confirmEnrolment(db, user, { code: codeAt(a.data.secret, now), sid: 'sid-enrol', now });
    if (!r.ok) throw new Error(JSON.stringify(r));
    expect(r.data.recoveryCodes).toHaveLength(10);
    const stored = await db.select().from(twoFactorRecoveryCodes).where(eq(twoFactorRecoveryCodes.userId, user.id));
    expect(stored).toHaveLength(10);
    for (const c of r.data.recoveryCodes) expect(stored.some((s) => s.codeHash.includes(c) || s.codeHash.includes(c.replace('-', '')))).toBe(false);
    const ev = await events(user.id);
    expect(ev.map((e) => e.action)).toEqual(['enable']);
    const text = JSON.stringify(ev);
    expect(text).not.toContain(a.data.secret);
    for (const c of r.data.recoveryCodes) expect(text).not.toContain(c);
    expect((await pendingEnrolment(db, user)).ok).toBe(false);
  });
});

describe('single use', () => {
  it('refuses the same code twice in its window', async () => {
    const user = await makeMerchant(db);
    const t0 = new Date(Date.now() - 120_000);
    const { secret } = await enrolled(user, t0);
    const now = new Date();
    const code = codeAt(secret, now);
    expect((await verifyTwoFactor(db, user, { code, sid: null, now })).ok).toBe(true);
    expect(await verifyTwoFactor(db, user, { code, sid: null, now: new Date(now.getTime() + 5_000) })).toMatchObject({
      ok: false,
      fieldErrors: { code: 'twoFactorCodeUsed' },
    });
  });

  it('lets only one of two concurrent requests with the same code through', async () => {
    const user = await makeMerchant(db);
    const { secret } = await enrolled(user, new Date(Date.now() - 120_000));
    const now = new Date();
    const code = codeAt(secret, now);
    const results = await Promise.all([0, 1, 2, 3].map(() => verifyTwoFactor(db, user, { code, sid: null, now })));
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    expect(results.filter((r) => !r.ok).every((r) => !r.ok && r.fieldErrors?.code === 'twoFactorCodeUsed')).toBe(true);
  });

  it('spends a recovery code once, with one audit event each time', async () => {
    const user = await makeMerchant(db);
    const { recoveryCodes } = await enrolled(user);
    const code = recoveryCodes[3];
    expect(await verifyTwoFactor(db, user, { code: code.toUpperCase(), sid: null })).toEqual({ ok: true, data: { via: 'recovery' } });
    expect((await verifyTwoFactor(db, user, { code, sid: null })).ok).toBe(false);
    expect((await verifyTwoFactor(db, user, { code: recoveryCodes[4], sid: null })).ok).toBe(true);
    const ev = await events(user.id);
    expect(ev.filter((e) => e.action === 'use_recovery_code')).toHaveLength(2);
    expect(JSON.stringify(ev)).not.toContain(code);
  });

  it('rate-limits attempts per person', async () => {
    const user = await makeMerchant(db);
    await enrolled(user);
    let last;
    for (let i = 0; i < 12; i++) last = await verifyTwoFactor(db, user, { code: '000000', sid: null });
    expect(last).toMatchObject({ ok: false, fieldErrors: { code: 'twoFactorCodeRateLimited' } });
  });

  it('new recovery codes replace the old, after a current code', async () => {
    const user = await makeMerchant(db);
    const t0 = new Date(Date.now() - 120_000);
    const { secret, recoveryCodes } = await enrolled(user, t0);
    const r = await regenerateRecoveryCodes(db, merchantActorOf(user), { code: codeAt(secret, new Date()) });
    if (!r.ok) throw new Error(JSON.stringify(r));
    expect((await verifyTwoFactor(db, user, { code: recoveryCodes[0], sid: null })).ok).toBe(false);
    expect((await verifyTwoFactor(db, user, { code: r.data.recoveryCodes[0], sid: null })).ok).toBe(true);
    expect((await events(user.id)).filter((e) => e.action === 'regenerate_recovery_codes')).toHaveLength(1);
  });
});

describe('requirement and the gate', () => {
  it('is required for staff, and for the owner and accountant of a business once it has a live platform', async () => {
    expect(twoFactorRequired({ id: 'x', role: 'admin' }, { liveDuty: false })).toBe(true);
    expect(twoFactorRequired({ id: 'x', role: 'merchant' }, { liveDuty: false })).toBe(false);
    expect(twoFactorRequired({ id: 'x', role: 'merchant' }, { liveDuty: true })).toBe(true);

    const admin = await makeAdmin(db);
    expect(await twoFactorGate(db, admin, 'sid-a')).toBe('enrol');
    const { merchant, platform } = await makePlatform(db);
    const member = async (role: 'admin' | 'developer' | 'accountant' | 'support') => {
      const u = await makeMerchant(db);
      await db.insert(merchantMembers).values({ merchantId: merchant.id, userId: u.id, role, invitedBy: merchant.id });
      return u;
    };
    const [admin2, developer, accountant, support] = [await member('admin'), await member('developer'), await member('accountant'), await member('support')];
    // A pending platform takes no real money: nobody is held.
    for (const u of [merchant, admin2, developer, accountant, support]) expect(await twoFactorGate(db, u, 'sid-m')).toBe('ok');
    await db.update(platforms).set({ status: 'approved' }).where(eq(platforms.id, platform.id));
    expect(await twoFactorGate(db, merchant, 'sid-m')).toBe('enrol');
    expect(await twoFactorGate(db, accountant, 'sid-m')).toBe('enrol');
    for (const u of [admin2, developer, support]) expect(await twoFactorGate(db, u, 'sid-m')).toBe('ok');
    // Paused after approval is still live; the owner cannot turn it off while it is.
    await db.update(platforms).set({ status: 'paused', statusBeforePause: 'approved' }).where(eq(platforms.id, platform.id));
    expect(await twoFactorGate(db, merchant, 'sid-m')).toBe('enrol');
    const { secret } = await enrolled(merchant, new Date(Date.now() - 120_000));
    expect(await twoFactorGate(db, merchant, 'sid-m')).toBe('verify');
    expect(await disableTwoFactor(db, merchantActorOf(merchant), { password: 'x', code: codeAt(secret, new Date()) })).toMatchObject({
      ok: false,
      error: 'twoFactorCannotDisable',
    });
    // The accountant of that business stays held even if they also run a business of their own without one.
    expect(await twoFactorGate(db, accountant, 'sid-m')).toBe('enrol');
  });

  it('asks an enrolled person for a code until this session passed it', async () => {
    const admin = await makeAdmin(db);
    const [sid1, sid2] = [randomUUID(), randomUUID()];
    const { secret } = await enrolled(admin, new Date(Date.now() - 120_000));
    expect(await twoFactorGate(db, admin, sid1)).toBe('verify');
    expect((await verifyTwoFactor(db, admin, { code: codeAt(secret, new Date()), sid: sid1 })).ok).toBe(true);
    expect(await twoFactorGate(db, admin, sid1)).toBe('ok');
    expect(await twoFactorGate(db, admin, sid2)).toBe('verify');
  });

  it('a remembered device passes until the session version moves', async () => {
    const admin = await makeAdmin(db);
    await enrolled(admin);
    const { value } = rememberDeviceValue(admin);
    expect(isRememberedDevice(admin, value)).toBe(true);
    expect(await twoFactorGate(db, admin, 'sid-r', value)).toBe('ok');
    // Sign out everywhere / a password change.
    const [bumped] = await db
      .update(users)
      .set({ sessionVersion: admin.sessionVersion + 1 })
      .where(eq(users.id, admin.id))
      .returning();
    expect(isRememberedDevice(bumped, value)).toBe(false);
    expect(await twoFactorGate(db, bumped, 'sid-r', value)).toBe('verify');
    // Another person's cookie, a forged one, an expired one.
    const other = await makeAdmin(db);
    expect(isRememberedDevice(other, value)).toBe(false);
    expect(
      isRememberedDevice(
        bumped,
        value.replace(/.$/, (c) => (c === 'A' ? 'B' : 'A')),
      ),
    ).toBe(false);
    expect(isRememberedDevice(bumped, rememberDeviceValue(bumped).value, new Date(Date.now() + 31 * 86400_000))).toBe(false);
  });
});

describe('step-up', () => {
  it('asks again once the last code is older than 15 minutes', async () => {
    const user = await makeMerchant(db);
    const t0 = new Date(Date.now() - 20 * 60_000);
    const { secret } = await enrolled(user, t0);
    const actor = merchantActorOf(user);
    expect(await requireFreshTwoFactor(db, actor, new Date(t0.getTime() + 14 * 60_000))).toEqual({ ok: true, data: undefined });
    expect(await requireFreshTwoFactor(db, actor)).toEqual({ ok: false, error: 'twoFactorStale' });
    expect((await verifyTwoFactor(db, user, { code: codeAt(secret, new Date()), sid: null })).ok).toBe(true);
    expect((await requireFreshTwoFactor(db, actor)).ok).toBe(true);
    // Without 2FA there is nothing to ask.
    expect((await requireFreshTwoFactor(db, merchantActorOf(await makeMerchant(db)))).ok).toBe(true);
  });
});

describe('disable', () => {
  it('needs the password and a current code, and is refused where 2FA is required', async () => {
    const user = await makeMerchant(db);
    const { secret } = await enrolled(user, new Date(Date.now() - 120_000));
    const actor = merchantActorOf(user);
    expect(await disableTwoFactor(db, actor, { password: 'wrong', code: codeAt(secret, new Date()) })).toMatchObject({
      ok: false,
      fieldErrors: { password: 'twoFactorWrongPassword' },
    });
    expect(await disableTwoFactor(db, actor, { password: 'merchant pass phrase', code: '000000' })).toMatchObject({ ok: false });
    expect(await disableTwoFactor(db, actor, { password: 'merchant pass phrase', code: codeAt(secret, new Date()) })).toEqual({
      ok: true,
      data: undefined,
    });
    expect(await twoFactorGate(db, user, null)).toBe('ok');
    expect((await events(user.id)).map((e) => e.action).sort()).toEqual(['disable', 'enable']);

    const admin = await makeAdmin(db);
    const s = await enrolled(admin, new Date(Date.now() - 120_000));
    expect(await disableTwoFactor(db, staffActorOf(admin), { password: 'admin pass phrase', code: codeAt(s.secret, new Date()) })).toEqual({
      ok: false,
      error: 'twoFactorCannotDisable',
    });
  });
});
