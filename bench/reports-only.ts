/** `npm run bench:reports`: only the reports part of the benchmark (BENCH_ROWS, BENCH_EXPORTS=csv,xlsx). */
import path from 'node:path';
import { createDb } from '@/db';
import { runMigrations } from '@/db/migrate';
import { DATA_DIR, ensureDatabase, loadDotEnv } from '../scripts/lib';

loadDotEnv();
process.env.AUTH_SECRET ??= 'bench-secret-bench-secret-bench-secret!';
process.env.APP_ENV ??= 'test';
const { urls, embedded } = await ensureDatabase({ dir: path.join(DATA_DIR, 'bench-pg'), persistent: false, databases: ['dargah_bench'] });
process.env.DATABASE_URL = urls[0];
await runMigrations(urls[0]);
const { ensureCatalogue } = await import('@/db/catalogue');
const { db, client } = createDb(urls[0], { max: 20 });
await ensureCatalogue(db);
const { benchReports } = await import('./reports');
const { makePlatform } = await import('@/test/fixtures');
await benchReports(db, client, makePlatform);
await client.end();
await embedded?.stop();
