import { and, eq, lt, notExists } from 'drizzle-orm';
import type { DbOrTx } from '@/db';
import { revokedSessions, users, type User } from '@/db/schema';
import { SESSION_ABSOLUTE_SECONDS } from '@/auth.config';

/** Ends one session (this device's) for good; the list forgets it once the token has expired anyway. */
export async function revokeSession(db: DbOrTx, sid: string, loginAt: number, now = new Date()): Promise<void> {
  const expiresAt = new Date((loginAt + SESSION_ABSOLUTE_SECONDS) * 1000);
  await db.delete(revokedSessions).where(lt(revokedSessions.expiresAt, now));
  if (expiresAt <= now) return;
  await db
    .insert(revokedSessions)
    .values({ sid: sid.slice(0, 64), expiresAt })
    .onConflictDoNothing();
}

export async function isSessionRevoked(db: DbOrTx, sid: string): Promise<boolean> {
  const [row] = await db
    .select({ sid: revokedSessions.sid })
    .from(revokedSessions)
    .where(eq(revokedSessions.sid, sid.slice(0, 64)));
  return Boolean(row);
}

/** The user of a session that has not been signed out: one query on every request's hot path. */
export async function liveSessionUser(db: DbOrTx, uid: string, sid: string): Promise<User | null> {
  const [user] = await db
    .select()
    .from(users)
    .where(
      and(
        eq(users.id, uid),
        notExists(
          db
            .select({ sid: revokedSessions.sid })
            .from(revokedSessions)
            .where(eq(revokedSessions.sid, sid.slice(0, 64))),
        ),
      ),
    );
  return user ?? null;
}
