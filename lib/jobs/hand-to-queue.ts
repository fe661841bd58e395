import type PgBoss from 'pg-boss';
import { env } from '@/lib/env';
import { getBoss } from './boss';
import { logger } from '@/lib/log';

/**
 * Hands work to the queue for rows the worker also finds by itself (a sweep or a requeue job), so
 * a queue that cannot be reached is only logged (`failure`, then the reason): the row waits and
 * nothing is lost.
 */
export async function handToQueue(failure: string, send: (boss: PgBoss) => Promise<unknown>): Promise<void> {
  try {
    await send(await getBoss(env().DATABASE_URL));
  } catch (err) {
    logger({ module: 'jobs' }).error({ err }, failure);
  }
}
