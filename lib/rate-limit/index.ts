import { lt, sql } from 'drizzle-orm';
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

export async function hit(db: DbOrTx, key: string, rule: RateRule, now = new Date()): Promise<RateDecision> {
  const intervalMs = (rule.windowSeconds * 1000) / rule.limit;
  const nowIso = now.toISOString();
  const k = key.slice(0, 200);
  const rows = await db.execute<{ tat: string }>(sql`
    insert into ${rateLimits} (key, tat)
    values (${k}, ${nowIso}::timestamptz + make_interval(secs => ${intervalMs / 1000}))
    on conflict (key) do update
      set tat = greatest(${rateLimits.tat}, ${nowIso}::timestamptz) + make_interval(secs => ${intervalMs / 1000})
      where greatest(${rateLimits.tat}, ${nowIso}::timestamptz) + make_interval(secs => ${intervalMs / 1000})
            <= ${nowIso}::timestamptz + make_interval(secs => ${rule.windowSeconds})
    returning tat`);
  if (rows.length) return { ok: true };
  // Refused: the bucket has room again once the TAT is one interval inside the window.
  const [row] = await db.execute<{ tat: string }>(sql`select tat from ${rateLimits} where key = ${k}`);
  const tat = row ? new Date(row.tat).getTime() : now.getTime();
  const waitMs = tat + intervalMs - rule.windowSeconds * 1000 - now.getTime();
  return { ok: false, retryAfterSeconds: Math.max(1, Math.ceil(waitMs / 1000)) };
}

/** Buckets whose TAT has passed are full again and hold nothing worth keeping. */
export async function sweepRateLimits(db: DbOrTx, now = new Date()): Promise<number> {
  const gone = await db.delete(rateLimits).where(lt(rateLimits.tat, now)).returning({ key: rateLimits.key });
  return gone.length;
}
