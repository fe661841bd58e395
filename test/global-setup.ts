import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { createDb } from '@/db';
import { ensureCatalogue } from '@/db/catalogue';
import { runMigrations } from '@/db/migrate';
import { startEmbedded, type EmbeddedDb } from '@/db/embedded';

let embedded: EmbeddedDb | null = null;

/** `npm test` passes DATABASE_URL; `npx vitest` alone starts its own embedded PostgreSQL. */
export async function setup(project: TestProject) {
  let url = process.env.DATABASE_URL;
  if (!url) {
    embedded = await startEmbedded({ dir: path.join(process.cwd(), '.data', 'vitest-pg'), persistent: false, databases: ['dargah_unit'] });
    url = embedded.url('dargah_unit');
  }
  await runMigrations(url);
  const { db, client } = createDb(url, { max: 1 });
  await ensureCatalogue(db);
  await client.end();
  project.provide('databaseUrl', url);
}

export async function teardown() {
  await embedded?.stop();
}

declare module 'vitest' {
  export interface ProvidedContext {
    databaseUrl: string;
  }
}
