/** `npx tsx bench/refunds-only.ts`: only the refunds and disputes part of the benchmark (`npm run bench` runs it too). */
import { createDb } from '@/db';
import { benchTable } from './measure';
import { benchDatabase } from './setup';

const { url, embedded } = await benchDatabase();
const { ensureCatalogue } = await import('@/db/catalogue');
const { db, client } = createDb(url, { max: 20 });
await ensureCatalogue(db);
const { rows, measure } = benchTable();
const { benchRefunds } = await import('./refunds');
await benchRefunds(db, measure);
const { benchDisputes } = await import('./disputes');
await benchDisputes(db, measure);
console.table(rows);
await client.end();
await embedded?.stop();
// The SMS and webhook senders the measured code starts (pg-boss) keep timers alive: the table is printed, so leave.
process.exit(0);
