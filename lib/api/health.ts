import { sql } from 'drizzle-orm';
import type { Db } from '@/db';

/** Whether the database answers within `timeoutMs`: the health route's one check. */
export async function databaseReachable(db: Db, timeoutMs = 3000): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([db.execute(sql`select 1`), new Promise((_, reject) => (timer = setTimeout(() => reject(new Error('timeout')), timeoutMs)))]);
    return true;
  } catch {
    return false;
  } finally {
    clearTimeout(timer);
  }
}
