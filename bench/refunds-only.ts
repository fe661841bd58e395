/** `npx tsx bench/refunds-only.ts`: only the refunds and disputes part of the benchmark (`npm run bench` runs it too). */
import { benchTable } from './measure';
import { benchOnly } from './setup';

await benchOnly(async (db) => {
  const { rows, measure } = benchTable();
  const { benchRefunds } = await import('./refunds');
  await benchRefunds(db, measure);
  const { benchDisputes } = await import('./disputes');
  await benchDisputes(db, measure);
  console.table(rows);
});
