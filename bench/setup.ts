/** The database every benchmark runs on: DATABASE_URL, else a throwaway embedded PostgreSQL; migrated. */
import path from 'node:path';
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
