/** `npx tsx bench/support-only.ts`: only the support queue and the live conversations' fan-out. */
import { benchTable } from './measure';
import { benchOnly } from './setup';

await benchOnly(async (db) => {
  const { rows, measure } = benchTable();
  const { benchSupport, benchSupportLive } = await import('./support');
  await benchSupport(db, measure);
  await benchSupportLive(db, measure);
  console.table(rows);
});
