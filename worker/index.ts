import { createDb } from '@/db';
import { env } from '@/lib/env';
import type { Db } from '@/db';
import { getBoss, keepAlive, QUEUES } from '@/lib/jobs/boss';
import { runJanitors } from '@/lib/jobs/janitor';
import { runSettlement } from '@/lib/payments/settlement';
import { runAutoPayouts } from '@/lib/payouts/auto';
import { sweepSlipImages } from '@/lib/payments/slip-sweep';
import { sweepRateLimits } from '@/lib/rate-limit';
import { deliverSms, requeueStaleSms } from '@/lib/sms';
import { deliverEmail, requeueStaleEmail } from '@/lib/email';
import { deliverEvent, requeueStaleWebhooks } from '@/lib/webhooks/events';
import { runExport, sweepExports } from '@/lib/reports/background';
import { getStorage } from '@/lib/storage';
import { pendingBroadcasts, sendBroadcast } from '@/lib/messages';
import { sendDueReminders } from '@/lib/events';
import { syncCatalogues } from '@/lib/topup';
import { runNightlyReconciliation } from '@/lib/vpos/reconcile';
import { escalateOverdueInquiries } from '@/lib/support/inquiries';
import { runSupportSweep, SUPPORT_SWEEP_QUEUE } from '@/lib/support';
import { sweepUnclaimedAttachments } from '@/lib/support/attachments';
import { logger, withLogContext } from '@/lib/log';
import { deliveryOutcomes, jobMetrics, startMetricsServer } from '@/lib/metrics';

const log = logger({ module: 'worker' });
/** The worker's database, for the jobs' heartbeats (set first thing in main). */
let heartbeatDb: Db;

/**
 * A job handler that runs inside the job's log context (every logger() line inside carries its
 * `jobId` and `queue`; gateway calls send it upstream) and is counted in `dargah_jobs_total` and
 * `dargah_job_duration_seconds`, and beats while it runs (lib/jobs/boss.ts keepAlive). A handler that
 * throws is counted as failed and rethrown for pg-boss to retry.
 */
function observed<J extends { id: string }>(queue: string, handler: (jobs: J[]) => Promise<void>) {
  const { runs, seconds } = jobMetrics();
  return (jobs: J[]) =>
    withLogContext({ queue, jobId: jobs.length === 1 ? jobs[0].id : undefined }, async () => {
      const stop = seconds.startTimer({ queue });
      try {
        // A heartbeat while it runs: a live worker's long job is never handed to another, a dead one's soon is.
        await keepAlive(
          heartbeatDb,
          queue,
          jobs.map((j) => j.id),
          () => handler(jobs),
        );
        runs.inc({ queue, outcome: 'completed' });
      } catch (err) {
        runs.inc({ queue, outcome: 'failed' });
        logger().warn({ err }, 'job failed');
        throw err;
      } finally {
        stop();
      }
    });
}

/** Each job of a batch in its own log context. */
async function eachJob<J extends { id: string }>(jobs: J[], fn: (job: J) => Promise<void>) {
  for (const job of jobs) await withLogContext({ jobId: job.id }, () => fn(job));
}

/**
 * The pg-boss worker: SMS, e-mail and webhook delivery with retries, the janitor of payments and refunds
 * the bank did not answer (every minute), the settlement run (09:00 Tehran, skipped on Fridays
 * and holidays), the janitor that re-queues stuck SMS, staff broadcasts, event reminders, and the
 * hourly sweeps of slip photos no slip used within a day and of full rate-limit buckets, and the
 * nightly reconciliation of the virtual POS against N Kolay (after midnight in Istanbul).
 */
async function main() {
  const { db, client } = createDb(env().DATABASE_URL, { max: 4 });
  heartbeatDb = db;
  const boss = await getBoss(env().DATABASE_URL, 'worker');
  const deliveries = deliveryOutcomes();

  await boss.work<{ id: string }>(
    QUEUES.smsSend,
    { includeMetadata: true, pollingIntervalSeconds: 1, batchSize: 5 },
    observed(QUEUES.smsSend, async (jobs) => {
      await eachJob(jobs, async (job) => {
        const finalAttempt = job.retryCount >= job.retryLimit;
        const outcome = await deliverSms(db, job.data.id, undefined, finalAttempt).catch((err) => {
          deliveries.inc({ channel: 'sms', outcome: 'retry' });
          throw err;
        });
        deliveries.inc({ channel: 'sms', outcome });
        if (outcome === 'failed') logger().error({ smsId: job.data.id }, 'SMS failed for good; see sms_messages.last_error');
      });
    }),
  );
  await boss.work(
    QUEUES.smsRequeue,
    observed(QUEUES.smsRequeue, async () => {
      const n = await requeueStaleSms(db);
      if (n) logger().info({ requeued: n }, 'stuck SMS re-queued');
      // Webhook events whose delivery job was lost ride on the same minute; a failure here never stops the texts'.
      const w = await requeueStaleWebhooks(db).catch((err: unknown) => {
        logger().error({ err }, 'webhook requeue failed');
        return 0;
      });
      if (w) logger().info({ requeued: w }, 'webhook events with no delivery job re-queued');
    }),
  );
  await boss.schedule(QUEUES.smsRequeue, '* * * * *');

  await boss.work<{ id: string }>(
    QUEUES.emailSend,
    { includeMetadata: true, pollingIntervalSeconds: 1, batchSize: 5 },
    observed(QUEUES.emailSend, async (jobs) => {
      await eachJob(jobs, async (job) => {
        const finalAttempt = job.retryCount >= job.retryLimit;
        const outcome = await deliverEmail(db, job.data.id, undefined, finalAttempt).catch((err) => {
          deliveries.inc({ channel: 'email', outcome: 'retry' });
          throw err;
        });
        deliveries.inc({ channel: 'email', outcome });
        if (outcome === 'failed') logger().error({ emailId: job.data.id }, 'e-mail failed for good; see email_messages.last_error');
      });
    }),
  );
  await boss.work(
    QUEUES.emailRequeue,
    observed(QUEUES.emailRequeue, async () => {
      const n = await requeueStaleEmail(db);
      if (n) logger().info({ requeued: n }, 'stuck e-mails re-queued');
    }),
  );
  await boss.schedule(QUEUES.emailRequeue, '* * * * *');

  await boss.work<{ id: string }>(
    QUEUES.webhookDeliver,
    { includeMetadata: true, pollingIntervalSeconds: 1, batchSize: 5 },
    observed(QUEUES.webhookDeliver, async (jobs) => {
      await eachJob(jobs, async (job) => {
        const outcome = await deliverEvent(db, job.data.id, job.retryCount >= job.retryLimit);
        deliveries.inc({ channel: 'webhook', outcome });
        // Throwing hands the job back to pg-boss, which retries it with back-off.
        if (outcome === 'retry') throw new Error(`webhook ${job.data.id} not accepted yet`);
      });
    }),
  );
  await boss.work(
    QUEUES.paymentsJanitor,
    observed(QUEUES.paymentsJanitor, async () => {
      await runJanitors(db);
    }),
  );
  await boss.schedule(QUEUES.paymentsJanitor, '* * * * *');
  // The top-up catalogue from the provider, hourly (and at start, and on demand from /admin/topup).
  await boss.work(
    QUEUES.topupCatalogue,
    observed(QUEUES.topupCatalogue, async () => {
      for (const r of await syncCatalogues(db)) logger().info({ provider: r.provider, outcome: r.outcome }, 'top-up catalogue synced');
    }),
  );
  await boss.schedule(QUEUES.topupCatalogue, '7 * * * *');
  await boss.send(QUEUES.topupCatalogue, {});
  await boss.work(
    QUEUES.settlement,
    observed(QUEUES.settlement, async () => {
      const r = await runSettlement(db);
      if (r.skipped) logger().info({ runDate: r.runDate }, 'settlement: none on a Friday or holiday');
      else logger().info({ runDate: r.runDate, platforms: r.platforms, total: String(r.total) }, 'settlement run');
    }),
  );
  await boss.schedule(QUEUES.settlement, '0 9 * * *', {}, { tz: 'Asia/Tehran' });
  // Automatic settlement to the bank, after the 09:00 run (it waits for that day's run to exist);
  // again at 10:30 and 12:30 in case the run was late: each platform is claimed once a day.
  await boss.work(
    QUEUES.autoPayouts,
    observed(QUEUES.autoPayouts, async () => {
      const r = await runAutoPayouts(db);
      if (r.skipped) logger().info({ runDate: r.runDate, skipped: r.skipped }, 'automatic settlement skipped');
      else logger().info({ runDate: r.runDate, payouts: r.payouts, platforms: r.platforms, total: String(r.total) }, 'automatic settlement');
    }),
  );
  await boss.schedule(QUEUES.autoPayouts, '30 9,10,12 * * *', {}, { tz: 'Asia/Tehran' });
  await boss.work<{ id: string }>(
    QUEUES.reportExport,
    observed(QUEUES.reportExport, async ([job]) => {
      await runExport(db, client, getStorage(), job.data.id);
    }),
  );
  await boss.work(
    QUEUES.exportsSweep,
    observed(QUEUES.exportsSweep, async () => {
      await sweepExports(db, getStorage());
    }),
  );
  await boss.schedule(QUEUES.exportsSweep, '17 * * * *');
  await boss.work<{ id: string }>(
    QUEUES.broadcast,
    observed(QUEUES.broadcast, async ([job]) => {
      const r = await sendBroadcast(db, job.data.id);
      if (r) logger().info({ broadcastId: job.data.id, recipients: r.recipients }, 'broadcast sent');
    }),
  );
  await boss.work(
    QUEUES.broadcastSweep,
    observed(QUEUES.broadcastSweep, async () => {
      for (const id of await pendingBroadcasts(db)) await sendBroadcast(db, id);
    }),
  );
  await boss.schedule(QUEUES.broadcastSweep, '* * * * *');
  // Each reminder is scheduled for its own time; the minutely sweep sends any whose job was lost.
  await boss.work<{ id: string }>(
    QUEUES.reminder,
    { pollingIntervalSeconds: 1 },
    observed(QUEUES.reminder, async ([job]) => {
      await sendDueReminders(db, new Date(), job.data.id);
    }),
  );
  await boss.work(
    QUEUES.reminders,
    observed(QUEUES.reminders, async () => {
      const n = await sendDueReminders(db);
      if (n) logger().info({ sent: n }, 'reminders sent');
    }),
  );
  await boss.schedule(QUEUES.reminders, '* * * * *');
  await boss.work(
    QUEUES.slipImagesSweep,
    observed(QUEUES.slipImagesSweep, async () => {
      const n = await sweepSlipImages(db, getStorage());
      if (n) logger().info({ removed: n }, 'unused slip photos removed');
    }),
  );
  await boss.schedule(QUEUES.slipImagesSweep, '41 * * * *');
  await boss.work(
    QUEUES.rateLimitsSweep,
    observed(QUEUES.rateLimitsSweep, async () => {
      await sweepRateLimits(db);
    }),
  );
  await boss.schedule(QUEUES.rateLimitsSweep, '23 * * * *');
  // The virtual POS: yesterday (in Turkey) against N Kolay's payment list, for every switched-on
  // definition; again at 04:20 for those N Kolay could not answer at 01:20 (the done are skipped).
  await boss.work(
    QUEUES.vposReconcile,
    observed(QUEUES.vposReconcile, async () => {
      const r = await runNightlyReconciliation(db);
      logger().info({ day: r.day, ran: r.ran, unreachable: r.unreachable, skipped: r.skipped }, 'virtual POS reconciliation');
    }),
  );
  await boss.schedule(QUEUES.vposReconcile, '20 1,4 * * *', {}, { tz: 'Europe/Istanbul' });
  // Payers' inquiries a merchant left open a working day: staff are told once each (lib/support/inquiries).
  await boss.work(
    QUEUES.payerInquiriesEscalate,
    observed(QUEUES.payerInquiriesEscalate, async () => {
      const r = await escalateOverdueInquiries(db);
      if (r.escalated.length) logger().info({ escalated: r.escalated.length }, 'payer inquiries overdue, staff told');
    }),
  );
  await boss.schedule(QUEUES.payerInquiriesEscalate, '*/5 * * * *');
  // Support tickets: live chats not picked up in 5 minutes become tickets answered later (the merchant is told), resolved ones the
  // merchant left for 7 days close, replies waiting over an hour are texted once, files never sent go. Every minute, for the live part.
  await boss.createQueue(SUPPORT_SWEEP_QUEUE);
  await boss.work(
    SUPPORT_SWEEP_QUEUE,
    observed(SUPPORT_SWEEP_QUEUE, async () => {
      const r = await runSupportSweep(db, () => sweepUnclaimedAttachments(db, getStorage()));
      if (r.closed || r.texted || r.removed || r.liveTold)
        logger().info({ closed: r.closed, texted: r.texted, liveTold: r.liveTold, removed: r.removed }, 'support sweep');
    }),
  );
  await boss.schedule(SUPPORT_SWEEP_QUEUE, '* * * * *');
  const metricsPort = env().WORKER_METRICS_PORT;
  const metricsServer = metricsPort ? await startMetricsServer({ port: metricsPort, token: env().METRICS_TOKEN }) : null;
  log.info({ metricsPort: metricsPort ?? null }, 'worker ready');

  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    log.info('worker stopping: finishing the jobs in hand');
    metricsServer?.close();
    await boss.stop({ graceful: true, timeout: 5000 }).catch((err) => log.error({ err }, 'pg-boss did not stop cleanly'));
    await client.end({ timeout: 2 }).catch(() => {});
    process.exit(0);
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}

main().catch((err) => {
  log.fatal({ err }, 'worker failed to start');
  process.exit(1);
});
