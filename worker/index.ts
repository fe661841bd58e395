import { createDb } from '@/db';
import { env } from '@/lib/env';
import { getBoss, QUEUES } from '@/lib/jobs/boss';
import { runJanitors } from '@/lib/jobs/janitor';
import { runSettlement } from '@/lib/payments/settlement';
import { runAutoPayouts } from '@/lib/payouts/auto';
import { sweepSlipImages } from '@/lib/payments/slip-sweep';
import { sweepRateLimits } from '@/lib/rate-limit';
import { deliverSms, requeueStaleSms } from '@/lib/sms';
import { deliverEmail, requeueStaleEmail } from '@/lib/email';
import { deliverEvent } from '@/lib/webhooks/events';
import { runExport, sweepExports } from '@/lib/reports/background';
import { getStorage } from '@/lib/storage';
import { pendingBroadcasts, sendBroadcast } from '@/lib/messages';
import { sendDueReminders } from '@/lib/events';
import { syncCatalogues } from '@/lib/topup';
import { runNightlyReconciliation } from '@/lib/vpos/reconcile';
import { escalateOverdueInquiries } from '@/lib/support/inquiries';
import { runSupportSweep, SUPPORT_SWEEP_QUEUE } from '@/lib/support';
import { sweepUnclaimedAttachments } from '@/lib/support/attachments';

/**
 * The pg-boss worker: SMS, e-mail and webhook delivery with retries, the janitor of payments and refunds
 * the bank did not answer (every minute), the settlement run (09:00 Tehran, skipped on Fridays
 * and holidays), the janitor that re-queues stuck SMS, staff broadcasts, event reminders, and the
 * hourly sweeps of slip photos no slip used within a day and of full rate-limit buckets, and the
 * nightly reconciliation of the virtual POS against N Kolay (after midnight in Istanbul).
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

  await boss.work<{ id: string }>(QUEUES.emailSend, { includeMetadata: true, pollingIntervalSeconds: 1, batchSize: 5 }, async (jobs) => {
    for (const job of jobs) {
      const finalAttempt = job.retryCount >= job.retryLimit;
      const outcome = await deliverEmail(db, job.data.id, undefined, finalAttempt);
      if (outcome === 'failed') console.error(`[email] message ${job.data.id} failed for good; see email_messages.last_error`);
    }
  });
  await boss.work(QUEUES.emailRequeue, async () => {
    const n = await requeueStaleEmail(db);
    if (n) console.log(`[email] re-queued ${n} stuck message(s)`);
  });
  await boss.schedule(QUEUES.emailRequeue, '* * * * *');

  await boss.work<{ id: string }>(QUEUES.webhookDeliver, { includeMetadata: true, pollingIntervalSeconds: 1, batchSize: 5 }, async (jobs) => {
    for (const job of jobs) {
      const outcome = await deliverEvent(db, job.data.id, job.retryCount >= job.retryLimit);
      // Throwing hands the job back to pg-boss, which retries it with back-off.
      if (outcome === 'retry') throw new Error(`webhook ${job.data.id} not accepted yet`);
    }
  });
  await boss.work(QUEUES.paymentsJanitor, async () => {
    await runJanitors(db);
  });
  await boss.schedule(QUEUES.paymentsJanitor, '* * * * *');
  // The top-up catalogue from the provider, hourly (and at start, and on demand from /admin/topup).
  await boss.work(QUEUES.topupCatalogue, async () => {
    for (const r of await syncCatalogues(db)) console.log(`[topup] catalogue of ${r.provider}: ${r.outcome}`);
  });
  await boss.schedule(QUEUES.topupCatalogue, '7 * * * *');
  await boss.send(QUEUES.topupCatalogue, {});
  await boss.work(QUEUES.settlement, async () => {
    const r = await runSettlement(db);
    if (r.skipped) console.log(`[payments] settlement ${r.runDate}: no settlement on a Friday or holiday`);
    else console.log(`[payments] settlement ${r.runDate}: ${r.platforms} platform(s), ${r.total} Rials`);
  });
  await boss.schedule(QUEUES.settlement, '0 9 * * *', {}, { tz: 'Asia/Tehran' });
  // Automatic settlement to the bank, after the 09:00 run (it waits for that day's run to exist);
  // again at 10:30 and 12:30 in case the run was late: each platform is claimed once a day.
  await boss.work(QUEUES.autoPayouts, async () => {
    const r = await runAutoPayouts(db);
    if (r.skipped) console.log(`[payouts] automatic settlement ${r.runDate}: skipped (${r.skipped})`);
    else console.log(`[payouts] automatic settlement ${r.runDate}: ${r.payouts} payout(s) of ${r.platforms} platform(s), ${r.total} Rials`);
  });
  await boss.schedule(QUEUES.autoPayouts, '30 9,10,12 * * *', {}, { tz: 'Asia/Tehran' });
  await boss.work<{ id: string }>(QUEUES.reportExport, async ([job]) => {
    await runExport(db, client, getStorage(), job.data.id);
  });
  await boss.work(QUEUES.exportsSweep, async () => {
    await sweepExports(db, getStorage());
  });
  await boss.schedule(QUEUES.exportsSweep, '17 * * * *');
  await boss.work<{ id: string }>(QUEUES.broadcast, async ([job]) => {
    const r = await sendBroadcast(db, job.data.id);
    if (r) console.log(`[messages] broadcast ${job.data.id} to ${r.recipients} merchant(s)`);
  });
  await boss.work(QUEUES.broadcastSweep, async () => {
    for (const id of await pendingBroadcasts(db)) await sendBroadcast(db, id);
  });
  await boss.schedule(QUEUES.broadcastSweep, '* * * * *');
  // Each reminder is scheduled for its own time; the minutely sweep sends any whose job was lost.
  await boss.work<{ id: string }>(QUEUES.reminder, { pollingIntervalSeconds: 1 }, async ([job]) => {
    await sendDueReminders(db, new Date(), job.data.id);
  });
  await boss.work(QUEUES.reminders, async () => {
    const n = await sendDueReminders(db);
    if (n) console.log(`[events] sent ${n} reminder(s)`);
  });
  await boss.schedule(QUEUES.reminders, '* * * * *');
  await boss.work(QUEUES.slipImagesSweep, async () => {
    const n = await sweepSlipImages(db, getStorage());
    if (n) console.log(`[payments] removed ${n} unused slip photo(s)`);
  });
  await boss.schedule(QUEUES.slipImagesSweep, '41 * * * *');
  await boss.work(QUEUES.rateLimitsSweep, async () => {
    await sweepRateLimits(db);
  });
  await boss.schedule(QUEUES.rateLimitsSweep, '23 * * * *');
  // The virtual POS: yesterday (in Turkey) against N Kolay's payment list, for every switched-on
  // definition; again at 04:20 for those N Kolay could not answer at 01:20 (the done are skipped).
  await boss.work(QUEUES.vposReconcile, async () => {
    const r = await runNightlyReconciliation(db);
    console.log(`[vpos] reconciliation of ${r.day}: ${r.ran} definition(s), ${r.unreachable} unanswered, ${r.skipped} done before`);
  });
  await boss.schedule(QUEUES.vposReconcile, '20 1,4 * * *', {}, { tz: 'Europe/Istanbul' });
  // Payers' inquiries a merchant left open a working day: staff are told once each (lib/support/inquiries).
  await boss.work(QUEUES.payerInquiriesEscalate, async () => {
    const r = await escalateOverdueInquiries(db);
    if (r.escalated.length) console.log(`[support] ${r.escalated.length} payer inquiry(ies) overdue, staff told`);
  });
  await boss.schedule(QUEUES.payerInquiriesEscalate, '*/5 * * * *');
  // Support tickets: resolved ones the merchant left for 7 days close, replies waiting over an hour are texted once, files never sent go.
  await boss.createQueue(SUPPORT_SWEEP_QUEUE);
  await boss.work(SUPPORT_SWEEP_QUEUE, async () => {
    const r = await runSupportSweep(db, () => sweepUnclaimedAttachments(db, getStorage()));
    if (r.closed || r.texted || r.removed) console.log(`[support] closed ${r.closed}, texted ${r.texted}, removed ${r.removed} unsent file(s)`);
  });
  await boss.schedule(SUPPORT_SWEEP_QUEUE, '*/5 * * * *');
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
