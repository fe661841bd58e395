/** `npx tsx bench/audit-only.ts`: only the audit trail's list. */
import { benchTable } from './measure';
import { benchOnly } from './setup';

await benchOnly(async (db) => {
  const { rows, measure } = benchTable();
  const { benchAudit } = await import('./audit');
  await benchAudit(db, measure);
  console.table(rows);
});
