/** `npm run bench:ivr`: only the phone payments part of the benchmark (`npm run bench` runs it too). */
import { benchTable } from './measure';
import { benchOnly } from './setup';

await benchOnly(async (db) => {
  const { rows, measure } = benchTable();
  const { benchIvr } = await import('./ivr');
  await benchIvr(db, measure);
  console.table(rows);
});
