/** `npm run bench:reports`: only the reports part of the benchmark (BENCH_ROWS, BENCH_EXPORTS=csv,xlsx). */
import { benchOnly } from './setup';

await benchOnly(async (db, client) => {
  const { benchReports } = await import('./reports');
  const { makePlatform } = await import('@/test/fixtures');
  await benchReports(db, client, makePlatform);
});
