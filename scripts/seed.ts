/** `npm run db:seed`: migrations, the service catalogue and the demo data, on DATABASE_URL or the embedded database. */
import path from 'node:path';
import { createDb } from '@/db';
import { ensureCatalogue } from '@/db/catalogue';
import { runMigrations } from '@/db/migrate';
import { DEMO_USERS, seed } from '@/db/seed';
import { DATA_DIR, ensureDatabase, ensureDevAuthSecret, loadDotEnv } from './lib';

loadDotEnv();
if (process.env.APP_ENV !== 'production') ensureDevAuthSecret();
const { urls, embedded } = await ensureDatabase({ dir: path.join(DATA_DIR, 'pg'), persistent: true, databases: ['dargah'] });
process.env.DATABASE_URL = urls[0];
await runMigrations(urls[0]);
const { db, client } = createDb(urls[0], { max: 1 });
try {
  await ensureCatalogue(db);
  await seed(db);
  console.log(
    `demo data in place; logins: ${DEMO_USERS.map((u) => `${'staffRoles' in u && u.staffRoles.length < 6 ? u.staffRoles.join('+') : u.role} ${u.mobile} / ${u.password}`).join(', ')}`,
  );
} finally {
  await client.end();
  await embedded?.stop();
}
