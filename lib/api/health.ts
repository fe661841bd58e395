import { sql } from 'drizzle-orm';
import type { Db } from '@/db';
import journal from '@/db/migrations/meta/_journal.json';
import { isShuttingDown } from '@/lib/lifecycle/index.mjs';

async function within<T>(p: Promise<T>, timeoutMs: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([p, new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error('timeout')), timeoutMs)))]);
  } finally {
    clearTimeout(timer);
  }
}

/** Whether the database answers within `timeoutMs`: the health route's one check. */
export async function databaseReachable(db: Db, timeoutMs = 3000): Promise<boolean> {
  try {
    await within(db.execute(sql`select 1`), timeoutMs);
    return true;
  } catch {
    return false;
  }
}

/** The newest migration this build carries (drizzle's journal: its `when` is what the migrator records). */
export const LATEST_MIGRATION = journal.entries[journal.entries.length - 1];

/**
 * How long without a worker's heartbeat before it counts as gone: pg-boss's scheduler (run by every
 * worker, never by the web) stamps `pgboss.version.cron_on` at most every 30 s.
 */
const WORKER_STALE_SECONDS = 90;

export type Readiness = {
  ready: boolean;
  checks: {
    shuttingDown: boolean;
    db: 'ok' | 'down' | 'unknown';
    migrations: 'ok' | 'behind' | 'unknown';
    /** Reported, not required: a web instance serves pages and the API without a worker. */
    worker: 'ok' | 'stale' | 'unknown';
  };
};

/**
 * Whether this web instance should receive traffic: it is not shutting down, the database answers,
 * and the database carries every migration this build knows (an instance of a newer release started
 * before the migration step ran would otherwise query columns that are not there yet). The worker's
 * heartbeat is reported beside them but does not decide: taking every web instance out of the load
 * balancer because the workers stopped would turn late SMS into a whole outage.
 */
export async function readiness(db: Db, timeoutMs = 3000): Promise<Readiness> {
  const shuttingDown = isShuttingDown();
  // While shutting down nothing is asked: the answer is no whatever the database says.
  const checks: Readiness['checks'] = { shuttingDown, db: 'unknown', migrations: 'unknown', worker: 'unknown' };
  if (!shuttingDown) {
    try {
      const [row] = await within(
        db.execute<{ applied: string | null }>(sql`select max(created_at)::text as applied from drizzle.__drizzle_migrations`),
        timeoutMs,
      );
      checks.db = 'ok';
      checks.migrations = row?.applied != null && Number(row.applied) >= LATEST_MIGRATION.when ? 'ok' : 'behind';
    } catch {
      // Either the database does not answer, or it was never migrated; tell them apart.
      checks.db = (await databaseReachable(db, timeoutMs)) ? 'ok' : 'down';
      if (checks.db === 'ok') checks.migrations = 'behind';
    }
    if (checks.db === 'ok') {
      try {
        const [row] = await within(
          db.execute<{ age: number | null }>(sql`select extract(epoch from now() - cron_on)::float8 as age from pgboss.version limit 1`),
          timeoutMs,
        );
        checks.worker = row?.age == null ? 'unknown' : row.age <= WORKER_STALE_SECONDS ? 'ok' : 'stale';
      } catch {
        // pg-boss not installed yet: nothing to say about the workers.
      }
    }
  }
  return { ready: !shuttingDown && checks.db === 'ok' && checks.migrations === 'ok', checks };
}
