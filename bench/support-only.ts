/** `npx tsx bench/support-only.ts`: only the support queue. */
import { benchTable } from './measure';
import { benchOnly } from './setup';

await benchOnly(async (db) => {
  const { rows, measure } = benchTable();
  const { benchSupport } = await import('./support');
  await benchSupport(db, measure);
  console.table(rows);
});
