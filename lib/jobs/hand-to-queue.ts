import type PgBoss from 'pg-boss';
import { afterCommit } from '@/db/after-commit';
import { env } from '@/lib/env';
import { getBoss } from './boss';
import { logger } from '@/lib/log';

/**
 * Hands work to the queue for rows the worker also finds by itself (a sweep or a requeue job), so
 * a queue that cannot be reached is only logged (`failure`, then the reason): the row waits and
 * nothing is lost. Inside a transaction someone else commits (an idempotent API call, db/after-commit)
 * the job is sent once that transaction has committed, never before: a job must not name rows that
 * are not there yet, or never will be.
 */
export async function handToQueue(failure: string, send: (boss: PgBoss) => Promise<unknown>): Promise<void> {
  if (afterCommit(() => handToQueue(failure, send))) return;
  try {
    await send(await getBoss(env().DATABASE_URL));
  } catch (err) {
    logger({ module: 'jobs' }).error({ err }, failure);
  }
}
