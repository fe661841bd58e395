import { createDb } from '@/db';
import { env } from '@/lib/env';
import { getBoss, QUEUES } from '@/lib/jobs/boss';
import { deliverSms, requeueStaleSms } from '@/lib/sms';

/** The pg-boss worker: SMS delivery with retries, and the janitor that re-queues stuck SMS. */
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
