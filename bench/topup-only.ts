/** `npm run bench:topup`: only the top-up part of the benchmark (`npm run bench` runs it too). */
import { benchTable } from './measure';
import { benchOnly } from './setup';

await benchOnly(async (db) => {
  const { rows, measure } = benchTable();
  const { benchTopup } = await import('./topup');
  await benchTopup(db, measure);
  console.table(rows);
});
