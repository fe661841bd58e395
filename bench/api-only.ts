/** `npm run bench:api`: only the API part of the benchmark (`npm run bench` runs it too; BENCH_API=0 skips it there). */
import { benchOnly } from './setup';

await benchOnly(async (db, client) => {
  const { benchApi } = await import('./api');
  console.table(await benchApi(db, client, process.env.DATABASE_URL!));
});
