import { drizzle, type PostgresJsDatabase } from 'drizzle-orm/postgres-js';
import postgres from 'postgres';
import { env } from '@/lib/env';
import * as schema from './schema';

export type Db = PostgresJsDatabase<typeof schema>;
/** A transaction handle works wherever a Db does. */
export type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];
export type DbOrTx = Db | Tx;

export function createDb(url: string, opts: { max?: number } = {}) {
  const client = postgres(url, { max: opts.max ?? 10, onnotice: () => {}, prepare: true });
  return { db: drizzle(client, { schema, casing: 'snake_case' }), client };
}

// One pool per process; kept on globalThis so Next's dev reloads do not open a new pool each time.
const g = globalThis as unknown as { __dargahDb?: ReturnType<typeof createDb> };

export function getDb(): Db {
  if (!g.__dargahDb) g.__dargahDb = createDb(env().DATABASE_URL);
  return g.__dargahDb.db;
}

/** The postgres.js client behind getDb(), for what drizzle does not do (cursors over large exports). */
export function getClient(): ReturnType<typeof createDb>['client'] {
  getDb();
  return g.__dargahDb!.client;
}
