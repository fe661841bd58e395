import { createHash, randomInt } from 'node:crypto';
import { and, count, eq, inArray, isNotNull, or, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '@/db';
import {
  feeRules,
  idempotencyKeys,
  merchantServices,
  payments,
  payoutSettings,
  payouts,
  platforms,
  refunds,
  sandboxBankSessions,
  smsMessages,
  webhookEvents,
} from '@/db/schema';
import type { StaffActor } from '@/lib/actor';
import { sandboxPay } from '@/lib/gateways/sandbox';
import { isSettlementDay } from '@/lib/calendar/holidays';
import { QUEUES } from '@/lib/jobs/boss';
import { startPayment } from '@/lib/payments';
import { settlementWindow } from '@/lib/payments/settlement';
import { decidePayout, ensureKycBankAccount, markPayoutSent, settlePayout } from '@/lib/payouts';
import { submitRefundAccount } from '@/lib/refunds';
import { smsLocalId } from '@/lib/sms';
import { makeAdmin, staffActorOf } from '@/test/fixtures';
import { expectMoneyWhole, pick, prng } from '@/test/simulation';
import { jobsOpen, startCluster, type Cluster } from './cluster';
import { api } from './http';
import { shop } from './world';
import { SANDBOX_CARD } from '@/lib/gateways/sandbox-cards';

/**
 * The money simulation across the deployment (issue 22): the payouts issue's seeded schedule
 * (lib/payouts/simulation.test.ts), driven through both web instances over HTTP and both workers,
 * while a random worker or web instance is killed with `kill -9` at random moments and started again.
 *
 * Merchants call the API (payments, refunds, payouts, each with an Idempotency-Key and retried as an
 * integrator would when an instance drops the connection); payers pay at the sandbox bank (valid,
 * declined, verify-times-out and refund-declined/-times-out cards, or not at all) and the bank calls
 * back through either instance — duplicated, late (a round later) and forged; days pass and the
 * settlement and automatic-payout jobs run on the workers; staff decide, send and settle payouts;
 * payers name an account for a refund their card could not take; the janitor asks the bank about what
 * it did not answer. Staff's and the payers' steps call lib directly (they are server actions behind a
 * signed-in session, which the deployment test covers); the bank is the sandbox's own book.
 *
 * At checkpoints (one repeatable-read snapshot while everything keeps running) and at the end: the
 * invariants of every money simulation (test/simulation.ts expectMoneyWhole: postings sum to zero,
 * balances equal their lines, nothing withdrawable below zero, money conserved counted from the ledger
 * and from the rows); and at the end the external effects, counted where they land: each text once
 * (by its localid) and only for messages our outbox holds, a payer texted only for a payment that
 * succeeded, each webhook event delivered (by its webhook-id) and none that was not recorded, and one
 * payment.succeeded event for each payment that succeeded, none for one that did not.
 *
 * The schedule is fixed by SIM_SEED (random when unset; a failure prints it): which operation, on which
 * platform, with which amount and card, which process is killed after how long. The interleaving is
 * the deployment's, and the kills land wherever the processes are at that moment: the invariants must
 * hold whatever it is. SIM_OPS sets the length (default 160; `npm run bench:sim` runs 5000).
 */

const SEED = Number(process.env.SIM_SEED ?? randomInt(1, 2 ** 31));
const OPS = Number(process.env.SIM_OPS ?? 160);
const WIDTH = 8;
const PLATFORMS = 3;
/** A checkpoint every this many rounds. */
const CHECK_EVERY = Number(process.env.SIM_CHECK_EVERY ?? 6);
/** The chance a round kills a process. */
const KILL_RATE = Number(process.env.SIM_KILL_RATE ?? 0.15);
const OK_CARD = SANDBOX_CARD.success;
const DECLINED_CARD = SANDBOX_CARD.insufficient;
const VERIFY_TIMEOUT_CARD = SANDBOX_CARD.verifyTimeout;
const REFUND_DECLINED_CARD = SANDBOX_CARD.refundDeclined;
const REFUND_TIMEOUT_CARD = SANDBOX_CARD.refundTimeout;
const PAYER_SHEBA = 'IR062960000000100324200001';

let c: Cluster;
const t0 = Date.now();

beforeAll(async () => {
  // The API's per-platform limit out of the way: the simulation is about money, the deployment test about limits.
  c = await startCluster({ apiRateLimit: 1_000_000 });
});

afterAll(async () => {
  await c?.stop();
});

const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

type Shop = Awaited<ReturnType<typeof shop>>;
type World = {
  shops: Shop[];
  staff: StaffActor;
  /** Callbacks the bank sends again a round later. */
  late: string[];
  /** Answers that must never come: a 500 from either instance. */
  errors: string[];
  /** API calls whose Idempotency-Key was left "running" by a killed instance. */
  stuck: string[];
  /** The API's answers, by call and status (and error code). */
  answers: Record<string, number>;
  counts: Record<string, number>;
};
type Op = { name: string; run: (w: World) => Promise<unknown> };

/**
 * An API call as an integrator makes it: to the instance the schedule names, then (its connection
 * dropped or refused: the instance was killed) again through the load balancer, with the same
 * Idempotency-Key, until an answer comes. "Still running" (409) is waited out the same way.
 */
async function call(n: number, w: World, key: string, method: string, path: string, body?: unknown, idem?: string) {
  let running = 0;
  for (let attempt = 0; attempt < 80; attempt++) {
    const base = attempt === 0 ? c.at(n) : c.url;
    try {
      const r = await api(base, key, method, path, body, idem ? { 'idempotency-key': idem } : {});
      const text = await r.text();
      const json = text ? (JSON.parse(text) as { id?: string; error?: { code?: string } }) : {};
      if (r.status >= 500 && r.status !== 502) w.errors.push(`${method} ${path} → ${r.status} ${text.slice(0, 200)}`);
      if (r.status === 409 && json.error?.code === 'idempotency_in_progress') {
        // Another request with this key is running. A killed instance's request can no longer leave its
        // key "running" (lib/api/http.ts idempotent(): the claim, the effects and the answer are one
        // transaction, and a kill rolls them all back), so this is only ever waited out; a key given up
        // on here fails the run below.
        if (++running >= 20) {
          w.stuck.push(`${method} ${path} (${idem})`);
          return { status: r.status, body: json };
        }
        await pause(250);
        continue;
      }
      if (r.status === 502) {
        await pause(250);
        continue;
      }
      const answer = `${method} ${path.replace(/[0-9a-f-]{36}/, ':id')} ${r.status}${json.error?.code ? ` ${json.error.code}` : ''}`;
      w.answers[answer] = (w.answers[answer] ?? 0) + 1;
      return { status: r.status, body: json };
    } catch {
      await pause(250);
    }
  }
  throw new Error(`${method} ${path}: no answer from the deployment`);
}

/** A callback from the bank (or the payer's browser) to one instance, or through the load balancer; a dropped connection is what it is. */
async function callback(w: World, base: string, query: string) {
  try {
    const r = await fetch(`${base}/pay/callback/sandbox${query}`, { redirect: 'manual' });
    if (r.status >= 500) w.errors.push(`callback ${query} → ${r.status}`);
    await r.arrayBuffer();
    return r.status;
  } catch {
    return 'dropped';
  }
}

async function pickPayout(platformId: string, state: 'requested' | 'approved' | 'sent', r: number): Promise<string | null> {
  const rows = await c.db
    .select({ id: payouts.id })
    .from(payouts)
    .where(and(eq(payouts.platformId, platformId), eq(payouts.state, state)))
    .orderBy(payouts.id);
  return pick(rows, r)?.id ?? null;
}

/** The token of the refund link a payer was texted, read from the texts that reached their phone (the fake Kavenegar). */
async function refundToken(refundId: string): Promise<string | null> {
  const [row] = await c.db
    .select({ hash: refunds.accountTokenHash, mobile: payments.payerMobile })
    .from(refunds)
    .innerJoin(payments, eq(payments.id, refunds.paymentId))
    .where(eq(refunds.id, refundId));
  if (!row?.hash || !row.mobile) return null;
  const tokens = c.fakes.sms.to(row.mobile).map((t) => t.message.split('/refund/')[1]?.trim().split(/\s/)[0]);
  return tokens.find((t) => t && createHash('sha256').update(t).digest('hex') === row.hash) ?? null;
}

/** The schedule's operations, each drawn with its weight; every draw takes its numbers from the seeded generator up front. */
function draw(rand: () => number, i: number): Op {
  const p = Math.floor(rand() * PLATFORMS);
  const r = rand();
  const n = Math.floor(rand() * 2);
  const amount = BigInt(100_000 + Math.floor(rand() * 30) * 50_000);
  const kind = rand();
  const dup = 1 + Math.floor(rand() * 3);
  const quarters = 1 + Math.floor(rand() * 5);
  const extra = rand();
  const cut = [0.4, 0.5, 0.58, 0.64, 0.7, 0.76, 0.8, 0.87, 0.92, 0.96, 1];
  const at = cut.findIndex((x) => kind < x);
  switch (at) {
    case 0: {
      // Most pay; some are declined, some verifies time out, some leave without paying; the paid ones'
      // refunds go back to the card at once, are declined (→ the payer's account) or time out (→ the janitor).
      const card =
        r < 0.08 ? DECLINED_CARD : r < 0.16 ? VERIFY_TIMEOUT_CARD : r < 0.22 ? null : r < 0.7 ? OK_CARD : r < 0.85 ? REFUND_DECLINED_CARD : REFUND_TIMEOUT_CARD;
      const late = extra < 0.2;
      const forged = extra > 0.85;
      return {
        name: `pay ${p} ${amount} ${card?.slice(-2) ?? 'left'} ×${dup}${late ? ' +late' : ''}${forged ? ' +forged' : ''}`,
        run: async (w) => {
          const s = w.shops[p];
          const mobile = `09${13 + p}${String(i).padStart(7, '0')}`;
          const made = await call(
            n,
            w,
            s.liveKey,
            'POST',
            '/payments',
            { amount: Number(amount * 3n), order_id: `sim-${SEED}-${i}`, callback_url: s.callbackUrl, payer_mobile: mobile },
            `sim-${SEED}-${i}`,
          );
          if (made.status === 409) return;
          if (made.status !== 201) throw new Error(`payment ${i}: ${made.status} ${JSON.stringify(made.body)}`);
          // The payer picks the sandbox bank on the payment page (the page calls this).
          const started = await startPayment(c.db, made.body.id!, 'sandbox', c.url);
          if (!started.ok) throw new Error(`start: ${JSON.stringify(started)}`);
          const [row] = await c.db.select({ token: payments.gatewayToken }).from(payments).where(eq(payments.id, made.body.id!));
          let query = `?token=${row.token}&status=ok`;
          if (card) {
            const paid = await sandboxPay(c.db, { token: row.token!, card });
            if (!paid.ok) throw new Error(`sandbox: ${JSON.stringify(paid)}`);
            query = new URL(paid.data.callbackUrl).search;
          }
          // A forger's callbacks first: an unknown token, and (for a payer who left) "ok" for a session the bank never saw paid.
          if (forged) await callback(w, c.at(n + 1), `?token=sbx_${createHash('sha256').update(`${SEED}:${i}`).digest('hex').slice(0, 24)}&status=ok`);
          // The bank calls back, sometimes more than once at the same moment, through either instance.
          await Promise.all(Array.from({ length: dup }, (_, k) => callback(w, c.at(n + k), query)));
          if (late) w.late.push(query);
        },
      };
    }
    case 1:
      return {
        name: `refund ${p} ${quarters}/4 ×${dup}`,
        run: async (w) => {
          const s = w.shops[p];
          const rows = await c.db
            .select({ id: payments.id, amount: payments.amount })
            .from(payments)
            .where(and(eq(payments.platformId, s.platform.id), eq(payments.state, 'succeeded')))
            .orderBy(payments.id);
          const pay = pick(rows, r);
          if (!pay) return;
          // A quarter to five quarters of the payment, sometimes twice at once (two keys): often more than is left.
          const refundAmount = (pay.amount * BigInt(quarters)) / 4n;
          await Promise.all(
            Array.from({ length: dup }, (_, k) =>
              call(n + k, w, s.liveKey, 'POST', `/payments/${pay.id}/refunds`, { amount: Number(refundAmount), reason: 'simulated' }, `ref-${SEED}-${i}-${k}`),
            ),
          );
        },
      };
    case 2:
    case 3:
      return {
        name: `payout request ${p} ${amount}`,
        run: (w) =>
          call(n, w, w.shops[p].liveKey, 'POST', '/payouts', { amount: Number(amount) }, `po-${SEED}-${i}`).then((a) =>
            // Refused when there is not enough withdrawable: a 4xx with a code, never more.
            a.status === 201 || (a.status >= 400 && a.status < 500) ? a : Promise.reject(new Error(`payout: ${a.status}`)),
          ),
      };
    case 4:
      return {
        name: `decide ${p} ${r < 0.8 ? 'approve' : 'reject'}`,
        run: async (w) => {
          const id = await pickPayout(w.shops[p].platform.id, 'requested', r);
          if (id) await decidePayout(c.db, w.staff, { payoutId: id, approve: r < 0.8, reason: 'simulated' });
        },
      };
    case 5:
      return {
        name: `send ${p}`,
        run: async (w) => {
          const id = await pickPayout(w.shops[p].platform.id, 'approved', r);
          if (id) await markPayoutSent(c.db, w.staff, { payoutId: id });
        },
      };
    case 6:
      return {
        name: `bank answers ${p} ${r < 0.8 ? 'paid' : 'returned'} ×${dup}`,
        run: async (w) => {
          const id = await pickPayout(w.shops[p].platform.id, 'sent', r);
          if (!id) return;
          await Promise.all(
            Array.from({ length: dup }, () =>
              settlePayout(
                c.db,
                w.staff,
                r < 0.8 ? { payoutId: id, outcome: 'paid', bankRef: `SIM-${id.slice(0, 8)}` } : { payoutId: id, outcome: 'returned', reason: 'simulated' },
              ),
            ),
          );
        },
      };
    case 7:
      return {
        name: `a day passes: settlement ×${dup}, automatic payouts`,
        run: async () => {
          // What succeeded is now two days old (before the run's cutoff); the workers' jobs settle it.
          await c.db.execute(sql`
            update payments set completed_at = completed_at - interval '2 days'
            where state = 'succeeded' and livemode and settled_at is null and completed_at > now() - interval '1 day'`);
          for (let k = 0; k < dup; k++) await c.boss.send(QUEUES.settlement, {});
          await c.boss.send(QUEUES.autoPayouts, {});
        },
      };
    case 8:
      return {
        name: `payer names account ${p} ×${dup}`,
        run: async (w) => {
          const rows = await c.db
            .select({ id: refunds.id })
            .from(refunds)
            .where(and(eq(refunds.platformId, w.shops[p].platform.id), eq(refunds.state, 'awaiting_account')))
            .orderBy(refunds.id);
          const id = pick(rows, r)?.id;
          const token = id ? await refundToken(id) : null;
          if (!token) return;
          // The payer submits the page twice (a double click, a second tab).
          await Promise.all(Array.from({ length: dup }, () => submitRefundAccount(c.db, { token, sheba: PAYER_SHEBA, holderName: 'Sim payer' })));
        },
      };
    case 9:
      return {
        name: `janitor ×${dup}`,
        run: async () => {
          // The bank's back-off has passed for what it did not answer; the janitor runs on the workers.
          await timePassesForInquiries();
          for (let k = 0; k < dup; k++) await c.boss.send(QUEUES.paymentsJanitor, {});
        },
      };
    default:
      return {
        name: `late callbacks`,
        run: async (w) => {
          const due = w.late.splice(0);
          await Promise.all(due.map((q, k) => callback(w, c.at(n + k), q)));
        },
      };
  }
}

async function timePassesForInquiries() {
  await c.db
    .update(payments)
    .set({ nextInquiryAt: new Date(Date.now() - 1000) })
    .where(and(eq(payments.state, 'unknown'), isNotNull(payments.nextInquiryAt)));
  await c.db
    .update(refunds)
    .set({ nextInquiryAt: new Date(Date.now() - 1000) })
    .where(and(eq(refunds.state, 'processing'), isNotNull(refunds.nextInquiryAt)));
}

/** kill -9 of one of the four processes (0, 1: web A, B; 2, 3: worker 1, 2), then its restart in the background. */
type Kills = { done: string[]; restarting: Promise<void> | null };
function killLater(kills: Kills, victim: number, afterMs: number) {
  setTimeout(() => {
    if (kills.restarting) return;
    const name = victim < 2 ? c.webs[victim].name : `worker-${victim - 1}`;
    kills.done.push(`${name} after ${afterMs} ms`);
    kills.restarting = (async () => {
      if (victim < 2) {
        await c.killWeb(victim);
        await c.startWeb(victim);
      } else {
        await c.killWorker(victim - 2);
        await c.startWorker(victim - 2);
      }
    })().finally(() => {
      kills.restarting = null;
    });
  }, afterMs);
}

/** The invariants in one snapshot while the deployment keeps working. */
async function checkpoint(ids: string[]) {
  return c.db.transaction(async (tx) => expectMoneyWhole(tx as unknown as Db, ids), { isolationLevel: 'repeatable read', accessMode: 'read only' });
}

/**
 * The end of the schedule: the payers who were cut off reload (their callback once more), the bank's
 * back-off passes and the janitor asks about the rest, cut-off verifies included (their claims lapse
 * on their own); then every text and webhook on its way lands.
 */
async function drain(w: World, ids: string[]) {
  const until = Date.now() + 240_000;
  for (let round = 0; ; round++) {
    const open = await c.db
      .select({ id: payments.id, token: payments.gatewayToken, state: payments.state, claim: payments.verifyingUntil })
      .from(payments)
      .innerJoin(sandboxBankSessions, eq(sandboxBankSessions.token, payments.gatewayToken))
      .where(
        and(
          inArray(payments.platformId, ids),
          or(eq(payments.state, 'unknown'), and(eq(payments.state, 'redirected'), sql`${sandboxBankSessions.state} <> 'new'`)),
        ),
      );
    const refundsOpen = await c.db
      .select({ n: count() })
      .from(refunds)
      .where(and(inArray(refunds.platformId, ids), eq(refunds.state, 'processing'), eq(refunds.method, 'gateway')));
    const queued = await c.db.select({ n: count() }).from(smsMessages).where(eq(smsMessages.status, 'queued'));
    const pending = await c.db.select({ n: count() }).from(webhookEvents).where(eq(webhookEvents.state, 'pending'));
    const jobs = await Promise.all([QUEUES.settlement, QUEUES.autoPayouts, QUEUES.smsSend, QUEUES.webhookDeliver].map((q) => jobsOpen(c.db, q)));
    if (!open.length && !refundsOpen[0].n && !queued[0].n && !pending[0].n && jobs.every((j) => j === 0)) return round;
    if (Date.now() > until)
      throw new Error(
        `not drained: ${open.length} payments open ${JSON.stringify(open.slice(0, 5))}, ${refundsOpen[0].n} refunds at the bank, ${queued[0].n} texts queued, ${pending[0].n} webhooks pending, jobs ${jobs}`,
      );
    // The payers whose callback was lost reload (a verify in hand keeps its claim: the janitor takes those once it lapses).
    for (const p of open) if (p.state === 'redirected' && !p.claim) await callback(w, c.url, `?token=${p.token}&status=ok`);
    await timePassesForInquiries();
    await c.boss.send(QUEUES.paymentsJanitor, {});
    if (queued[0].n) await c.boss.send(QUEUES.smsRequeue, {});
    await pause(2000);
  }
}

describe('the money simulation across the deployment', () => {
  it(
    `seed ${SEED}: ${OPS} operations through two web instances and two workers, with kill -9, keep the money whole and every effect once`,
    async () => {
      const rand = prng(SEED);
      const staff = staffActorOf(await makeAdmin(c.db));
      const shops: Shop[] = [];
      for (let i = 0; i < PLATFORMS; i++) {
        const s = await shop(c.db, { webhook: `${c.fakes.hooks.baseUrl}/hooks/sim-${i}` });
        // The account from its approved customer information, where the API's payouts go by default.
        await ensureKycBankAccount(c.db, s.actor);
        shops.push(s);
      }
      const ids = shops.map((s) => s.platform.id);
      // A fee on the shops' service (1.2 %, at least 1 000 Rials, 2 500 fixed), so fee income and the fees refunds give back are in the sums.
      const [{ serviceId }] = await c.db
        .select({ serviceId: merchantServices.serviceId })
        .from(platforms)
        .innerJoin(merchantServices, eq(merchantServices.id, platforms.merchantServiceId))
        .where(eq(platforms.id, ids[0]));
      await c.db
        .insert(feeRules)
        .values({ serviceId, percentBasisPoints: 120, fixed: 2_500n, min: 1_000n })
        .onConflictDoUpdate({ target: feeRules.serviceId, set: { percentBasisPoints: 120, fixed: 2_500n, min: 1_000n } });
      // Platform 0 settles automatically, keeping a random amount.
      await c.db.insert(payoutSettings).values({ platformId: ids[0], autoEnabled: true, autoKeep: BigInt(Math.floor(rand() * 10) * 100_000) });
      const w: World = { shops, staff, late: [], errors: [], stuck: [], answers: {}, counts: {} };
      const kills: Kills = { done: [], restarting: null };
      const log: string[] = [];
      const checkpoints: number[] = [];
      const { runDate } = settlementWindow(new Date());
      if (!isSettlementDay(runDate)) console.warn(`[simulation] ${runDate} is a Friday or holiday: the settlement jobs settle nothing today`);

      const started = Date.now();
      let opsDone = 0;
      try {
        const rounds = Math.ceil(OPS / WIDTH);
        for (let round = 0; round < rounds; round++) {
          const ops = Array.from({ length: Math.min(WIDTH, OPS - round * WIDTH) }, (_, k) => draw(rand, round * WIDTH + k));
          // A kill in this round, at a moment of the seed's choosing (none in the last rounds: the end is checked quiet).
          const kill = rand() < KILL_RATE && round < rounds - 2 ? { victim: Math.floor(rand() * 4), after: Math.floor(rand() * 1500) } : null;
          log.push(`${round}: ${ops.map((o) => o.name).join(' | ')}${kill ? ` | kill -9 #${kill.victim} after ${kill.after} ms` : ''}`);
          for (const o of ops) w.counts[o.name.split(' ')[0]] = (w.counts[o.name.split(' ')[0]] ?? 0) + 1;
          if (kill) killLater(kills, kill.victim, kill.after);
          await Promise.all(ops.map((o) => o.run(w)));
          opsDone += ops.length;
          if ((round + 1) % CHECK_EVERY === 0) {
            await checkpoint(ids);
            checkpoints.push(round);
          }
        }
        const opsSeconds = (Date.now() - started) / 1000;
        await kills.restarting;
        const drainStarted = Date.now();
        const drainRounds = await drain(w, ids);
        const drainSeconds = (Date.now() - drainStarted) / 1000;

        // The money.
        const m = await expectMoneyWhole(c.db, ids);
        expect(w.errors).toEqual([]);
        // No Idempotency-Key stuck by a kill -9: none given up on, none left running.
        expect(w.stuck).toEqual([]);
        expect(await c.db.select({ key: idempotencyKeys.idempotencyKey }).from(idempotencyKeys).where(eq(idempotencyKeys.state, 'running'))).toEqual([]);

        // Texts: each outbox message sent once (by its localid), none that is not ours, none failed.
        const outbox = await c.db.select({ id: smsMessages.id, status: smsMessages.status, mobile: smsMessages.mobile }).from(smsMessages);
        expect(outbox.filter((o) => o.status !== 'sent')).toEqual([]);
        const byLocal = new Map<string, number>();
        for (const t of c.fakes.sms.sent) byLocal.set(t.localid ?? 'none', (byLocal.get(t.localid ?? 'none') ?? 0) + 1);
        expect([...byLocal.values()].every((k) => k === 1)).toBe(true);
        expect(new Set(byLocal.keys())).toEqual(new Set(outbox.map((o) => smsLocalId(o.id))));

        // Payers: one "paid" text for each payment that succeeded, none for one that did not.
        const mine = await c.db
          .select({ id: payments.id, state: payments.state, mobile: payments.payerMobile, code: payments.trackingCode })
          .from(payments)
          .where(inArray(payments.platformId, ids));
        const wrong = mine.filter((p) => {
          // The "paid" text names the tracking code after «کد پیگیری:»; a refund's text says «کد پیگیری پرداخت:».
          const texts = c.fakes.sms.to(p.mobile!).filter((t) => t.message.includes(`کد پیگیری: ${p.code}`));
          return texts.length !== (p.state === 'succeeded' ? 1 : 0);
        });
        expect(wrong).toEqual([]);

        // Webhooks: every event recorded was delivered (by its webhook-id), nothing that was not recorded;
        // one payment.succeeded per payment that succeeded, none for one that did not.
        const events = await c.db
          .select({ id: webhookEvents.id, type: webhookEvents.type, state: webhookEvents.state, payload: webhookEvents.payload })
          .from(webhookEvents)
          .where(inArray(webhookEvents.platformId, ids));
        expect(events.filter((e) => e.state !== 'delivered')).toEqual([]);
        const received = c.fakes.hooks.received.filter((h) => h.id);
        expect(new Set(received.map((h) => h.id))).toEqual(new Set(events.map((e) => e.id)));
        const repeatedHooks = received.length - new Set(received.map((h) => h.id)).size;
        const succeededEvents = new Map<string, number>();
        for (const e of events) {
          const about = (e.payload as { data?: { id?: string } }).data?.id ?? '';
          if (e.type === 'payment.succeeded') succeededEvents.set(about, (succeededEvents.get(about) ?? 0) + 1);
        }
        expect(mine.filter((p) => (succeededEvents.get(p.id) ?? 0) !== (p.state === 'succeeded' ? 1 : 0))).toEqual([]);

        const states: Record<string, number> = {};
        for (const p of mine) states[p.state] = (states[p.state] ?? 0) + 1;
        const payoutStates = await c.db
          .select({ state: payouts.state, n: count() })
          .from(payouts)
          .where(inArray(payouts.platformId, ids))
          .groupBy(payouts.state);
        const refundStates = await c.db
          .select({ state: refunds.state, method: refunds.method, n: count() })
          .from(refunds)
          .where(inArray(refunds.platformId, ids))
          .groupBy(refunds.state, refunds.method);
        console.log(
          [
            `[simulation] seed ${SEED}: ${opsDone} operations in ${opsSeconds.toFixed(1)} s (${(opsDone / opsSeconds).toFixed(1)} ops/s) through 2 web instances and 2 workers; invariants held at ${checkpoints.length} checkpoints and at the end`,
            `[simulation] kill -9: ${kills.done.length ? kills.done.join(', ') : 'none'}; drained in ${drainSeconds.toFixed(1)} s (${drainRounds} rounds)`,
            `[simulation] Idempotency-Keys left running by a killed instance (given up by the integrator): ${w.stuck.length ? w.stuck.join(', ') : 'none'}`,
            `[simulation] operations ${JSON.stringify(w.counts)}; API answers ${JSON.stringify(w.answers)}`,
            `[simulation] payments ${JSON.stringify(states)}; payouts ${JSON.stringify(Object.fromEntries(payoutStates.map((s) => [s.state, s.n])))}; refunds ${JSON.stringify(Object.fromEntries(refundStates.map((s) => [`${s.state}/${s.method}`, s.n])))}`,
            `[simulation] money: came in ${m.cameIn}, balances ${m.balances}, fees ${m.fees}, in flight ${m.inFlight}, out ${m.out}, refunds held ${m.refundsHeld}, refunded by the bank ${m.byBank}`,
            `[simulation] effects: ${c.fakes.sms.sent.length} texts (${c.fakes.sms.repeats()} repeats stopped by localid), ${events.length} webhook events delivered (${repeatedHooks} repeated deliveries with the same webhook-id)`,
            `[simulation] whole test ${((Date.now() - t0) / 1000).toFixed(1)} s`,
          ].join('\n'),
        );
      } catch (e) {
        console.error(
          `[simulation] FAILED with seed ${SEED} after ${opsDone} operations (replay: SIM_SEED=${SEED} SIM_OPS=${OPS} npm run test:scale -- test/scale/money.scale.ts); kill -9: ${kills.done.join(', ') || 'none'}; schedule:\n${log.join('\n')}`,
        );
        throw e;
      }
    },
    Math.max(900_000, OPS * 1500),
  );
});
