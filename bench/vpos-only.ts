/** `npm run bench:vpos`: only the virtual POS part of the benchmark (`npm run bench` runs it too). */
import { benchTable } from './measure';
import { benchOnly } from './setup';

await benchOnly(async (db) => {
  const { rows, measure } = benchTable();
  const { benchVpos } = await import('./vpos');
  await benchVpos(db, measure);
  console.table(rows);
});
