import { createDb } from '@/db';
import { env } from '@/lib/env';
import { getBoss, QUEUES } from '@/lib/jobs/boss';
import { runJanitor } from '@/lib/payments';
import { runSettlement } from '@/lib/payments/settlement';
import { deliverSms, requeueStaleSms } from '@/lib/sms';
import { deliverEvent } from '@/lib/webhooks/events';
import { runExport, sweepExports } from '@/lib/reports/background';
import { getStorage } from '@/lib/storage';

/**
 * The pg-boss worker: SMS and webhook delivery with retries, the payments janitor (every
 * minute), the settlement run (09:00 Tehran) and the janitor that re-queues stuck SMS.
 */
async function main() {
  const { db, client } = createDb(env().DATABASE_URL, { max: 4 });
  const boss = await getBoss(env().DATABASE_URL, 'worker');

  await boss.work<{ id: string }>(QUEUES.smsSend, { includeMetadata: true, pollingIntervalSeconds: 1, batchSize: 5 }, async (jobs) => {
    for (const job of jobs) {
      const finalAttempt = job.retryCount >= job.retryLimit;
      const outcome = await deliverSms(db, job.data.id, undefined, finalAttempt);
      if (outcome === 'failed') console.error(`[sms] message ${job.data.id} failed for good; see sms_messages.last_error`);
    }
  });
  await boss.work(QUEUES.smsRequeue, async () => {
    const n = await requeueStaleSms(db);
    if (n) console.log(`[sms] re-queued ${n} stuck message(s)`);
  });
  await boss.schedule(QUEUES.smsRequeue, '* * * * *');

  await boss.work<{ id: string }>(QUEUES.webhookDeliver, { includeMetadata: true, pollingIntervalSeconds: 1, batchSize: 5 }, async (jobs) => {
    for (const job of jobs) {
      const outcome = await deliverEvent(db, job.data.id, job.retryCount >= job.retryLimit);
      // Throwing hands the job back to pg-boss, which retries it with back-off.
      if (outcome === 'retry') throw new Error(`webhook ${job.data.id} not accepted yet`);
    }
  });
  await boss.work(QUEUES.paymentsJanitor, async () => {
    const { inquired } = await runJanitor(db);
    if (inquired) console.log(`[payments] janitor asked the bank about ${inquired} payment(s)`);
  });
  await boss.schedule(QUEUES.paymentsJanitor, '* * * * *');
  await boss.work(QUEUES.settlement, async () => {
    const r = await runSettlement(db);
    console.log(`[payments] settlement ${r.runDate}: ${r.platforms} platform(s), ${r.total} Rials`);
  });
  await boss.schedule(QUEUES.settlement, '0 9 * * *', {}, { tz: 'Asia/Tehran' });
  await boss.work<{ id: string }>(QUEUES.reportExport, async ([job]) => {
    await runExport(db, client, getStorage(), job.data.id);
  });
  await boss.work(QUEUES.exportsSweep, async () => {
    await sweepExports(db, getStorage());
  });
  await boss.schedule(QUEUES.exportsSweep, '17 * * * *');
  console.log('[worker] ready');

  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    await boss.stop({ graceful: true, timeout: 5000 }).catch(() => {});
    await client.end({ timeout: 2 }).catch(() => {});
    process.exit(0);
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}

main().catch((err) => {
  console.error('[worker] failed to start:', err);
  process.exit(1);
});
