import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { otpCodes, smsMessages } from '@/db/schema';
import { testDb, uniqueIp, uniqueMobile } from '@/test/db';
import { requestResetCode, requestSignupCode } from './accounts';
import { consumeTicket, hashCode, issueOtp, OTP_RULES, sameDigest, verifyOtp } from './otp';

const db = testDb();

async function issue(mobile: string, opts: { purpose?: 'signup' | 'reset'; ip?: string; now?: Date } = {}) {
  return db.transaction((tx) => issueOtp(tx, { mobile, purpose: opts.purpose ?? 'signup', ip: opts.ip ?? uniqueIp(), now: opts.now }));
}

async function issued(mobile: string, opts: Parameters<typeof issue>[1] = {}) {
  const r = await issue(mobile, opts);
  if (!r.ok) throw new Error(`expected a code, got ${r.error}`);
  return r.code;
}

describe('one-time codes', () => {
  it('stores only a keyed hash of the code, bound to mobile and purpose', async () => {
    const mobile = uniqueMobile();
    const code = await issued(mobile);
    const [row] = await db.select().from(otpCodes).where(eq(otpCodes.mobile, mobile));
    expect(row.codeHash).not.toContain(code);
    expect(sameDigest(row.codeHash, hashCode(mobile, 'signup', code))).toBe(true);
    expect(sameDigest(row.codeHash, hashCode(mobile, 'reset', code))).toBe(false);
    expect(code).toMatch(/^\d{5}$/);
  });

  it('accepts the right code once, then never again', async () => {
    const mobile = uniqueMobile();
    const code = await issued(mobile);
    const first = await verifyOtp(db, { mobile, purpose: 'signup', code });
    expect(first.ok).toBe(true);
    expect(await verifyOtp(db, { mobile, purpose: 'signup', code })).toEqual({ ok: false, error: 'codeMissing' });
  });

  it('lets only one of many concurrent correct entries through', async () => {
    const mobile = uniqueMobile();
    const code = await issued(mobile);
    const results = await Promise.all(Array.from({ length: 10 }, () => verifyOtp(db, { mobile, purpose: 'signup', code })));
    expect(results.filter((r) => r.ok)).toHaveLength(1);
  });

  it('expires after two minutes', async () => {
    const mobile = uniqueMobile();
    const now = new Date();
    const code = await issued(mobile, { now });
    const later = new Date(now.getTime() + OTP_RULES.ttlSeconds * 1000 + 1);
    expect(await verifyOtp(db, { mobile, purpose: 'signup', code, now: later })).toEqual({ ok: false, error: 'codeExpired' });
    const justInTime = new Date(now.getTime() + OTP_RULES.ttlSeconds * 1000 - 1000);
    expect((await verifyOtp(db, { mobile, purpose: 'signup', code, now: justInTime })).ok).toBe(true);
  });

  it('burns the code after five wrong entries, even for the right one afterwards', async () => {
    const mobile = uniqueMobile();
    const code = await issued(mobile);
    const wrong = code === '00000' ? '11111' : '00000';
    const seen = [];
    for (let i = 0; i < 5; i++) seen.push(await verifyOtp(db, { mobile, purpose: 'signup', code: wrong }));
    expect(seen.slice(0, 4).map((r) => (r.ok ? 'ok' : r.error === 'codeWrong' ? r.attemptsLeft : r.error))).toEqual([4, 3, 2, 1]);
    expect(seen[4]).toEqual({ ok: false, error: 'codeBurned' });
    expect(await verifyOtp(db, { mobile, purpose: 'signup', code })).toEqual({ ok: false, error: 'codeBurned' });
  });

  it('counts concurrent wrong guesses so none slips past the cap', async () => {
    const mobile = uniqueMobile();
    const code = await issued(mobile);
    const wrong = code === '00000' ? '11111' : '00000';
    await Promise.all(Array.from({ length: 20 }, () => verifyOtp(db, { mobile, purpose: 'signup', code: wrong })));
    const [row] = await db.select().from(otpCodes).where(eq(otpCodes.mobile, mobile));
    expect(row.attempts).toBe(OTP_RULES.maxAttempts);
    expect((await verifyOtp(db, { mobile, purpose: 'signup', code })).ok).toBe(false);
  });

  it('binds a code to its purpose', async () => {
    const mobile = uniqueMobile();
    const signupCode = await issued(mobile, { purpose: 'signup' });
    expect(await verifyOtp(db, { mobile, purpose: 'reset', code: signupCode })).toEqual({ ok: false, error: 'codeMissing' });
    const resetCode = await issued(mobile, { purpose: 'reset' });
    if (resetCode !== signupCode) {
      const r = await verifyOtp(db, { mobile, purpose: 'reset', code: signupCode });
      expect(r.ok ? 'ok' : r.error).toBe('codeWrong');
    }
    expect((await verifyOtp(db, { mobile, purpose: 'reset', code: resetCode })).ok).toBe(true);
  });

  it('refuses a new code sooner than 60 s after the last', async () => {
    const mobile = uniqueMobile();
    const now = new Date();
    await issued(mobile, { now });
    const soon = await issue(mobile, { now: new Date(now.getTime() + 20_000) });
    expect(soon).toEqual({ ok: false, error: 'resendTooSoon', retryAfterSeconds: 40 });
    expect((await issue(mobile, { now: new Date(now.getTime() + 61_000) })).ok).toBe(true);
  });

  it('allows at most 5 codes per mobile per hour', async () => {
    const mobile = uniqueMobile();
    const t = Date.now();
    for (let i = 0; i < 5; i++) await issued(mobile, { now: new Date(t + i * 61_000) });
    const sixth = await issue(mobile, { now: new Date(t + 5 * 61_000) });
    expect(sixth.ok ? 'ok' : sixth.error).toBe('mobileHourlyCap');
    expect((await issue(mobile, { now: new Date(t + 3600_000 + 1000) })).ok).toBe(true);
  });

  it('allows at most 30 codes per client IP per hour, under concurrency too', async () => {
    const ip = uniqueIp();
    const results = await Promise.all(Array.from({ length: 40 }, () => issue(uniqueMobile(), { ip })));
    expect(results.filter((r) => r.ok)).toHaveLength(30);
    expect(results.filter((r) => !r.ok && r.error === 'ipHourlyCap')).toHaveLength(10);
  });

  it('spends a ticket exactly once', async () => {
    const mobile = uniqueMobile();
    const code = await issued(mobile);
    const r = await verifyOtp(db, { mobile, purpose: 'signup', code });
    if (!r.ok) throw new Error('expected ok');
    expect(await consumeTicket(db, { mobile, purpose: 'reset', ticket: r.ticket })).toBe(false);
    const spends = await Promise.all(Array.from({ length: 5 }, () => consumeTicket(db, { mobile, purpose: 'signup', ticket: r.ticket })));
    expect(spends.filter(Boolean)).toHaveLength(1);
  });

  it('compares codes in constant time (same-length digests through timingSafeEqual)', () => {
    const a = hashCode('09120000000', 'signup', '12345');
    expect(sameDigest(a, a)).toBe(true);
    expect(sameDigest(a, hashCode('09120000000', 'signup', '12346'))).toBe(false);
    expect(sameDigest(a, 'short')).toBe(false);
  });
});

describe('requesting codes', () => {
  it('texts a sign-up code, and answers a reset the same way whether or not the account exists', async () => {
    const known = uniqueMobile();
    const signup = await requestSignupCode(db, { mobile: known, ip: uniqueIp() });
    expect(signup.ok).toBe(true);
    const sms = await db.select().from(smsMessages).where(eq(smsMessages.mobile, known));
    expect(sms).toHaveLength(1);
    expect(sms[0].body).toMatch(/\d{5}/);

    const unknown = uniqueMobile();
    const r = await requestResetCode(db, { mobile: unknown, ip: uniqueIp() });
    expect(r).toEqual({ ok: true, data: { mobile: unknown, channel: 'sms', resendAfterSeconds: 60, expiresInSeconds: expect.any(Number) } });
    expect(await db.select().from(smsMessages).where(eq(smsMessages.mobile, unknown))).toHaveLength(0);
    const again = await requestResetCode(db, { mobile: unknown, ip: uniqueIp() });
    expect(again.ok ? 'ok' : again.error).toBe('resendTooSoon');
  });
});
