import { sql } from 'drizzle-orm';
import PgBoss from 'pg-boss';
import type { Db } from '@/db';
import { logger } from '@/lib/log';

export const QUEUES = {
  smsSend: 'sms.send',
  smsRequeue: 'sms.requeue',
  emailSend: 'email.send',
  emailRequeue: 'email.requeue',
  webhookDeliver: 'webhook.deliver',
  paymentsJanitor: 'payments.janitor',
  settlement: 'payments.settlement',
  autoPayouts: 'payouts.auto',
  reportExport: 'reports.export',
  exportsSweep: 'reports.sweep',
  broadcast: 'messages.broadcast',
  broadcastSweep: 'messages.sweep',
  reminders: 'events.reminders',
  reminder: 'events.reminder',
  slipImagesSweep: 'payments.slip-images-sweep',
  rateLimitsSweep: 'rate-limits.sweep',
  topupCatalogue: 'topup.catalogue',
  vposReconcile: 'vpos.reconcile',
  payerInquiriesEscalate: 'support.payer-inquiries-escalate',
} as const;

/**
 * How long a job of these queues may run before pg-boss counts it as lost and hands it to another
 * worker (pg-boss's own default is 15 minutes, which left a killed worker's settlement waiting that
 * long). Only for jobs whose handler is safe to run twice — each moves money or sends a message
 * behind a conditional update, a unique reference or the provider's own de-duplication: the
 * settlement run (one posting per payment batch), the automatic payouts (one per platform per day),
 * a text (Kavenegar's `localid`) and a webhook (its `webhook-id`).
 *
 * The expiry must be longer than the handler's worst run, not just its heartbeat: pg-boss 10 also
 * races every handler against its job's expiry in the worker's own process (`resolveWithinSeconds`
 * in its manager), failing and re-queuing the job while the first run is still going. A text or
 * webhook batch is at most 5 calls of a 10-second timeout (50 s), so 90 s; settlement and automatic
 * payouts get 120 s. The worker still beats every JOB_HEARTBEAT_SECONDS while a handler runs
 * (`keepAlive`), so another worker's supervisor never takes a job from a live one before that.
 * A killed worker's job is retried within its expiry plus one maintenance interval.
 */
export const JOB_EXPIRE_SECONDS: Record<string, number> = {
  [QUEUES.settlement]: 120,
  [QUEUES.autoPayouts]: 120,
  [QUEUES.smsSend]: 90,
  [QUEUES.webhookDeliver]: 90,
};
export const JOB_HEARTBEAT_SECONDS = 10;
export const MAINTENANCE_SECONDS = 20;

/**
 * While `fn` runs, moves its jobs' start forward every JOB_HEARTBEAT_SECONDS: pg-boss 10 expires an
 * active job by `started_on + expire_in`, and has no heartbeat of its own.
 */
export async function keepAlive<T>(db: Db, queue: string, ids: string[], fn: () => Promise<T>): Promise<T> {
  const beat = setInterval(() => {
    db.execute(sql`update pgboss.job set started_on = now() where name = ${queue} and id in ${ids} and state = 'active'`).catch((err) =>
      logger({ module: 'jobs' }).warn({ err, queue }, 'job heartbeat failed'),
    );
  }, JOB_HEARTBEAT_SECONDS * 1000);
  try {
    return await fn();
  } finally {
    clearInterval(beat);
  }
}

const g = globalThis as unknown as { __dargahBoss?: Promise<PgBoss> };

/**
 * pg-boss on the same PostgreSQL. The web process only sends, so it skips maintenance and
 * scheduling; the worker (`worker/index.ts`) runs those and the handlers.
 */
export function getBoss(url: string, role: 'sender' | 'worker' = 'sender'): Promise<PgBoss> {
  if (role === 'sender' && g.__dargahBoss) return g.__dargahBoss;
  const boss = new PgBoss({
    connectionString: url,
    max: role === 'sender' ? 2 : 4,
    application_name: `dargah-${role}`,
    supervise: role === 'worker',
    schedule: role === 'worker',
    migrate: true,
    // Expired jobs (a killed worker's) go back to the queue at most this long after they expire.
    ...(role === 'worker' ? { maintenanceIntervalSeconds: MAINTENANCE_SECONDS } : {}),
  });
  boss.on('error', (err) => logger({ module: 'jobs' }).error({ err }, 'pg-boss error'));
  const started = (async () => {
    await boss.start();
    for (const name of Object.values(QUEUES)) await boss.createQueue(name);
    // Existing queues too (createQueue leaves an existing queue's options as they were).
    if (role === 'worker') for (const [name, seconds] of Object.entries(JOB_EXPIRE_SECONDS)) await boss.updateQueue(name, { name, expireInSeconds: seconds });
    return boss;
  })();
  if (role === 'sender') {
    g.__dargahBoss = started;
    // A failed start must not poison later calls.
    started.catch(() => (g.__dargahBoss = undefined));
  }
  return started;
}
