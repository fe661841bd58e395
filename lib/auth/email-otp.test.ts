import { randomInt } from 'node:crypto';
import { desc, eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { emailMessages, otpCodes, smsMessages, users } from '@/db/schema';
import { testDb, uniqueIp, uniqueMobile } from '@/test/db';
import { completeReset, completeSignup, requestEmailSignupCode, requestResetCode, upsertUser, verifyCode } from './accounts';
import { LOGIN_RULES, verifyLogin } from './login';
import { issueOtp, OTP_RULES, verifyOtp } from './otp';

const db = testDb();

const uniqueEmail = () => `firma-${randomInt(0, 1e9)}@example.com.tr`;
const uniqueTurkishMobile = () => `+905${String(randomInt(0, 1_000_000_000)).padStart(9, '0')}`;

/** The code in the newest e-mail to an address (the outbox, as /dev/email shows it). */
async function mailedCode(to: string): Promise<string> {
  const [mail] = await db.select().from(emailMessages).where(eq(emailMessages.to, to)).orderBy(desc(emailMessages.createdAt)).limit(1);
  const code = /\b(\d{5,6})\b/.exec(mail?.body ?? '')?.[1];
  if (!code) throw new Error(`no code mailed to ${to}`);
  return code;
}

async function signUpTurkish(email = uniqueEmail(), mobile = uniqueTurkishMobile()) {
  const sent = await requestEmailSignupCode(db, { email, ip: uniqueIp(), locale: 'en' });
  if (!sent.ok) throw new Error(sent.error);
  const v = await verifyCode(db, { mobile: email, code: await mailedCode(email), purpose: 'signup' });
  if (!v.ok) throw new Error(v.error);
  const r = await completeSignup(db, {
    mobile,
    email,
    locale: 'tr',
    ticket: v.data.ticket,
    firstName: 'Ayşe',
    lastName: 'Yılmaz',
    password: 'amber willow compass',
  });
  if (!r.ok) throw new Error(r.error);
  return r.data;
}

describe('one-time codes by e-mail', () => {
  it('issues a code by e-mail, bound to the address, stored only as a hash, with no SMS', async () => {
    const email = uniqueEmail();
    const r = await requestEmailSignupCode(db, { email, ip: uniqueIp(), locale: 'en' });
    expect(r).toMatchObject({ ok: true, data: { mobile: email, channel: 'email', resendAfterSeconds: OTP_RULES.resendAfterSeconds } });
    const [mail] = await db.select().from(emailMessages).where(eq(emailMessages.to, email));
    expect(mail.subject).toBe('Your Dargah sign-up code');
    const code = await mailedCode(email);
    expect(code).toMatch(/^\d{5}$/);
    const [row] = await db.select().from(otpCodes).where(eq(otpCodes.mobile, email));
    expect(row.codeHash).not.toContain(code);
    expect(await db.select().from(smsMessages).where(eq(smsMessages.body, mail.body))).toEqual([]);
    expect((await verifyCode(db, { mobile: email, code, purpose: 'signup' })).ok).toBe(true);
    // Single use.
    expect(await verifyCode(db, { mobile: email, code, purpose: 'signup' })).toMatchObject({ ok: false, fieldErrors: { code: 'codeMissing' } });
  });

  it('expires an e-mailed code after the same two minutes as an SMS code', async () => {
    const email = uniqueEmail();
    const now = new Date();
    const issued = await db.transaction((tx) => issueOtp(tx, { mobile: email, purpose: 'signup', ip: uniqueIp(), now }));
    if (!issued.ok) throw new Error(issued.error);
    const later = new Date(now.getTime() + OTP_RULES.ttlSeconds * 1000 + 1);
    expect(await verifyOtp(db, { mobile: email, purpose: 'signup', code: issued.code, now: later })).toEqual({ ok: false, error: 'codeExpired' });
  });

  it('burns an e-mailed code after five wrong entries', async () => {
    const email = uniqueEmail();
    await requestEmailSignupCode(db, { email, ip: uniqueIp(), locale: 'en' });
    const code = await mailedCode(email);
    const wrong = code === '00000' ? '11111' : '00000';
    for (let i = 0; i < OTP_RULES.maxAttempts - 1; i++) {
      expect(await verifyCode(db, { mobile: email, code: wrong, purpose: 'signup' })).toMatchObject({ ok: false, fieldErrors: { code: 'codeWrong' } });
    }
    expect(await verifyCode(db, { mobile: email, code: wrong, purpose: 'signup' })).toMatchObject({ ok: false, fieldErrors: { code: 'codeBurned' } });
    expect(await verifyCode(db, { mobile: email, code, purpose: 'signup' })).toMatchObject({ ok: false, fieldErrors: { code: 'codeBurned' } });
  });

  it('throttles e-mailed codes like SMS codes: a minute between sends, five an hour per address', async () => {
    const email = uniqueEmail();
    expect((await requestEmailSignupCode(db, { email, ip: uniqueIp(), locale: 'en' })).ok).toBe(true);
    expect(await requestEmailSignupCode(db, { email, ip: uniqueIp(), locale: 'en' })).toMatchObject({ ok: false, error: 'resendTooSoon' });
    // Four more, each past the resend wait, fill the hour; the sixth is refused with the address's own message.
    const start = Date.now();
    for (let i = 1; i < OTP_RULES.perMobilePerHour; i++) {
      const now = new Date(start + i * (OTP_RULES.resendAfterSeconds + 1) * 1000);
      const r = await db.transaction((tx) => issueOtp(tx, { mobile: email, purpose: 'signup', ip: uniqueIp(), now }));
      expect(r.ok).toBe(true);
    }
    await db
      .update(otpCodes)
      .set({ createdAt: new Date(Date.now() - 30 * 60_000) })
      .where(eq(otpCodes.mobile, email));
    expect(await requestEmailSignupCode(db, { email, ip: uniqueIp(), locale: 'en' })).toMatchObject({ ok: false, error: 'emailHourlyCap' });
  });

  it('names an address that has an account only to its proven owner, at step 2', async () => {
    const user = await signUpTurkish();
    await db
      .update(otpCodes)
      .set({ createdAt: new Date(Date.now() - 61_000) })
      .where(eq(otpCodes.mobile, user.email!));
    const again = await requestEmailSignupCode(db, { email: user.email!, ip: uniqueIp(), locale: 'en' });
    expect(again.ok).toBe(true);
    expect(await verifyCode(db, { mobile: user.email!, code: await mailedCode(user.email!), purpose: 'signup' })).toEqual({ ok: false, error: 'emailTaken' });
  });
});

describe('a Turkish company', () => {
  it('signs up with e-mail and Turkish mobile, then signs in with either', async () => {
    const email = uniqueEmail();
    const mobile = uniqueTurkishMobile();
    const user = await signUpTurkish(email, mobile);
    expect(user).toMatchObject({ email, mobile, locale: 'tr', role: 'merchant' });
    expect((await verifyLogin(db, { mobile: email, password: 'amber willow compass', ip: uniqueIp() })).ok).toBe(true);
    expect((await verifyLogin(db, { mobile, password: 'amber willow compass', ip: uniqueIp() })).ok).toBe(true);
    expect(await verifyLogin(db, { mobile: email, password: 'wrong pass phrase', ip: uniqueIp() })).toEqual({ ok: false, error: 'invalidCredentials' });
  });

  it('cannot take a mobile that already has an account', async () => {
    const taken = await signUpTurkish();
    await expect(signUpTurkish(uniqueEmail(), taken.mobile)).rejects.toThrow('mobileTaken');
  });

  it('is throttled on e-mail sign-in exactly like a mobile, keyed by the address typed, known or not', async () => {
    for (const email of [(await signUpTurkish()).email!, uniqueEmail()]) {
      for (let i = 0; i < LOGIN_RULES.maxFailures - 1; i++) {
        expect(await verifyLogin(db, { mobile: email, password: 'wrong pass phrase', ip: uniqueIp() })).toEqual({ ok: false, error: 'invalidCredentials' });
      }
      expect(await verifyLogin(db, { mobile: email, password: 'wrong pass phrase', ip: uniqueIp() })).toMatchObject({ ok: false, error: 'locked' });
      expect(await verifyLogin(db, { mobile: email, password: 'amber willow compass', ip: uniqueIp() })).toMatchObject({ ok: false, error: 'locked' });
    }
  });

  it('resets its password by e-mail, asked by address or by Turkish mobile, with no SMS; the lock is lifted', async () => {
    const user = await signUpTurkish();
    for (const identifier of [user.email!, user.mobile]) {
      const before = (await db.select().from(emailMessages).where(eq(emailMessages.to, user.email!))).length;
      const r = await requestResetCode(db, { mobile: identifier, ip: uniqueIp() });
      expect(r).toMatchObject({ ok: true, data: { mobile: identifier, channel: 'email' } });
      const mails = await db.select().from(emailMessages).where(eq(emailMessages.to, user.email!)).orderBy(desc(emailMessages.createdAt));
      expect(mails).toHaveLength(before + 1);
      // The account's language is Turkish (a Turkish company's sign-up): its e-mails are in Turkish.
      expect(mails[0].subject).toBe('Dargah şifre sıfırlama kodunuz');
      await db
        .update(otpCodes)
        .set({ createdAt: new Date(Date.now() - 61_000) })
        .where(eq(otpCodes.mobile, identifier));
    }
    for (let i = 0; i < LOGIN_RULES.maxFailures; i++) await verifyLogin(db, { mobile: user.email!, password: 'wrong pass phrase', ip: uniqueIp() });
    const v = await verifyCode(db, { mobile: user.mobile, code: await mailedCode(user.email!), purpose: 'reset' });
    if (!v.ok) throw new Error(v.error);
    expect((await completeReset(db, { mobile: user.mobile, ticket: v.data.ticket, password: 'a brand new phrase' })).ok).toBe(true);
    expect((await verifyLogin(db, { mobile: user.email!, password: 'a brand new phrase', ip: uniqueIp() })).ok).toBe(true);
  });

  it('answers a reset for an unknown address exactly as for a real one, and sends nothing', async () => {
    const email = uniqueEmail();
    expect(await requestResetCode(db, { mobile: email, ip: uniqueIp() })).toMatchObject({ ok: true, data: { mobile: email, channel: 'email' } });
    expect(await db.select().from(emailMessages).where(eq(emailMessages.to, email))).toEqual([]);
  });

  it('leaves the Iranian reset by SMS as it was', async () => {
    const mobile = uniqueMobile();
    await upsertUser(db, { mobile, firstName: 'م', lastName: 'ا', password: 'some pass phrase', role: 'merchant' });
    expect(await requestResetCode(db, { mobile, ip: uniqueIp() })).toMatchObject({ ok: true, data: { channel: 'sms' } });
    expect(await db.select().from(smsMessages).where(eq(smsMessages.mobile, mobile))).toHaveLength(1);
    const [u] = await db.select().from(users).where(eq(users.mobile, mobile));
    expect(u.email).toBeNull();
  });
});
