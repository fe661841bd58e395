import { eq, sql } from 'drizzle-orm';
import type { Db } from '@/db';
import { users, type User, type UserRole } from '@/db/schema';
import type { MerchantActor, StaffActor } from '@/lib/actor';
import { err, fieldErr, ok, type Result } from '@/lib/result';
import { issueOtp, consumeTicket, verifyOtp } from './otp';
import { clearLoginThrottle } from './login';
import { hashPassword, isCommonPassword, verifyPassword } from './password';
import { hit } from '@/lib/rate-limit';
import { enqueueSms, recordSms } from '@/lib/sms';
import { smsText } from '@/lib/sms/texts';

/** A code went out (or, for a reset of an unknown mobile, seemed to): when it may be sent again and when it expires. */
export type CodeSent = { mobile: string; resendAfterSeconds: number; expiresInSeconds: number };
/** Refusals carry `retryAfterSeconds` in `params`: resendTooSoon, mobileHourlyCap, ipHourlyCap. */
export type RequestCodeResult = Result<CodeSent>;

/**
 * Sign-up step 1: an SMS code to the mobile, whether or not it has an account, so the answer
 * tells a stranger nothing; only the number's owner learns it has one, after entering the code.
 */
export async function requestSignupCode(db: Db, input: { mobile: string; ip: string }): Promise<RequestCodeResult> {
  return requestCode(db, { ...input, purpose: 'signup', send: true });
}

/** Asked only after a code proved the caller holds the mobile. */
export async function mobileHasAccount(db: Db, mobile: string): Promise<boolean> {
  const found = await db.select({ id: users.id }).from(users).where(eq(users.mobile, mobile));
  return found.length > 0;
}

/**
 * Forgot password step 1. The answer and the throttles are the same whether or not the mobile
 * has an account; only a real account gets an SMS.
 */
export async function requestResetCode(db: Db, input: { mobile: string; ip: string }): Promise<RequestCodeResult> {
  const found = await db.select({ id: users.id }).from(users).where(eq(users.mobile, input.mobile));
  return requestCode(db, { ...input, purpose: 'reset', send: found.length > 0 });
}

async function requestCode(db: Db, input: { mobile: string; ip: string; purpose: 'signup' | 'reset'; send: boolean }): Promise<RequestCodeResult> {
  const result = await db.transaction(async (tx) => {
    const issued = await issueOtp(tx, input);
    if (!issued.ok) return { issued, smsId: null };
    const smsId = input.send
      ? await recordSms(tx, { mobile: input.mobile, body: smsText(input.purpose === 'signup' ? 'signupCode' : 'resetCode', { code: issued.code }) })
      : null;
    return { issued, smsId };
  });
  const issued = result.issued;
  if (!issued.ok) return err(issued.error, { retryAfterSeconds: issued.retryAfterSeconds });
  if (result.smsId) await enqueueSms(result.smsId);
  return ok({
    mobile: input.mobile,
    resendAfterSeconds: issued.resendAfterSeconds,
    expiresInSeconds: Math.round((issued.expiresAt.getTime() - Date.now()) / 1000),
  });
}

/**
 * Step 2 of sign-up and reset: a correct code gives the single-use ticket for step 3. A wrong
 * code is an error on the code field, with the tries left; for sign-up, only now, to the number's
 * proven owner, is an existing account named (step 1 answers the same for every mobile).
 */
export async function verifyCode(db: Db, input: { mobile: string; code: string; purpose: 'signup' | 'reset' }): Promise<Result<{ ticket: string }>> {
  const r = await verifyOtp(db, input);
  if (!r.ok) return fieldErr({ code: r.error }, r.error === 'codeWrong' ? { attemptsLeft: r.attemptsLeft } : undefined);
  if (input.purpose === 'signup' && (await mobileHasAccount(db, input.mobile))) return err('mobileTaken');
  return ok({ ticket: r.ticket });
}

/** Refusals: ticketInvalid, mobileTaken, or passwordCommon on the password field. */
export type CompleteResult = Result<User>;

/** Sign-up step 3: names and password, allowed once by the ticket a correct code gave. */
export async function completeSignup(
  db: Db,
  input: { mobile: string; ticket: string; firstName: string; lastName: string; password: string },
): Promise<CompleteResult> {
  if (isCommonPassword(input.password)) return fieldErr({ password: 'passwordCommon' });
  const passwordHash = await hashPassword(input.password);
  return db
    .transaction(async (tx): Promise<CompleteResult> => {
      if (!(await consumeTicket(tx, { mobile: input.mobile, purpose: 'signup', ticket: input.ticket }))) {
        return err('ticketInvalid');
      }
      const [user] = await tx
        .insert(users)
        .values({ mobile: input.mobile, firstName: input.firstName, lastName: input.lastName, passwordHash, role: 'merchant' })
        .onConflictDoNothing({ target: users.mobile })
        .returning();
      if (!user) {
        tx.rollback();
      }
      return ok(user);
    })
    .catch((e: unknown): CompleteResult => {
      if (isRollback(e)) return err('mobileTaken');
      throw e;
    });
}

function isRollback(err: unknown): boolean {
  return err instanceof Error && err.name === 'TransactionRollbackError';
}

/** Forgot password step 3: the new password; every session of the account ends. */
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
      .where(eq(users.mobile, input.mobile))
      .returning();
    if (!user) return err('ticketInvalid');
    await clearLoginThrottle(tx, input.mobile);
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
  const [updated] = await db
    .update(users)
    .set({ passwordHash, passwordChangedAt: new Date(), sessionVersion: sql`${users.sessionVersion} + 1` })
    .where(eq(users.id, actor.userId))
    .returning();
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
  return user;
}
