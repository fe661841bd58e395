import { eq, sql } from 'drizzle-orm';
import type { Db } from '@/db';
import { users, type User, type UserRole } from '@/db/schema';
import { issueOtp, consumeTicket } from './otp';
import { clearLoginThrottle } from './login';
import { hashPassword, isCommonPassword, verifyPassword } from './password';
import { hit } from '@/lib/rate-limit';
import { enqueueSms, recordSms } from '@/lib/sms';
import { smsText } from '@/lib/sms/texts';

type Fail<E extends string, X = object> = { ok: false; error: E } & X;

export type RequestCodeResult =
  { ok: true; resendAfterSeconds: number; expiresInSeconds: number } | Fail<'resendTooSoon' | 'mobileHourlyCap' | 'ipHourlyCap', { retryAfterSeconds: number }>;

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
  if (!result.issued.ok) return result.issued;
  if (result.smsId) await enqueueSms(result.smsId);
  return {
    ok: true,
    resendAfterSeconds: result.issued.resendAfterSeconds,
    expiresInSeconds: Math.round((result.issued.expiresAt.getTime() - Date.now()) / 1000),
  };
}

export type CompleteResult = { ok: true; user: User } | Fail<'ticketInvalid' | 'mobileTaken'> | Fail<'passwordCommon'>;

/** Sign-up step 3: names and password, allowed once by the ticket a correct code gave. */
export async function completeSignup(
  db: Db,
  input: { mobile: string; ticket: string; firstName: string; lastName: string; password: string },
): Promise<CompleteResult> {
  if (isCommonPassword(input.password)) return { ok: false, error: 'passwordCommon' };
  const passwordHash = await hashPassword(input.password);
  return db
    .transaction(async (tx) => {
      if (!(await consumeTicket(tx, { mobile: input.mobile, purpose: 'signup', ticket: input.ticket }))) {
        return { ok: false, error: 'ticketInvalid' } as const;
      }
      const [user] = await tx
        .insert(users)
        .values({ mobile: input.mobile, firstName: input.firstName, lastName: input.lastName, passwordHash, role: 'merchant' })
        .onConflictDoNothing({ target: users.mobile })
        .returning();
      if (!user) {
        tx.rollback();
      }
      return { ok: true, user } as const;
    })
    .catch((err: unknown) => {
      if (isRollback(err)) return { ok: false, error: 'mobileTaken' } as const;
      throw err;
    });
}

function isRollback(err: unknown): boolean {
  return err instanceof Error && err.name === 'TransactionRollbackError';
}

/** Forgot password step 3: the new password; every session of the account ends. */
export async function completeReset(db: Db, input: { mobile: string; ticket: string; password: string }): Promise<CompleteResult> {
  if (isCommonPassword(input.password)) return { ok: false, error: 'passwordCommon' };
  const passwordHash = await hashPassword(input.password);
  return db.transaction(async (tx) => {
    if (!(await consumeTicket(tx, { mobile: input.mobile, purpose: 'reset', ticket: input.ticket }))) {
      return { ok: false, error: 'ticketInvalid' } as const;
    }
    const [user] = await tx
      .update(users)
      .set({ passwordHash, passwordChangedAt: new Date(), sessionVersion: sql`${users.sessionVersion} + 1` })
      .where(eq(users.mobile, input.mobile))
      .returning();
    if (!user) return { ok: false, error: 'ticketInvalid' } as const;
    await clearLoginThrottle(tx, input.mobile);
    return { ok: true, user } as const;
  });
}

export type ChangePasswordResult =
  { ok: true; user: User } | Fail<'currentPasswordWrong' | 'passwordCommon' | 'passwordUnchanged'> | Fail<'tooManyTries', { retryAfterSeconds: number }>;

/** A stolen session must not become a way to guess the password: a few tries a quarter-hour. */
export const PASSWORD_CHANGE_RULE = { limit: 5, windowSeconds: 15 * 60 } as const;

/** Needs the current password; bumps the session version so every other session ends. */
export async function changePassword(db: Db, userId: string, input: { currentPassword: string; newPassword: string }): Promise<ChangePasswordResult> {
  const allowed = await hit(db, `password-change:${userId}`, PASSWORD_CHANGE_RULE);
  if (!allowed.ok) return { ok: false, error: 'tooManyTries', retryAfterSeconds: allowed.retryAfterSeconds };
  const [user] = await db.select().from(users).where(eq(users.id, userId));
  if (!user || !(await verifyPassword(input.currentPassword, user.passwordHash))) {
    return { ok: false, error: 'currentPasswordWrong' };
  }
  if (input.currentPassword === input.newPassword) return { ok: false, error: 'passwordUnchanged' };
  if (isCommonPassword(input.newPassword)) return { ok: false, error: 'passwordCommon' };
  const passwordHash = await hashPassword(input.newPassword);
  const [updated] = await db
    .update(users)
    .set({ passwordHash, passwordChangedAt: new Date(), sessionVersion: sql`${users.sessionVersion} + 1` })
    .where(eq(users.id, userId))
    .returning();
  return { ok: true, user: updated };
}

/** Ends every session of the user; the caller re-issues its own cookie with the new version. */
export async function bumpSessionVersion(db: Db, userId: string): Promise<number> {
  const [row] = await db
    .update(users)
    .set({ sessionVersion: sql`${users.sessionVersion} + 1` })
    .where(eq(users.id, userId))
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
