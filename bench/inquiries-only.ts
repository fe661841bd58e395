/** `npx tsx bench/inquiries-only.ts`: only the payers' inquiries. */
import { benchTable } from './measure';
import { benchOnly } from './setup';

await benchOnly(async (db) => {
  const { rows, measure } = benchTable();
  const { benchInquiries } = await import('./inquiries');
  await benchInquiries(db, measure);
  console.table(rows);
});
