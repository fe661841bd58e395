import { eq } from 'drizzle-orm';
import { actorOf } from '@/lib/actor';
import { describe, expect, it } from 'vitest';
import { users } from '@/db/schema';
import { testDb, uniqueIp, uniqueMobile } from '@/test/db';
import {
  bumpSessionVersion,
  changePassword,
  completeReset,
  completeSignup,
  mobileHasAccount,
  PASSWORD_CHANGE_RULE,
  requestSignupCode,
  upsertUser,
} from './accounts';
import { verifyLogin } from './login';
import { issueOtp, verifyOtp } from './otp';
import { verifyPassword } from './password';
import { isSessionCurrent } from './session-check';
import { sessionVersionProof, verifySessionVersionProof } from './session-proof';

const db = testDb();

/** Runs steps 1–2 of a flow and returns the ticket a correct code gives. */
async function ticketFor(mobile: string, purpose: 'signup' | 'reset') {
  const issued = await db.transaction((tx) => issueOtp(tx, { mobile, purpose, ip: uniqueIp() }));
  if (!issued.ok) throw new Error(issued.error);
  const v = await verifyOtp(db, { mobile, purpose, code: issued.code });
  if (!v.ok) throw new Error(v.error);
  return v.ticket;
}

describe('sign-up', () => {
  it('creates a merchant once per verified mobile, hashing the password', async () => {
    const mobile = uniqueMobile();
    const ticket = await ticketFor(mobile, 'signup');
    const r = await completeSignup(db, { mobile, ticket, firstName: 'مریم', lastName: 'احمدی', password: 'a long pass phrase' });
    expect(r.ok).toBe(true);
    const [u] = await db.select().from(users).where(eq(users.mobile, mobile));
    expect(u.role).toBe('merchant');
    expect(u.passwordHash).not.toContain('a long pass phrase');
    expect(await verifyPassword('a long pass phrase', u.passwordHash)).toBe(true);
    // The ticket is spent.
    expect(await completeSignup(db, { mobile, ticket, firstName: 'x', lastName: 'y', password: 'another pass phrase' })).toEqual({
      ok: false,
      error: 'ticketInvalid',
    });
    // Asking again answers exactly as for a new number (a code is sent); only the code's holder learns of the account.
    const member = await upsertUser(db, { mobile: uniqueMobile(), firstName: 'a', lastName: 'b', password: 'some pass phrase', role: 'merchant' });
    expect(await requestSignupCode(db, { mobile: member.mobile, ip: uniqueIp() })).toEqual({
      ok: true,
      data: { mobile: member.mobile, channel: 'sms', resendAfterSeconds: 60, expiresInSeconds: expect.any(Number) },
    });
    expect(await mobileHasAccount(db, mobile)).toBe(true);
    expect(await mobileHasAccount(db, uniqueMobile())).toBe(false);
  });

  it('refuses a common password before spending the ticket', async () => {
    const mobile = uniqueMobile();
    const ticket = await ticketFor(mobile, 'signup');
    expect(await completeSignup(db, { mobile, ticket, firstName: 'a', lastName: 'b', password: 'password123' })).toEqual({
      ok: false,
      fieldErrors: { password: 'passwordCommon' },
    });
    expect((await completeSignup(db, { mobile, ticket, firstName: 'a', lastName: 'b', password: 'not so common phrase' })).ok).toBe(true);
  });

  it('refuses a ticket from the reset flow', async () => {
    const mobile = uniqueMobile();
    const ticket = await ticketFor(mobile, 'reset');
    expect(await completeSignup(db, { mobile, ticket, firstName: 'a', lastName: 'b', password: 'a long pass phrase' })).toEqual({
      ok: false,
      error: 'ticketInvalid',
    });
  });
});

describe('sessions', () => {
  it('a token is current only while its version matches and within 12 hours of login', () => {
    const now = Date.now();
    const loginAt = Math.floor(now / 1000) - 60;
    expect(isSessionCurrent({ sessionVersion: 3 }, { sv: 3, loginAt }, now)).toBe(true);
    expect(isSessionCurrent({ sessionVersion: 4 }, { sv: 3, loginAt }, now)).toBe(false);
    expect(isSessionCurrent({ sessionVersion: 3 }, { sv: 3, loginAt: loginAt - 12 * 3600 }, now)).toBe(false);
  });

  it('password change and sign-out-everywhere each revoke earlier tokens (reset: below)', async () => {
    const mobile = uniqueMobile();
    const user = await upsertUser(db, { mobile, firstName: 'a', lastName: 'b', password: 'first pass phrase', role: 'merchant' });
    const token = { sv: user.sessionVersion, loginAt: Math.floor(Date.now() / 1000) };

    const changed = await changePassword(db, actorOf(user), { currentPassword: 'first pass phrase', newPassword: 'second pass phrase' });
    if (!changed.ok) throw new Error(changed.error);
    expect(isSessionCurrent(changed.data, token)).toBe(false);

    const v = await bumpSessionVersion(db, actorOf(user));
    expect(v).toBe(changed.data.sessionVersion + 1);

    expect(isSessionCurrent({ sessionVersion: v }, { sv: changed.data.sessionVersion, loginAt: token.loginAt })).toBe(false);
    expect(isSessionCurrent({ sessionVersion: v }, { sv: v, loginAt: token.loginAt })).toBe(true);
  });

  it('needs the current password to change it, and refuses the same one', async () => {
    const user = await upsertUser(db, { mobile: uniqueMobile(), firstName: 'a', lastName: 'b', password: 'first pass phrase', role: 'merchant' });
    expect(await changePassword(db, actorOf(user), { currentPassword: 'not it at all', newPassword: 'second pass phrase' })).toEqual({
      ok: false,
      fieldErrors: { currentPassword: 'currentPasswordWrong' },
    });
    expect(await changePassword(db, actorOf(user), { currentPassword: 'first pass phrase', newPassword: 'first pass phrase' })).toEqual({
      ok: false,
      fieldErrors: { newPassword: 'passwordUnchanged' },
    });
  });

  it('allows only a few guesses of the current password, however many arrive at once', async () => {
    const user = await upsertUser(db, { mobile: uniqueMobile(), firstName: 'a', lastName: 'b', password: 'first pass phrase', role: 'merchant' });
    const guesses = await Promise.all(
      Array.from({ length: 20 }, (_, i) => changePassword(db, actorOf(user), { currentPassword: `guess number ${i}`, newPassword: 'second pass phrase' })),
    );
    expect(guesses.filter((r) => !r.ok && r.fieldErrors?.currentPassword === 'currentPasswordWrong')).toHaveLength(PASSWORD_CHANGE_RULE.limit);
    // The right one is refused too until the window has room again.
    const right = await changePassword(db, actorOf(user), { currentPassword: 'first pass phrase', newPassword: 'second pass phrase' });
    expect(right).toMatchObject({ ok: false, error: 'tooManyTries', params: { retryAfterSeconds: expect.any(Number) } });
  });

  it('a session-version update needs the server HMAC, so a browser cannot revive a revoked cookie', () => {
    const proof = sessionVersionProof('user-1', 7);
    expect(verifySessionVersionProof('user-1', 7, proof)).toBe(true);
    expect(verifySessionVersionProof('user-1', 8, proof)).toBe(false);
    expect(verifySessionVersionProof('user-2', 7, proof)).toBe(false);
  });
});

describe('password reset', () => {
  it('sets the new password, ends every session and lifts a login lock', async () => {
    const mobile = uniqueMobile();
    const user = await upsertUser(db, { mobile, firstName: 'a', lastName: 'b', password: 'old pass phrase', role: 'merchant' });
    for (let i = 0; i < 10; i++) await verifyLogin(db, { mobile, password: 'bad bad bad bad', ip: uniqueIp() });
    expect((await verifyLogin(db, { mobile, password: 'old pass phrase', ip: uniqueIp() })).ok).toBe(false);
    const ticket = await ticketFor(mobile, 'reset');
    const r = await completeReset(db, { mobile, ticket, password: 'new pass phrase' });
    if (!r.ok) throw new Error(r.error);
    expect(r.data.sessionVersion).toBe(user.sessionVersion + 1);
    expect((await verifyLogin(db, { mobile, password: 'new pass phrase', ip: uniqueIp() })).ok).toBe(true);
    expect((await verifyLogin(db, { mobile, password: 'old pass phrase', ip: uniqueIp() })).ok).toBe(false);
  });
});
