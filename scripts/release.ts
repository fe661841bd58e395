/**
 * The release step of a deployment with several web instances and workers (docs/DEPLOY.md): run once,
 * before the new release's instances start, against DATABASE_URL. It does what `npm start` does
 * before it starts its web and worker: applies the migrations, installs pg-boss's schema and queues
 * (so instances do not race to), and ensures the service catalogue. Safe to run again.
 *
 * Usage: node node_modules/tsx/dist/cli.mjs scripts/release.ts   (or: npm run release)
 */
import { createDb } from '@/db';
import { ensureCatalogue } from '@/db/catalogue';
import { runMigrations } from '@/db/migrate';
import { env } from '@/lib/env';
import { getBoss } from '@/lib/jobs/boss';
import { logger } from '@/lib/log';

const log = logger({ module: 'release' });
const url = env().DATABASE_URL;
await runMigrations(url);
log.info('migrations applied');
await (await getBoss(url, 'worker')).stop({ graceful: false, wait: true });
log.info('pg-boss schema and queues ready');
const { db, client } = createDb(url, { max: 1 });
await ensureCatalogue(db);
await client.end();
log.info('service catalogue ensured; release step done');
