import { lt, sql, type SQL } from 'drizzle-orm';
import type { DbOrTx } from '@/db';
import { rateLimits } from '@/db/schema';

/**
 * Rate limits as a GCRA (generic cell rate algorithm, the token bucket without a timer): at most
 * `limit` requests in any `windowSeconds`, bursts included, with no calendar-minute edge to
 * double up on. The whole decision is one conditional upsert, so any number of racing requests
 * and web instances see the same bucket: a row is moved only when the move stays in the window.
 */
export type RateRule = { limit: number; windowSeconds: number };
export type RateDecision = { ok: true } | { ok: false; retryAfterSeconds: number };

/**
 * The GCRA move as one statement: for each bucket key the `keys` query yields (one text column), a
 * conditional upsert that returns a row for every request let through. Shared by `hit` and by
 * statements that decide more at once (the API's key check, lib/api/admit.ts).
 */
export function gcraUpsert(keys: SQL, rule: RateRule, now: Date): SQL {
  const step = (rule.windowSeconds * 1000) / rule.limit / 1000;
  const nowIso = now.toISOString();
  return sql`
    insert into ${rateLimits} (key, tat)
    select left(b.key, 200), ${nowIso}::timestamptz + make_interval(secs => ${step}) from (${keys}) as b(key)
    on conflict (key) do update
      set tat = greatest(${rateLimits.tat}, ${nowIso}::timestamptz) + make_interval(secs => ${step})
      where greatest(${rateLimits.tat}, ${nowIso}::timestamptz) + make_interval(secs => ${step})
            <= ${nowIso}::timestamptz + make_interval(secs => ${rule.windowSeconds})
    returning tat`;
}

export async function hit(db: DbOrTx, key: string, rule: RateRule, now = new Date()): Promise<RateDecision> {
  const rows = await db.execute<{ tat: string }>(gcraUpsert(sql`select ${key}::text`, rule, now));
  if (rows.length) return { ok: true };
  return refused(db, key, rule, now);
}

/** A refused request's answer: the bucket has room again once its TAT is one interval inside the window. */
export async function refused(db: DbOrTx, key: string, rule: RateRule, now = new Date()): Promise<RateDecision> {
  const intervalMs = (rule.windowSeconds * 1000) / rule.limit;
  const [row] = await db.execute<{ tat: string }>(sql`select tat from ${rateLimits} where key = ${key.slice(0, 200)}`);
  const tat = row ? new Date(row.tat).getTime() : now.getTime();
  const waitMs = tat + intervalMs - rule.windowSeconds * 1000 - now.getTime();
  return { ok: false, retryAfterSeconds: Math.max(1, Math.ceil(waitMs / 1000)) };
}

/** Buckets whose TAT has passed are full again and hold nothing worth keeping. */
export async function sweepRateLimits(db: DbOrTx, now = new Date()): Promise<number> {
  const gone = await db.delete(rateLimits).where(lt(rateLimits.tat, now)).returning({ key: rateLimits.key });
  return gone.length;
}
