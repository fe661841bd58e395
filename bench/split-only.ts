/** `npm run bench:split`: only the split payments part of the benchmark (`npm run bench` runs it too). */
import { benchTable } from './measure';
import { benchOnly } from './setup';

await benchOnly(async (db) => {
  const { rows, measure } = benchTable();
  const { benchSplit } = await import('./split');
  await benchSplit(db, measure);
  console.table(rows);
});
