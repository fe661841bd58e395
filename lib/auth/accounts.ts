import { eq, sql, TransactionRollbackError } from 'drizzle-orm';
import type { Db, DbOrTx } from '@/db';
import { users, type User, type UserRole } from '@/db/schema';
import type { MerchantActor, StaffActor } from '@/lib/actor';
import { audit } from '@/lib/audit';
import { err, fieldErr, ok, type Result } from '@/lib/result';
import { issueOtp, consumeTicket, verifyOtp } from './otp';
import { clearLoginThrottle } from './login';
import { hashPassword, isCommonPassword, verifyPassword } from './password';
import { hit } from '@/lib/rate-limit';
import { dispatch, nothingPending, recordNotice, type Person } from '@/lib/notify';
import { smsText } from '@/lib/sms/texts';
import { isEmailIdentifier } from '@/lib/validation/auth';
import { isTurkishMobile } from '@/lib/validation/mobile-tr';
import { foundMerchant, hasPendingInvitation } from '@/lib/teams';
import { OTP_RULES } from './otp';

/**
 * A code went out (or, for a reset of an unknown account, seemed to): what it is bound to (`mobile`:
 * the mobile or e-mail address typed), how it travelled (said from what was typed alone, so the
 * answer is the same whether or not there is an account), when it may be sent again and when it
 * expires.
 */
export type CodeSent = { mobile: string; channel: 'sms' | 'email'; resendAfterSeconds: number; expiresInSeconds: number };
/** Refusals carry `retryAfterSeconds` in `params`: resendTooSoon, mobileHourlyCap, ipHourlyCap. */
export type RequestCodeResult = Result<CodeSent>;

/**
 * Sign-up step 1: an SMS code to the mobile, whether or not it has an account, so the answer
 * tells a stranger nothing; only the number's owner learns it has one, after entering the code.
 */
export async function requestSignupCode(db: Db, input: { mobile: string; ip: string }): Promise<RequestCodeResult> {
  return requestCode(db, { target: input.mobile, ip: input.ip, purpose: 'signup', to: { mobile: input.mobile, email: null, locale: null } });
}

/**
 * Sign-up of a Turkish company, step 1: the code goes by e-mail (the Iranian SMS provider cannot
 * reach a Turkish mobile), bound to the address, under the same rules and throttles as SMS codes.
 * The mobile is kept for the account; it is not proven (nothing can text it). `locale` is the
 * page's language, which the e-mail is written in.
 */
export async function requestEmailSignupCode(db: Db, input: { email: string; ip: string; locale: string | null }): Promise<RequestCodeResult> {
  return requestCode(db, { target: input.email, ip: input.ip, purpose: 'signup', to: { mobile: null, email: input.email, locale: input.locale } });
}

/** The account a mobile (Iranian or Turkish) or an e-mail address signs in with. */
export async function findUserByIdentifier(db: DbOrTx, identifier: string): Promise<User | null> {
  const [user] = await db
    .select()
    .from(users)
    .where(isEmailIdentifier(identifier) ? eq(users.email, identifier) : eq(users.mobile, identifier));
  return user ?? null;
}

/** Asked only after a code proved the caller holds the mobile. */
export async function mobileHasAccount(db: Db, mobile: string): Promise<boolean> {
  const found = await db.select({ id: users.id }).from(users).where(eq(users.mobile, mobile));
  return found.length > 0;
}

/**
 * Forgot password step 1, by mobile or e-mail. The answer and the throttles are the same whether
 * or not the identifier has an account; only a real account gets the code, through its own
 * channels (SMS to an Iranian mobile, e-mail where it has an address).
 */
export async function requestResetCode(db: Db, input: { mobile: string; ip: string }): Promise<RequestCodeResult> {
  const user = await findUserByIdentifier(db, input.mobile);
  return requestCode(db, { target: input.mobile, ip: input.ip, purpose: 'reset', to: user });
}

async function requestCode(db: Db, input: { target: string; ip: string; purpose: 'signup' | 'reset'; to: Person | null }): Promise<RequestCodeResult> {
  const key = input.purpose === 'signup' ? 'signupCode' : 'resetCode';
  const result = await db.transaction(async (tx) => {
    const issued = await issueOtp(tx, { mobile: input.target, purpose: input.purpose, ip: input.ip });
    if (!issued.ok) return { issued, pending: nothingPending() };
    const minutes = String(Math.round(OTP_RULES.ttlSeconds / 60));
    const pending = input.to
      ? await recordNotice(tx, input.to, { sms: smsText(key, { code: issued.code }), email: { key, values: { code: issued.code, minutes } } })
      : nothingPending();
    return { issued, pending };
  });
  const issued = result.issued;
  const byEmail = isEmailIdentifier(input.target) || isTurkishMobile(input.target);
  if (!issued.ok) {
    const error = issued.error === 'mobileHourlyCap' && isEmailIdentifier(input.target) ? 'emailHourlyCap' : issued.error;
    return err(error, { retryAfterSeconds: issued.retryAfterSeconds });
  }
  await dispatch(result.pending);
  return ok({
    mobile: input.target,
    channel: byEmail ? 'email' : 'sms',
    resendAfterSeconds: issued.resendAfterSeconds,
    expiresInSeconds: Math.round((issued.expiresAt.getTime() - Date.now()) / 1000),
  });
}

/**
 * Step 2 of sign-up and reset: a correct code gives the single-use ticket for step 3. A wrong
 * code is an error on the code field, with the tries left; for sign-up, only now, to the number's
 * (or address's) proven owner, is an existing account named (step 1 answers the same for all).
 */
export async function verifyCode(db: Db, input: { mobile: string; code: string; purpose: 'signup' | 'reset' }): Promise<Result<{ ticket: string }>> {
  const r = await verifyOtp(db, input);
  if (!r.ok) return fieldErr({ code: r.error }, r.error === 'codeWrong' ? { attemptsLeft: r.attemptsLeft } : undefined);
  if (input.purpose === 'signup' && (await findUserByIdentifier(db, input.mobile))) {
    return err(isEmailIdentifier(input.mobile) ? 'emailTaken' : 'mobileTaken');
  }
  return ok({ ticket: r.ticket });
}

/** Refusals: ticketInvalid, mobileTaken, emailTaken, or passwordCommon on the password field. */
export type CompleteResult = Result<User>;

/**
 * Sign-up step 3: names and password, allowed once by the ticket a correct code gave. The ticket
 * is bound to `mobile` (Iran) or to `email` (a Turkish company, which also gives its Turkish
 * mobile and gets e-mails in `locale`).
 */
export async function completeSignup(
  db: Db,
  input: { mobile: string; email?: string; locale?: string; ticket: string; firstName: string; lastName: string; password: string },
): Promise<CompleteResult> {
  if (isCommonPassword(input.password)) return fieldErr({ password: 'passwordCommon' });
  const passwordHash = await hashPassword(input.password);
  const boundTo = input.email ?? input.mobile;
  return db
    .transaction(async (tx): Promise<CompleteResult> => {
      if (!(await consumeTicket(tx, { mobile: boundTo, purpose: 'signup', ticket: input.ticket }))) {
        return err('ticketInvalid');
      }
      const [user] = await tx
        .insert(users)
        .values({
          mobile: input.mobile,
          email: input.email ?? null,
          locale: input.locale ?? null,
          firstName: input.firstName,
          lastName: input.lastName,
          passwordHash,
          role: 'merchant',
        })
        .onConflictDoNothing()
        .returning();
      if (!user) {
        tx.rollback();
      }
      // The sign-up founds the person's business (its id is theirs), unless a business invited
      // this mobile: they join it on /join, and may start their own there instead.
      if (!(await hasPendingInvitation(tx, input.mobile))) await foundMerchant(tx, user.id);
      return ok(user);
    })
    .catch(async (e: unknown): Promise<CompleteResult> => {
      if (!isRollback(e)) throw e;
      return err(input.email && (await findUserByIdentifier(db, input.email)) ? 'emailTaken' : 'mobileTaken');
    });
}

/** drizzle's rollback error is named `DrizzleError`; only its class tells it apart. */
function isRollback(err: unknown): boolean {
  return err instanceof TransactionRollbackError;
}

/** Forgot password step 3: the new password; every session of the account ends. `mobile` is the identifier the code was bound to. */
export async function completeReset(db: Db, input: { mobile: string; ticket: string; password: string }): Promise<CompleteResult> {
  if (isCommonPassword(input.password)) return fieldErr({ password: 'passwordCommon' });
  const passwordHash = await hashPassword(input.password);
  return db.transaction(async (tx): Promise<CompleteResult> => {
    if (!(await consumeTicket(tx, { mobile: input.mobile, purpose: 'reset', ticket: input.ticket }))) {
      return err('ticketInvalid');
    }
    const [user] = await tx
      .update(users)
      .set({ passwordHash, passwordChangedAt: new Date(), sessionVersion: sql`${users.sessionVersion} + 1` })
      .where(isEmailIdentifier(input.mobile) ? eq(users.email, input.mobile) : eq(users.mobile, input.mobile))
      .returning();
    if (!user) return err('ticketInvalid');
    await audit(tx, null, { action: 'password_reset', objectType: 'user', objectId: user.id, merchantId: user.role === 'admin' ? null : user.id });
    // The lock may be on either identifier the person signs in with.
    for (const id of [user.mobile, user.email]) if (id) await clearLoginThrottle(tx, id);
    return ok(user);
  });
}

/** A stolen session must not become a way to guess the password: a few tries a quarter-hour. */
export const PASSWORD_CHANGE_RULE = { limit: 5, windowSeconds: 15 * 60 } as const;

/**
 * The acting person's own password: needs the current one; bumps the session version so every
 * other session ends. Refusals name the field they belong to.
 */
export async function changePassword(
  db: Db,
  actor: MerchantActor | StaffActor,
  input: { currentPassword: string; newPassword: string },
): Promise<Result<User>> {
  const allowed = await hit(db, `password-change:${actor.userId}`, PASSWORD_CHANGE_RULE);
  if (!allowed.ok) return err('tooManyTries', { retryAfterSeconds: allowed.retryAfterSeconds });
  const [user] = await db.select().from(users).where(eq(users.id, actor.userId));
  if (!user || !(await verifyPassword(input.currentPassword, user.passwordHash))) {
    return fieldErr({ currentPassword: 'currentPasswordWrong' });
  }
  if (input.currentPassword === input.newPassword) return fieldErr({ newPassword: 'passwordUnchanged' });
  if (isCommonPassword(input.newPassword)) return fieldErr({ newPassword: 'passwordCommon' });
  const passwordHash = await hashPassword(input.newPassword);
  const updated = await db.transaction(async (tx) => {
    const [row] = await tx
      .update(users)
      .set({ passwordHash, passwordChangedAt: new Date(), sessionVersion: sql`${users.sessionVersion} + 1` })
      .where(eq(users.id, actor.userId))
      .returning();
    await audit(tx, actor, { action: 'password_change', objectType: 'user', objectId: row.id });
    return row;
  });
  return ok(updated);
}

/** Ends every session of the acting person; the caller re-issues its own cookie with the new version. */
export async function bumpSessionVersion(db: Db, actor: MerchantActor | StaffActor): Promise<number> {
  const [row] = await db
    .update(users)
    .set({ sessionVersion: sql`${users.sessionVersion} + 1` })
    .where(eq(users.id, actor.userId))
    .returning({ v: users.sessionVersion });
  return row.v;
}

export async function getUserById(db: Db, id: string): Promise<User | null> {
  const [user] = await db.select().from(users).where(eq(users.id, id));
  return user ?? null;
}

/** Creates or updates a user directly (seed and the admin CLI only; never reachable from sign-up). */
export async function upsertUser(db: Db, input: { mobile: string; firstName: string; lastName: string; password: string; role: UserRole }): Promise<User> {
  const passwordHash = await hashPassword(input.password);
  const [user] = await db
    .insert(users)
    .values({ ...input, passwordHash })
    .onConflictDoUpdate({
      target: users.mobile,
      set: { firstName: input.firstName, lastName: input.lastName, role: input.role, passwordHash, sessionVersion: sql`${users.sessionVersion} + 1` },
    })
    .returning();
  if (user.role === 'merchant') await foundMerchant(db, user.id);
  return user;
}
