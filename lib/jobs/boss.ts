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
 * How long a running job may go without a heartbeat before pg-boss counts its worker as gone and
 * hands the job to another (pg-boss's own default is 15 minutes). Only for jobs whose handler is safe
 * to run twice — each of these moves money or sends a message behind a conditional update, a unique
 * reference or the provider's own de-duplication: the settlement run (one posting per payment batch),
 * the automatic payouts (one per platform per day), a text (Kavenegar's `localid`) and a webhook (its
 * `webhook-id`). The worker beats every JOB_HEARTBEAT_SECONDS while a handler runs (`keepAlive`), so a
 * long run is not taken from a live worker; a killed worker's job is retried within a minute
 * (JOB_EXPIRE_SECONDS plus one maintenance interval).
 */
export const JOB_EXPIRE_SECONDS = 30;
export const JOB_HEARTBEAT_SECONDS = 10;
export const MAINTENANCE_SECONDS = 20;
const SHORT_EXPIRY: string[] = [QUEUES.settlement, QUEUES.autoPayouts, QUEUES.smsSend, QUEUES.webhookDeliver];

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
    if (role === 'worker') for (const name of SHORT_EXPIRY) await boss.updateQueue(name, { name, expireInSeconds: JOB_EXPIRE_SECONDS });
    return boss;
  })();
  if (role === 'sender') {
    g.__dargahBoss = started;
    // A failed start must not poison later calls.
    started.catch(() => (g.__dargahBoss = undefined));
  }
  return started;
}
