import { and, count, eq, gt, sql } from 'drizzle-orm';
import type { Db, DbOrTx } from '@/db';
import { loginFailures, loginLocks, users, type User } from '@/db/schema';
import { dummyPasswordHash, verifyPassword } from './password';

export const LOGIN_RULES = { maxFailures: 10, windowSeconds: 15 * 60, lockSeconds: 15 * 60 } as const;

export type LoginResult = { ok: true; user: User } | { ok: false; error: 'invalidCredentials' } | { ok: false; error: 'locked'; retryAfterSeconds: number };

/**
 * Mobile or e-mail + password (`mobile` is the identifier as `identifierSchema` normalised it). The
 * answer for an unknown identifier is the same, takes as long, and counts toward the same lock as
 * for a real account, so the form tells nothing about who has one. Throttles are keyed by the
 * identifier typed: a person with both has a lock for each, each as strict as a mobile's.
 *
 * Each attempt is counted before the slow hash, under a per-mobile advisory lock: a failure row is
 * written first and removed only by a success, so however many requests arrive at once, at most
 * the cap's worth of passwords are ever evaluated in a window.
 */
export async function verifyLogin(db: Db, input: { mobile: string; password: string; ip: string; now?: Date }): Promise<LoginResult> {
  const now = input.now ?? new Date();
  const since = new Date(now.getTime() - LOGIN_RULES.windowSeconds * 1000);
  const claim = await db.transaction(async (tx): Promise<{ locked: number } | { attempt: number }> => {
    await tx.execute(sql`select pg_advisory_xact_lock(hashtextextended(${`login:${input.mobile}`}, 0))`);
    const [lock] = await tx.select().from(loginLocks).where(eq(loginLocks.mobile, input.mobile));
    if (lock && lock.lockedUntil > now) return { locked: Math.ceil((lock.lockedUntil.getTime() - now.getTime()) / 1000) };
    const [{ n }] = await tx
      .select({ n: count() })
      .from(loginFailures)
      .where(and(eq(loginFailures.mobile, input.mobile), gt(loginFailures.at, since)));
    if (n >= LOGIN_RULES.maxFailures) return { locked: await lockNow(tx, input.mobile, now) };
    await tx.insert(loginFailures).values({ mobile: input.mobile, ip: input.ip.slice(0, 64), at: now });
    return { attempt: n + 1 };
  });
  if ('locked' in claim) return { ok: false, error: 'locked', retryAfterSeconds: claim.locked };

  const [user] = await db
    .select()
    .from(users)
    .where(input.mobile.includes('@') ? eq(users.email, input.mobile) : eq(users.mobile, input.mobile));
  const valid = await verifyPassword(input.password, user?.passwordHash ?? (await dummyPasswordHash()));
  if (user && valid) {
    await db.delete(loginFailures).where(eq(loginFailures.mobile, input.mobile));
    return { ok: true, user };
  }
  if (claim.attempt >= LOGIN_RULES.maxFailures) {
    return { ok: false, error: 'locked', retryAfterSeconds: await lockNow(db, input.mobile, now) };
  }
  return { ok: false, error: 'invalidCredentials' };
}

/** Locks the mobile; the failure window starts afresh after the lock. Answers the lock's seconds. */
async function lockNow(db: DbOrTx, mobile: string, now: Date): Promise<number> {
  const lockedUntil = new Date(now.getTime() + LOGIN_RULES.lockSeconds * 1000);
  await db.insert(loginLocks).values({ mobile, lockedUntil }).onConflictDoUpdate({ target: loginLocks.mobile, set: { lockedUntil } });
  await db.delete(loginFailures).where(eq(loginFailures.mobile, mobile));
  return LOGIN_RULES.lockSeconds;
}

/** Lifts the lock after a password reset proves who owns the number. */
export async function clearLoginThrottle(db: Pick<Db, 'delete'>, mobile: string) {
  await db.delete(loginLocks).where(eq(loginLocks.mobile, mobile));
  await db.delete(loginFailures).where(eq(loginFailures.mobile, mobile));
}
