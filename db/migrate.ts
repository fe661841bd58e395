import path from 'node:path';
import { migrate } from 'drizzle-orm/postgres-js/migrator';
import { createDb } from './index';

export const migrationsFolder = path.join(process.cwd(), 'db', 'migrations');

/** Applies the committed migrations; safe to run on every start and from several processes. */
export async function runMigrations(url: string) {
  const { db, client } = createDb(url, { max: 1 });
  try {
    await migrate(db, { migrationsFolder });
  } finally {
    await client.end();
  }
}
