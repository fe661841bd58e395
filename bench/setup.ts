/** The database every benchmark runs on: DATABASE_URL, else a throwaway embedded PostgreSQL; migrated. */
import path from 'node:path';
import type { Sql } from 'postgres';
import type { Db } from '@/db';
import { runMigrations } from '@/db/migrate';
import { DATA_DIR, ensureDatabase, loadDotEnv } from '../scripts/lib';

export async function benchDatabase() {
  loadDotEnv();
  process.env.AUTH_SECRET ??= 'bench-secret-bench-secret-bench-secret!';
  process.env.APP_ENV ??= 'test';
  process.env.PUBLIC_BASE_URL ??= 'http://bench.test';
  const { urls, embedded } = await ensureDatabase({ dir: path.join(DATA_DIR, 'bench-pg'), persistent: false, databases: ['dargah_bench'] });
  process.env.DATABASE_URL = urls[0];
  await runMigrations(urls[0]);
  return { url: urls[0], embedded };
}

/**
 * Runs one part of the benchmark on a database of its own (`bench/*-only.ts`), then leaves: the
 * SMS and webhook senders the measured code starts (pg-boss) keep timers alive once it is done.
 */
export async function benchOnly(part: (db: Db, client: Sql) => Promise<void>) {
  const { url, embedded } = await benchDatabase();
  const { createDb } = await import('@/db');
  const { ensureCatalogue } = await import('@/db/catalogue');
  const { db, client } = createDb(url, { max: 20 });
  await ensureCatalogue(db);
  await part(db, client);
  await client.end();
  await embedded?.stop();
  process.exit(0);
}
