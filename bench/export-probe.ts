import { createWriteStream } from 'node:fs';
import { finished } from 'node:stream/promises';
import path from 'node:path';
import { createDb } from '@/db';
import { runMigrations } from '@/db/migrate';
import { DATA_DIR, ensureDatabase, loadDotEnv } from '../scripts/lib';

loadDotEnv();
process.env.AUTH_SECRET ??= 'bench-secret-bench-secret-bench-secret!';
process.env.APP_ENV ??= 'test';
const { urls, embedded } = await ensureDatabase({ dir: path.join(DATA_DIR, 'probe-pg'), persistent: false, databases: ['dargah_probe'] });
process.env.DATABASE_URL = urls[0];
await runMigrations(urls[0]);
const { ensureCatalogue } = await import('@/db/catalogue');
const { db, client } = createDb(urls[0], { max: 5 });
await ensureCatalogue(db);
const { makePlatform } = await import('@/test/fixtures');
const { generatePayments } = await import('@/db/generate');
const { exportTransactions } = await import('@/lib/reports/export');
const { readFilters } = await import('@/lib/reports/filters');
const N = Number(process.argv[2] ?? 200000);
const { merchant, platform } = await makePlatform(db);
let t = performance.now();
await generatePayments(client, { platformIds: [platform.id], n: N });
console.log('generate', ((performance.now() - t) / 1000).toFixed(1), 's');
const f = readFilters({});
if (!f.ok) throw new Error();
for (const format of (process.argv[3] ?? 'csv,xlsx').split(',') as ('csv' | 'xlsx')[]) {
  const base = process.memoryUsage().rss;
  let peak = base;
  const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 20);
  t = performance.now();
  const out = createWriteStream(`/tmp/probe.${format}`);
  const n = await exportTransactions({ db, client, scope: { userId: merchant.id }, filters: f.filters, format, unit: 'rial', out });
  await finished(out);
  clearInterval(timer);
  console.log(
    format,
    n,
    ((performance.now() - t) / 1000).toFixed(1),
    's',
    'peak +',
    ((peak - base) / 1048576).toFixed(0),
    'MiB',
    'rss',
    (peak / 1048576).toFixed(0),
  );
}
await client.end();
await embedded?.stop();
