import { and, count, eq, gt } from 'drizzle-orm';
import type { Db } from '@/db';
import { loginFailures, loginLocks, users, type User } from '@/db/schema';
import { dummyPasswordHash, verifyPassword } from './password';

export const LOGIN_RULES = { maxFailures: 10, windowSeconds: 15 * 60, lockSeconds: 15 * 60 } as const;

export type LoginResult = { ok: true; user: User } | { ok: false; error: 'invalidCredentials' } | { ok: false; error: 'locked'; retryAfterSeconds: number };

/**
 * Mobile + password. The answer for an unknown mobile is the same, takes as long, and counts
 * toward the same lock as for a real account, so the form tells nothing about who has one.
 */
export async function verifyLogin(db: Db, input: { mobile: string; password: string; ip: string; now?: Date }): Promise<LoginResult> {
  const now = input.now ?? new Date();
  const [lock] = await db.select().from(loginLocks).where(eq(loginLocks.mobile, input.mobile));
  if (lock && lock.lockedUntil > now) {
    return { ok: false, error: 'locked', retryAfterSeconds: Math.ceil((lock.lockedUntil.getTime() - now.getTime()) / 1000) };
  }

  const [user] = await db.select().from(users).where(eq(users.mobile, input.mobile));
  const valid = await verifyPassword(input.password, user?.passwordHash ?? (await dummyPasswordHash()));
  if (user && valid) {
    await db.delete(loginFailures).where(eq(loginFailures.mobile, input.mobile));
    return { ok: true, user };
  }

  await db.insert(loginFailures).values({ mobile: input.mobile, ip: input.ip.slice(0, 64), at: now });
  const since = new Date(now.getTime() - LOGIN_RULES.windowSeconds * 1000);
  const [{ n }] = await db
    .select({ n: count() })
    .from(loginFailures)
    .where(and(eq(loginFailures.mobile, input.mobile), gt(loginFailures.at, since)));
  if (n >= LOGIN_RULES.maxFailures) {
    const lockedUntil = new Date(now.getTime() + LOGIN_RULES.lockSeconds * 1000);
    await db.insert(loginLocks).values({ mobile: input.mobile, lockedUntil }).onConflictDoUpdate({ target: loginLocks.mobile, set: { lockedUntil } });
    // The window starts afresh after the lock.
    await db.delete(loginFailures).where(eq(loginFailures.mobile, input.mobile));
    return { ok: false, error: 'locked', retryAfterSeconds: LOGIN_RULES.lockSeconds };
  }
  return { ok: false, error: 'invalidCredentials' };
}

/** Lifts the lock after a password reset proves who owns the number. */
export async function clearLoginThrottle(db: Pick<Db, 'delete'>, mobile: string) {
  await db.delete(loginLocks).where(eq(loginLocks.mobile, mobile));
  await db.delete(loginFailures).where(eq(loginFailures.mobile, mobile));
}
