import PgBoss from 'pg-boss';
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
  });
  boss.on('error', (err) => logger({ module: 'jobs' }).error({ err }, 'pg-boss error'));
  const started = (async () => {
    await boss.start();
    for (const name of Object.values(QUEUES)) await boss.createQueue(name);
    return boss;
  })();
  if (role === 'sender') {
    g.__dargahBoss = started;
    // A failed start must not poison later calls.
    started.catch(() => (g.__dargahBoss = undefined));
  }
  return started;
}
