import { describe, expect, it, vi } from 'vitest';
import { testDb, uniqueIp, uniqueMobile } from '@/test/db';
import { upsertUser } from './accounts';
import { LOGIN_RULES, verifyLogin } from './login';

const db = testDb();

// Counts the passwords actually evaluated (the slow hash), per password tried.
const evaluated = vi.hoisted(() => new Map<string, number>());
vi.mock('./password', async (original) => {
  const real = await original<typeof import('./password')>();
  return {
    ...real,
    verifyPassword: (password: string, hash: string) => {
      evaluated.set(password, (evaluated.get(password) ?? 0) + 1);
      return real.verifyPassword(password, hash);
    },
  };
});

describe('password login', () => {
  it('signs in with the right password and refuses a wrong one without saying which part was wrong', async () => {
    const mobile = uniqueMobile();
    await upsertUser(db, { mobile, firstName: 'Ali', lastName: 'Test', password: 'correct horse battery', role: 'merchant' });
    expect((await verifyLogin(db, { mobile, password: 'correct horse battery', ip: uniqueIp() })).ok).toBe(true);
    expect(await verifyLogin(db, { mobile, password: 'wrong password!', ip: uniqueIp() })).toEqual({ ok: false, error: 'invalidCredentials' });
    expect(await verifyLogin(db, { mobile: uniqueMobile(), password: 'whatever it is', ip: uniqueIp() })).toEqual({
      ok: false,
      error: 'invalidCredentials',
    });
  });

  it('locks password login for 15 minutes after 10 failures in 15 minutes, and says how long', async () => {
    const mobile = uniqueMobile();
    await upsertUser(db, { mobile, firstName: 'Ali', lastName: 'Test', password: 'correct horse battery', role: 'merchant' });
    const t = Date.now();
    for (let i = 0; i < 9; i++) {
      const r = await verifyLogin(db, { mobile, password: `wrong-${i}-password`, ip: uniqueIp(), now: new Date(t + i * 1000) });
      expect(r).toEqual({ ok: false, error: 'invalidCredentials' });
    }
    const tenth = await verifyLogin(db, { mobile, password: 'wrong-10-password', ip: uniqueIp(), now: new Date(t + 9000) });
    expect(tenth).toEqual({ ok: false, error: 'locked', retryAfterSeconds: LOGIN_RULES.lockSeconds });
    // Even the right password is refused while locked.
    const during = await verifyLogin(db, { mobile, password: 'correct horse battery', ip: uniqueIp(), now: new Date(t + 9000 + 60_000) });
    expect(during).toEqual({ ok: false, error: 'locked', retryAfterSeconds: LOGIN_RULES.lockSeconds - 60 });
    const after = await verifyLogin(db, {
      mobile,
      password: 'correct horse battery',
      ip: uniqueIp(),
      now: new Date(t + 9000 + LOGIN_RULES.lockSeconds * 1000 + 1000),
    });
    expect(after.ok).toBe(true);
  });

  it('locks an unknown mobile exactly like a real one, so the lock reveals nothing', async () => {
    const mobile = uniqueMobile();
    const t = Date.now();
    let last;
    for (let i = 0; i < 10; i++) last = await verifyLogin(db, { mobile, password: `guess-${i}-password`, ip: uniqueIp(), now: new Date(t + i) });
    expect(last).toEqual({ ok: false, error: 'locked', retryAfterSeconds: LOGIN_RULES.lockSeconds });
  });

  it('forgets failures older than the 15-minute window', async () => {
    const mobile = uniqueMobile();
    await upsertUser(db, { mobile, firstName: 'Ali', lastName: 'Test', password: 'correct horse battery', role: 'merchant' });
    const t = Date.now();
    for (let i = 0; i < 9; i++) await verifyLogin(db, { mobile, password: 'nope nope nope', ip: uniqueIp(), now: new Date(t + i) });
    const later = await verifyLogin(db, { mobile, password: 'nope nope nope', ip: uniqueIp(), now: new Date(t + LOGIN_RULES.windowSeconds * 1000 + 10) });
    expect(later).toEqual({ ok: false, error: 'invalidCredentials' });
  });

  it('evaluates exactly the cap of passwords when 25 arrive at once, and the right one after them is refused', async () => {
    const mobile = uniqueMobile();
    await upsertUser(db, { mobile, firstName: 'Ali', lastName: 'Test', password: 'correct horse battery', role: 'merchant' });
    const tag = `race-${mobile}`;
    const wrong = Array.from({ length: 24 }, (_, i) => `${tag}-wrong-${i}`);
    const results = await Promise.all([
      ...wrong.map((password) => verifyLogin(db, { mobile, password, ip: uniqueIp() })),
      verifyLogin(db, { mobile, password: 'correct horse battery', ip: uniqueIp() }),
    ]);
    const tried = wrong.reduce((n, p) => n + (evaluated.get(p) ?? 0), 0);
    const signedIn = results.filter((r) => r.ok).length;
    // Whichever ten won the lock were evaluated; nobody else's password was.
    expect(tried + signedIn).toBe(LOGIN_RULES.maxFailures);
    expect(results.filter((r) => !r.ok && r.error === 'invalidCredentials').length).toBeLessThanOrEqual(LOGIN_RULES.maxFailures - 1);
    if (signedIn === 0) {
      expect(tried).toBe(LOGIN_RULES.maxFailures);
      expect(await verifyLogin(db, { mobile, password: 'correct horse battery', ip: uniqueIp() })).toMatchObject({ ok: false, error: 'locked' });
    }
  });
});
