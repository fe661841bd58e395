import { describe, expect, it } from 'vitest';
import { testDb, uniqueIp, uniqueMobile } from '@/test/db';
import { upsertUser } from './accounts';
import { LOGIN_RULES, verifyLogin } from './login';

const db = testDb();

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
});
