/** `npx tsx bench/search-only.ts`: only the header search's part of the benchmark (BENCH_ROWS). */
import { benchOnly } from './setup';

await benchOnly(async (db, client) => {
  const { benchSearch } = await import('./search');
  const { makePlatform } = await import('@/test/fixtures');
  await benchSearch(db, client, makePlatform);
});
