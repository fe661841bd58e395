/** `npm run bench:admin-merchants`: only staff's merchant list and page (`npm run bench` runs it too). */
import { benchTable } from './measure';
import { benchOnly } from './setup';

await benchOnly(async (db) => {
  const { rows, measure } = benchTable();
  const { benchAdminMerchants } = await import('./admin-merchants');
  await benchAdminMerchants(db, measure);
  console.table(rows);
});
