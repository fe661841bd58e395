import { randomInt } from 'node:crypto';
import { afterAll } from 'vitest';
import { createDb } from '@/db';

/** A pool for one test file, closed when the file ends. */
export function testDb() {
  const { db, client } = createDb(process.env.DATABASE_URL!, { max: 20 });
  afterAll(() => client.end({ timeout: 5 }));
  return db;
}

/** A valid mobile that no other test uses (tests run in parallel files against one database). */
export function uniqueMobile(): string {
  return `0912${String(randomInt(0, 10_000_000)).padStart(7, '0')}`;
}

export function uniqueIp(): string {
  return `10.${randomInt(0, 256)}.${randomInt(0, 256)}.${randomInt(1, 255)}`;
}
