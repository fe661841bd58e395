/** `npx tsx bench/session-only.ts`: only the signed-in request's read of who is asking. */
import { benchTable } from './measure';
import { benchOnly } from './setup';

await benchOnly(async (db) => {
  const { rows, measure } = benchTable();
  const { benchSession } = await import('./session');
  await benchSession(db, measure);
  console.table(rows);
});
