/** `npm run bench:reports`: only the reports part of the benchmark (BENCH_ROWS, BENCH_EXPORTS=csv,xlsx). */
import { createDb } from '@/db';
import { benchDatabase } from './setup';

const { url, embedded } = await benchDatabase();
const { ensureCatalogue } = await import('@/db/catalogue');
const { db, client } = createDb(url, { max: 20 });
await ensureCatalogue(db);
const { benchReports } = await import('./reports');
const { makePlatform } = await import('@/test/fixtures');
await benchReports(db, client, makePlatform);
await client.end();
await embedded?.stop();
// The SMS and webhook senders the measured code starts (pg-boss) keep timers alive: the table is printed, so leave.
process.exit(0);
