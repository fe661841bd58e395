import { randomBytes, randomUUID } from 'node:crypto';
import { createRequire } from 'node:module';
import { and, count, eq, inArray, isNotNull, like, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  broadcasts,
  events,
  messages,
  otpCodes,
  payments,
  paymentAttempts,
  payouts,
  payoutSettings,
  sandboxBankSessions,
  smsMessages,
  webhookEvents,
} from '@/db/schema';
import { rateLimitPerMinute } from '@/lib/api/http';
import { createApiKey } from '@/lib/api-keys';
import { OTP_RULES } from '@/lib/auth/otp';
import { isSettlementDay } from '@/lib/calendar/holidays';
import { JOB_EXPIRE_SECONDS, MAINTENANCE_SECONDS, QUEUES } from '@/lib/jobs/boss';
import { ledgerViolations } from '@/lib/ledger';
import { createBroadcast } from '@/lib/messages';
import { createPayment, startPayment } from '@/lib/payments';
import { settlementWindow } from '@/lib/payments/settlement';
import { uniqueIp, uniqueMobile } from '@/test/db';
import { makeAdmin, makeMerchant, staffActorOf } from '@/test/fixtures';
import { postingsOf } from '@/test/ledger';
import { eventually, jobsDone, startCluster, type Cluster } from './cluster';
import { api, cookieHeader, postAction, serverAction } from './http';
import { inBatches, morePlatforms, paidAtBank, paidDaysAgo, shop, statesOf } from './world';

/**
 * Two web instances and two workers on one PostgreSQL (./cluster.ts), through both at once: every
 * limit holds as one, every effect happens once, and a process killed in the middle of its work
 * loses nothing and doubles nothing. Counts are exact; external effects (texts, webhooks) are
 * counted where they land, at the fakes.
 */

let c: Cluster;
const t0 = Date.now();
const figures: string[] = [];
const clean = { unbalanced: [], drifted: [], negative: [] };

beforeAll(async () => {
  c = await startCluster({ apiRateLimit: 30, nextApiWeb: true });
  figures.push(`deployment up (PostgreSQL, 2 web, 2 workers) in ${(c.startedIn / 1000).toFixed(1)} s`);
});

afterAll(async () => {
  await c?.stop();
  figures.push(`whole file ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  console.log(`\n[scale] ${figures.join('\n[scale] ')}\n`);
});

const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));
/** Eight random letters: no digits, which a real SMS provider's outbox redacts (lib/sms) once sent. */
const tag = () => Array.from(randomBytes(8), (b) => String.fromCharCode(97 + (b % 26))).join('');

/** The queues whose jobs are external effects: once they are idle, nothing more is on its way. */
const EFFECTS = [QUEUES.smsSend, QUEUES.webhookDeliver];
/** Waits until every text and webhook on its way has landed, then a moment more for any duplicate. */
async function effectsSettled() {
  await jobsDone(c.db, EFFECTS, 90_000);
  await pause(1500);
  await jobsDone(c.db, EFFECTS, 90_000);
}

const ACTIONS = 'app/(auth)/actions.ts';

const { runDate } = settlementWindow(new Date());
const settlementDay = isSettlementDay(runDate);
if (!settlementDay) console.warn(`[scale] ${runDate} is a Friday or holiday: the settlement run skips it, and so do the settlement tests`);

/** Settlement postings per platform of `ids` on today's run: posting count and Rials moved. */
async function settlementsOf(ids: string[]) {
  const rows = await c.db.execute<{ platform_id: string; postings: number; moved: string }>(sql`
    select a.platform_id, count(distinct p.id)::int as postings, sum(l.amount)::text as moved
    from ledger_postings p join ledger_lines l on l.posting_id = p.id join ledger_accounts a on a.id = l.account_id
    where p.kind = 'settlement' and p.reference like ${`${runDate}:%`} and a.kind = 'platform_withdrawable' and a.platform_id in ${sql.raw(`('${ids.join("','")}')`)}
    group by a.platform_id`);
  return new Map([...rows].map((r) => [r.platform_id, { postings: r.postings, moved: BigInt(r.moved) }]));
}

async function settledCount(paymentIds: string[]) {
  const [{ n }] = await c.db
    .select({ n: count() })
    .from(payments)
    .where(and(inArray(payments.id, paymentIds), isNotNull(payments.settledAt)));
  return n;
}

async function settlementMessages(ids: string[]) {
  const [{ n }] = await c.db
    .select({ n: count() })
    .from(messages)
    .where(
      inArray(
        messages.dedupeKey,
        ids.map((id) => `settlement:${runDate}:${id}`),
      ),
    );
  return n;
}

/** The mobiles of a broadcast's recipients, one per inbox row. */
async function recipientsOf(broadcastId: string): Promise<string[]> {
  const rows = await c.db.execute<{ mobile: string }>(
    sql`select u.mobile from messages m join users u on u.id = m.user_id where m.broadcast_id = ${broadcastId}::uuid`,
  );
  return [...rows].map((r) => r.mobile);
}

/** Several copies of a job at once, as schedules, retries and sweeps on two workers may fire. */
async function fire(queue: string, copies: number, data: object = {}) {
  for (let i = 0; i < copies; i++) await c.boss.send(queue, data);
}

/** What an instance's /metrics says a counter is (0 when it has not counted yet). */
async function metric(base: string, name: string): Promise<number> {
  const r = await fetch(`${base}/metrics`, { headers: { authorization: `Bearer ${process.env.METRICS_TOKEN}` } });
  expect(r.status).toBe(200);
  const m = new RegExp(`^${name} (\\S+)$`, 'm').exec(await r.text());
  return m ? Number(m[1]) : 0;
}

describe('the lean /api/v1 path (lib/api/lean.ts)', () => {
  it("answers as Next's router does: the same status, body and headers, for successes, refusals, 404 and 405", async () => {
    const s = await shop(c.db);
    const other = await shop(c.db);
    const theirs = await api(c.url, other.testKey, 'POST', '/payments', { amount: 120_000, order_id: `o-${tag()}`, callback_url: other.callbackUrl });
    expect(theirs.status).toBe(201);
    const theirId = ((await theirs.json()) as { id: string }).id;
    const mine = await api(c.url, s.testKey, 'POST', '/payments', { amount: 130_000, order_id: `m-${tag()}`, callback_url: s.callbackUrl });
    const myId = ((await mine.json()) as { id: string }).id;
    const ip = uniqueIp();
    type Ask = [method: string, path: string, key: string | null, body?: string, headers?: Record<string, string>];
    const asks: Ask[] = [
      ['GET', '/platform', s.testKey],
      ['GET', `/payments/${myId}`, s.testKey],
      ['GET', '/payments?limit=5', s.testKey],
      ['GET', '/openapi.json', null],
      // Another merchant's payment, an unknown id, no credential, a malformed key.
      ['GET', `/payments/${theirId}`, s.testKey],
      ['GET', `/payments/${randomUUID()}`, s.testKey],
      ['GET', '/platform', null],
      ['GET', '/platform', 'dk_test_not-a-key'],
      // Bad input: invalid fields, not JSON, the wrong content type.
      ['POST', '/payments', s.testKey, JSON.stringify({ amount: -5, order_id: '' })],
      ['POST', '/payments', s.testKey, '{not json'],
      ['POST', '/payments', s.testKey, 'amount=5', { 'content-type': 'application/x-www-form-urlencoded' }],
      // What the lean path leaves to Next: no such route, a method the route does not export.
      ['GET', '/no-such-route', s.testKey],
      ['DELETE', '/platform', s.testKey],
    ];
    const leanBefore = await metric(c.webs[0].url, 'dargah_api_lean_requests_total');
    const send = (base: string, [method, p, key, body, headers]: Ask) =>
      fetch(`${base}/api/v1${p}`, {
        method,
        redirect: 'manual',
        body,
        headers: {
          'x-forwarded-for': ip,
          ...(key ? { authorization: `Bearer ${key}` } : {}),
          ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
          ...headers,
        },
      });
    const compared = ['content-type', 'cache-control', 'x-content-type-options', 'x-frame-options', 'referrer-policy', 'retry-after', 'allow'];
    for (const ask of asks) {
      const [lean, viaNext] = [await send(c.webs[0].url, ask), await send(c.nextApi!.url, ask)];
      const what = `${ask[0]} ${ask[1]}`;
      expect(lean.status, what).toBe(viaNext.status);
      for (const h of compared) expect(lean.headers.get(h), `${what}: ${h}`).toBe(viaNext.headers.get(h));
      for (const h of ['x-request-id', 'content-security-policy']) expect(lean.headers.get(h), `${what}: ${h}`).toBeTruthy();
      const [a, b] = [await lean.text(), await viaNext.text()];
      // JSON answers are the same document; Next's HTML pages differ only by their per-request nonce.
      if ((lean.headers.get('content-type') ?? '').includes('json')) expect(JSON.parse(a), what).toEqual(JSON.parse(b));
    }
    // The lean path answered the 11 asks with a handler, and Next the other two; the other instance never used it.
    expect((await metric(c.webs[0].url, 'dargah_api_lean_requests_total')) - leanBefore).toBe(11);
    expect(await metric(c.nextApi!.url, 'dargah_api_lean_requests_total')).toBe(0);
  });
});

/** A suite's tests at once: each keeps to its own merchants, mobiles and addresses, and the load is the point. */
describe.concurrent('through both instances at once', () => {
  describe('sessions', () => {
    it('a session made on instance A works on instance B', async () => {
      const m = await makeMerchant(c.db, { kycApproved: true });
      const login = serverAction(ACTIONS, 'loginAction');
      const r = await postAction(c.webs[0].url, login, { mobile: m.mobile, password: 'merchant pass phrase' }, { ip: uniqueIp() });
      const cookie = cookieHeader(r.cookies);
      expect(cookie).toMatch(/authjs\.session-token=/);
      for (const web of c.webs) {
        const page = await fetch(`${web.url}/profile`, { headers: { cookie }, redirect: 'manual' });
        expect(page.status, web.name).toBe(200);
      }
      // Without it, B sends the visitor to sign in.
      expect((await fetch(`${c.webs[1].url}/profile`, { redirect: 'manual' })).status).toBe(307);
    });
  });

  describe('one-time codes', () => {
    const request = serverAction(ACTIONS, 'requestSignupCodeAction');
    type Answer = { ok: boolean; error?: string };
    const ask = (n: number, mobile: string, ip: string) => postAction(c.at(n), request, { mobile }, { ip }).then((a) => a.result as Answer);
    const codesOf = async (mobile: string) => (await c.db.select({ n: count() }).from(otpCodes).where(eq(otpCodes.mobile, mobile)))[0].n;

    it('12 requests for one mobile at once, split across both instances, issue one code and one text', async () => {
      const mobile = uniqueMobile();
      const answers = await Promise.all(Array.from({ length: 12 }, (_, i) => ask(i, mobile, uniqueIp())));
      expect(answers.filter((a) => a.ok)).toHaveLength(1);
      expect(answers.filter((a) => !a.ok).map((a) => a.error)).toEqual(Array(11).fill('resendTooSoon'));
      expect(await codesOf(mobile)).toBe(1);
      await effectsSettled();
      expect(c.fakes.sms.to(mobile)).toHaveLength(1);
    });

    it(`the hourly cap per address (${OTP_RULES.perIpPerHour}) holds as one across both instances`, async () => {
      const ip = uniqueIp();
      const n = OTP_RULES.perIpPerHour + 10;
      const answers = await Promise.all(Array.from({ length: n }, (_, i) => ask(i, uniqueMobile(), ip)));
      expect(answers.filter((a) => a.ok)).toHaveLength(OTP_RULES.perIpPerHour);
      expect(answers.filter((a) => !a.ok).map((a) => a.error)).toEqual(Array(10).fill('ipHourlyCap'));
      const [{ n: codes }] = await c.db.select({ n: count() }).from(otpCodes).where(eq(otpCodes.ip, ip));
      expect(codes).toBe(OTP_RULES.perIpPerHour);
    });

    it(`the hourly cap per mobile (${OTP_RULES.perMobilePerHour}) holds as one across both instances`, async () => {
      const mobile = uniqueMobile();
      // Codes sent earlier this hour, each more than a minute before the next.
      const earlier = OTP_RULES.perMobilePerHour - 1;
      await c.db.insert(otpCodes).values(
        Array.from({ length: earlier }, (_, i) => ({
          mobile,
          purpose: 'signup' as const,
          codeHash: 'x',
          ip: uniqueIp(),
          createdAt: new Date(Date.now() - (10 + i * 5) * 60_000),
          expiresAt: new Date(Date.now() - 5 * 60_000),
        })),
      );
      const first = await Promise.all(Array.from({ length: 10 }, (_, i) => ask(i, mobile, uniqueIp())));
      expect(first.filter((a) => a.ok)).toHaveLength(1);
      // A minute later (the resend wait over), the cap is reached: nobody gets a code on either instance.
      await c.db
        .update(otpCodes)
        .set({ createdAt: sql`${otpCodes.createdAt} - interval '2 minutes'` })
        .where(eq(otpCodes.mobile, mobile));
      const second = await Promise.all(Array.from({ length: 10 }, (_, i) => ask(i, mobile, uniqueIp())));
      expect(second.map((a) => a.error)).toEqual(Array(10).fill('mobileHourlyCap'));
      expect(await codesOf(mobile)).toBe(OTP_RULES.perMobilePerHour);
    });
  });

  describe('the API', () => {
    it('the per-platform rate limit holds as one across both instances', async () => {
      const limit = rateLimitPerMinute();
      const s = await shop(c.db);
      const n = limit * 2 + 10;
      const started = Date.now();
      const statuses = await Promise.all(Array.from({ length: n }, (_, i) => api(c.at(i), s.testKey, 'GET', '/platform').then((r) => r.status)));
      const seconds = (Date.now() - started) / 1000;
      const ok = statuses.filter((x) => x === 200).length;
      expect(ok + statuses.filter((x) => x === 429).length).toBe(n);
      // A sliding minute: `limit` at once, plus what drips back while the burst lasts — never a bucket per instance.
      expect(ok).toBeGreaterThanOrEqual(limit);
      expect(ok).toBeLessThanOrEqual(limit + Math.ceil((limit * seconds) / 60));
      figures.push(`rate limit ${limit}/min: ${ok} of ${n} requests on two instances passed in ${seconds.toFixed(1)} s`);
    });

    it('one Idempotency-Key sent to both instances at once creates one payment', async () => {
      const s = await shop(c.db);
      const key = `scale-${tag()}`;
      const body = { amount: 150_000, order_id: `ord-${tag()}`, callback_url: s.callbackUrl };
      const answers = await Promise.all(
        Array.from({ length: 10 }, async (_, i) => {
          const r = await api(c.at(i), s.liveKey, 'POST', '/payments', body, { 'idempotency-key': key });
          return { status: r.status, body: (await r.json()) as { id?: string; error?: { code: string } } };
        }),
      );
      const rows = await c.db
        .select({ id: payments.id })
        .from(payments)
        .where(and(eq(payments.platformId, s.platform.id), eq(payments.orderId, body.order_id)));
      expect(rows).toHaveLength(1);
      for (const a of answers) {
        // The first's answer, or "still running" while the first is under way: never a second payment.
        if (a.status === 201) expect(a.body.id).toBe(rows[0].id);
        else expect([a.status, a.body.error?.code]).toEqual([409, 'idempotency_in_progress']);
      }
      expect(answers.some((a) => a.status === 201)).toBe(true);
      // Retried later on either instance: the first answer again.
      for (const web of c.webs) {
        const r = await api(web.url, s.liveKey, 'POST', '/payments', body, { 'idempotency-key': key });
        expect(r.status).toBe(201);
        expect(r.headers.get('idempotent-replayed')).toBe('true');
        expect(((await r.json()) as { id: string }).id).toBe(rows[0].id);
      }
    });
  });

  describe('payment callbacks', () => {
    it('50 callbacks of one payment split across both instances credit it once; one webhook, one text', async () => {
      const s = await shop(c.db, { webhook: `${c.fakes.hooks.baseUrl}/hooks/${tag()}` });
      const { payment, query, mobile } = await paidAtBank(c.db, s.platform.id);
      const answers = await Promise.all(Array.from({ length: 50 }, (_, i) => fetch(`${c.at(i)}/pay/callback/sandbox${query}`, { redirect: 'manual' })));
      expect(answers.map((r) => r.status)).toEqual(Array(50).fill(303));
      const [p] = await c.db.select().from(payments).where(eq(payments.id, payment.id));
      expect(p.state).toBe('succeeded');
      expect(await postingsOf(c.db, payment.id)).toHaveLength(1);
      // One verify reached the bank: the claim kept the other 49 from asking.
      const verifies = await c.db
        .select({ n: count() })
        .from(paymentAttempts)
        .where(and(eq(paymentAttempts.paymentId, payment.id), eq(paymentAttempts.action, 'verify')));
      expect(verifies[0].n).toBe(1);
      const [bank] = await c.db.select().from(sandboxBankSessions).where(eq(sandboxBankSessions.token, p.gatewayToken!));
      expect(bank.verifyCalls).toBe(1);
      const [{ n: evs }] = await c.db.select({ n: count() }).from(webhookEvents).where(eq(webhookEvents.platformId, s.platform.id));
      expect(evs).toBe(1);
      await eventually('the webhook delivered', async () => c.fakes.hooks.about(payment.id).length > 0);
      await effectsSettled();
      expect(c.fakes.hooks.about(payment.id).map((h) => h.type)).toEqual(['payment.succeeded']);
      expect(c.fakes.sms.to(mobile!)).toHaveLength(1);
      expect(await ledgerViolations(c.db)).toEqual(clean);
    });
  });

  describe('jobs, with both workers up', () => {
    it.runIf(settlementDay)('the settlement run and the automatic payouts: once per platform', async () => {
      const s = await shop(c.db);
      const ids = [s.platform.id, ...(await morePlatforms(c.db, s.platform.id, 29))];
      const paid = await paidDaysAgo(c.db, ids, 2);
      const auto = ids.slice(0, 10);
      await c.db.insert(payoutSettings).values(auto.map((platformId) => ({ platformId, autoEnabled: true, autoKeep: 0n })));

      await fire(QUEUES.settlement, 4);
      await jobsDone(c.db, [QUEUES.settlement]);
      await fire(QUEUES.autoPayouts, 4);
      await jobsDone(c.db, [QUEUES.autoPayouts]);

      expect(await settledCount(paid)).toBe(paid.length);
      const moved = await settlementsOf(ids);
      expect(moved.size).toBe(ids.length);
      for (const id of ids) expect(moved.get(id)).toEqual({ postings: 1, moved: 2_000_000n });
      expect(await settlementMessages(ids)).toBe(ids.length);
      // The bank transfers: one automatic payout of each automatic platform, none of the others.
      const outs = await c.db.select({ platformId: payouts.platformId, amount: payouts.amount }).from(payouts).where(inArray(payouts.platformId, ids));
      expect(outs.map((o) => o.platformId).sort()).toEqual([...auto].sort());
      expect(outs.every((o) => o.amount === 2_000_000n)).toBe(true);
      expect(await ledgerViolations(c.db)).toEqual(clean);
    });

    it('event reminders: each sent once, as an inbox message and as a text', async () => {
      const m = await makeMerchant(c.db);
      const n = 25;
      const rows = await c.db
        .insert(events)
        .values(
          Array.from({ length: n }, (_, i) => ({
            userId: m.id,
            title: `scale reminder ${i}`,
            startsAt: new Date(Date.now() + 3600_000),
            remindMinutes: 60,
            remindAt: new Date(Date.now() - 1000),
            remindSms: true,
          })),
        )
        .returning({ id: events.id });
      // The minutely sweep on both workers, and each reminder's own job, all at once.
      await fire(QUEUES.reminders, 4);
      for (const r of rows.slice(0, 5)) await c.boss.send(QUEUES.reminder, { id: r.id });
      await jobsDone(c.db, [QUEUES.reminders, QUEUES.reminder]);
      const reminded = await c.db
        .select({ n: count() })
        .from(events)
        .where(
          and(
            inArray(
              events.id,
              rows.map((r) => r.id),
            ),
            isNotNull(events.remindedAt),
          ),
        );
      expect(reminded[0].n).toBe(n);
      const inbox = await c.db
        .select({ n: count() })
        .from(messages)
        .where(and(eq(messages.userId, m.id), eq(messages.template, 'eventReminder')));
      expect(inbox[0].n).toBe(n);
      await effectsSettled();
      // Its texts (the merchant may also get a broadcast running meanwhile).
      expect(c.fakes.sms.to(m.mobile).filter((t) => t.message.includes('scale reminder'))).toHaveLength(n);
    });

    it('a broadcast: one inbox message and one text per merchant', async () => {
      const staff = staffActorOf(await makeAdmin(c.db));
      const title = `scale broadcast ${tag()}`;
      const id = await createBroadcast(c.db, staff, { title, body: 'hello', link: null, sms: true, target: { kind: 'all' } });
      // And again from both workers, as a retry and a sweep would.
      await fire(QUEUES.broadcast, 2, { id });
      await jobsDone(c.db, [QUEUES.broadcast]);
      const [b] = await c.db.select().from(broadcasts).where(eq(broadcasts.id, id));
      expect(b.state).toBe('sent');
      const reached = await recipientsOf(id);
      expect(reached.length).toBe(b.recipients);
      expect(b.recipients).toBeGreaterThan(0);
      await effectsSettled();
      const texts = c.fakes.sms.containing(title);
      expect(texts).toHaveLength(b.recipients);
      expect(new Set(texts.map((t) => t.receptor))).toEqual(new Set(reached));
    });

    it('the janitor: each payment the bank did not answer is asked about and credited once', async () => {
      const s = await shop(c.db);
      const left = await inBatches(Array.from({ length: 16 }), 4, () => paidAtBank(c.db, s.platform.id, { unknown: true }));
      const ids = left.map((l) => l.payment.id);
      await fire(QUEUES.paymentsJanitor, 4);
      await eventually('every payment asked about', async () => (await statesOf(c.db, ids)).succeeded === ids.length, 90_000);
      await jobsDone(c.db, [QUEUES.paymentsJanitor]);
      for (const id of ids) expect(await postingsOf(c.db, id)).toHaveLength(1);
      const asked = await c.db
        .select({ id: paymentAttempts.paymentId, n: count() })
        .from(paymentAttempts)
        .where(and(inArray(paymentAttempts.paymentId, ids), eq(paymentAttempts.action, 'inquire')))
        .groupBy(paymentAttempts.paymentId);
      expect(asked.map((a) => a.n)).toEqual(Array(ids.length).fill(1));
      await effectsSettled();
      for (const l of left) expect(c.fakes.sms.to(l.mobile!)).toHaveLength(1);
      expect(await ledgerViolations(c.db)).toEqual(clean);
    });
  });
});

/** pg-boss's own expiry of jobs whose worker went away, which its supervisor runs every two minutes on jobs 15 minutes old. */
const failJobsByTimeout: (schema: string) => string = createRequire(import.meta.url)('pg-boss/src/plans.js').failJobsByTimeout;

/** The pg-boss job a dead worker held: still `active`, waiting for its expiry to be retried. */
async function jobState(id: string) {
  const [j] = await c.db.execute<{ state: string; retry_count: number; retry_limit: number }>(
    sql`select state, retry_count, retry_limit from pgboss.job where id = ${id}::uuid`,
  );
  return j;
}

/** Lets the 15 minutes of a dead worker's job pass for that job alone, and runs pg-boss's expiry: the job goes back to the queue. */
async function expireJob(id: string) {
  await c.db.execute(sql`update pgboss.job set started_on = now() - expire_in - interval '1 second' where id = ${id}::uuid`);
  await c.db.execute(sql.raw(failJobsByTimeout('pgboss')));
}

/** The worker whose connection is waiting on a lock in a statement like `pattern`. */
async function blockedWorker(pattern: string): Promise<number> {
  return eventually(
    `a worker blocked in ${pattern}`,
    async () => {
      const rows = await c.db.execute<{ client_port: number }>(sql`
        select client_port from pg_stat_activity
        where wait_event_type = 'Lock' and query ilike ${pattern} and pid <> pg_backend_pid()`);
      for (const r of rows) {
        const w = c.workerOfConnection(r.client_port);
        if (w >= 0) return w + 1;
      }
      return null;
    },
    60_000,
  ).then((w) => w - 1);
}

async function killWorkerMidSettlement() {
  const s = await shop(c.db);
  const ids = [s.platform.id, ...(await morePlatforms(c.db, s.platform.id, 59))];
  const paid = await paidDaysAgo(c.db, ids, 1);
  // The run settles platform after platform, a transaction each. Holding one platform's payments
  // stops it there, mid-run, with some platforms settled and that one's transaction open.
  const held = [...ids].sort()[Math.floor(ids.length / 2)];
  const reserved = c.db.$client.reserve();
  const hold = await reserved;
  await hold`begin`;
  await hold`select id from payments where platform_id = ${held} for update`;
  const jobId = (await c.boss.send(QUEUES.settlement, {}))!;
  const victim = await blockedWorker('update "payments" set "settled_at"%');
  const before = await settledCount(paid);
  await c.killWorker(victim);
  await hold`rollback`;
  hold.release();
  figures.push(`settlement killed after ${before} of ${paid.length} payments (worker ${victim + 1})`);

  const killedAt = Date.now();
  await c.startWorker(victim);
  // Nothing lost: the dead worker's job stops beating, expires after the settlement queue's expiry
  // (2 minutes) and goes back to the queue at the next maintenance (lib/jobs/boss.ts): another worker
  // finishes the run, not after pg-boss's default 15 minutes.
  expect((await jobState(jobId)).retry_limit).toBeGreaterThan(0);
  await eventually(
    'the retried run completed',
    async () => (await jobState(jobId))?.state === 'completed',
    (JOB_EXPIRE_SECONDS[QUEUES.settlement] + MAINTENANCE_SECONDS + 30) * 1000,
  );
  const resumedIn = (Date.now() - killedAt) / 1000;
  expect(resumedIn).toBeLessThan(JOB_EXPIRE_SECONDS[QUEUES.settlement] + MAINTENANCE_SECONDS + 30);
  expect((await jobState(jobId)).retry_count).toBe(1);
  figures.push(`settlement job of the killed worker retried and completed ${resumedIn.toFixed(1)} s after the kill`);

  expect(await settledCount(paid)).toBe(paid.length);
  const moved = await settlementsOf(ids);
  expect(moved.size).toBe(ids.length);
  for (const id of ids) expect(moved.get(id)).toEqual({ postings: 1, moved: 1_000_000n });
  expect(await settlementMessages(ids)).toBe(ids.length);
  expect(await ledgerViolations(c.db)).toEqual(clean);
}

async function killWorkerMidBroadcast() {
  // A few hundred more merchants for the fan-out.
  await c.db.execute(sql`
    insert into users (mobile, first_name, last_name, password_hash, role)
    select '0935' || lpad((${Math.floor(Math.random() * 900)} * 1000 + g)::text, 7, '0'), 'S', 'M', 'x', 'merchant'
    from generate_series(1, 300) g on conflict do nothing`);
  const staff = staffActorOf(await makeAdmin(c.db));
  const title = `scale fan-out ${tag()}`;
  // Composed a minute ago (the minutely sweep takes it too, as it would), its job sent below.
  const [b] = await c.db
    .insert(broadcasts)
    .values({ authorId: staff.userId, title, body: 'fan-out', sms: true, target: { kind: 'all' }, createdAt: new Date(Date.now() - 120_000) })
    .returning();
  const [held] = await c.db.execute<{ id: string }>(sql`select id from users where role = 'merchant' order by id offset 150 limit 1`);
  // One recipient's inbox row, written and not committed: the fan-out's INSERT waits on it, mid-way.
  const hold = await c.db.$client.reserve();
  await hold`begin`;
  await hold`insert into messages (user_id, broadcast_id, source, category, title, body) values (${held.id}, ${b.id}, 'staff', 'announcement', 'x', 'x')`;
  const jobId = (await c.boss.send(QUEUES.broadcast, { id: b.id }))!;
  const victim = await blockedWorker('%insert into messages (user_id, broadcast_id%');
  await c.killWorker(victim);
  await hold`rollback`;
  hold.release();

  await c.startWorker(victim);
  // Whoever runs it now (the sweep of the other worker may already have), the fan-out is all or nothing.
  const [{ n: early }] = await c.db.select({ n: count() }).from(messages).where(eq(messages.broadcastId, b.id));
  const [mid] = await c.db.select().from(broadcasts).where(eq(broadcasts.id, b.id));
  expect(mid.state === 'sent' ? early === mid.recipients : early === 0).toBe(true);
  // Both ways back: the minutely sweep (fired now) and pg-boss's retry of the dead worker's job.
  await fire(QUEUES.broadcastSweep, 2);
  if ((await jobState(jobId))?.state === 'active') await expireJob(jobId);
  await eventually('the broadcast job done', async () => (await jobState(jobId))?.state === 'completed', 60_000);
  await jobsDone(c.db, [QUEUES.broadcastSweep, QUEUES.broadcast]);

  const [after] = await c.db.select().from(broadcasts).where(eq(broadcasts.id, b.id));
  expect(after.state).toBe('sent');
  expect(after.recipients).toBeGreaterThan(300);
  const reached = await recipientsOf(b.id);
  expect(reached).toHaveLength(after.recipients);
  const [{ n: outbox }] = await c.db
    .select({ n: count() })
    .from(smsMessages)
    .where(like(smsMessages.body, `${title}%`));
  expect(outbox).toBe(after.recipients);
  await effectsSettled();
  const texts = c.fakes.sms.containing(title);
  expect(texts).toHaveLength(after.recipients);
  expect(new Set(texts.map((t) => t.receptor))).toEqual(new Set(reached));
  figures.push(`broadcast fan-out to ${after.recipients} merchants: kill -9 of worker ${victim + 1} mid-INSERT, then one message and one text each`);
}

describe('PostgreSQL', () => {
  it.runIf(!process.env.SCALE_DATABASE_URL)('PostgreSQL restarted under load: unhealthy, healthy again by itself, no committed payment lost', async () => {
    const s = await shop(c.db);
    // Enough platforms that the load stays under each one's rate limit.
    const platformIds = [s.platform.id, ...(await morePlatforms(c.db, s.platform.id, 11))];
    const keys = await Promise.all(platformIds.map(async (id) => (await createApiKey(c.db, id, 'live')).key));
    const committed: string[] = [];
    const seen: Record<string, number> = {};
    let stop = false;
    const loop = async (k: number) => {
      for (let i = 0; !stop; i++) {
        const key = keys[(k + i * 4) % keys.length];
        try {
          const r = await api(c.url, key, 'POST', '/payments', { amount: 120_000, order_id: `load-${k}-${i}-${tag()}`, callback_url: s.callbackUrl });
          seen[r.status] = (seen[r.status] ?? 0) + 1;
          if (r.status === 201) committed.push(((await r.json()) as { id: string }).id);
        } catch {
          seen.network = (seen.network ?? 0) + 1;
        }
        await pause(150);
      }
    };
    const loops = [0, 1, 2, 3].map(loop);
    await eventually('load running', async () => committed.length >= 10);
    const downAt = Date.now();
    await c.pg.stop();
    for (const web of c.webs) {
      const h = await fetch(`${web.url}/api/health`);
      expect(h.status, web.name).toBe(503);
    }
    await pause(1000);
    await c.pg.start();
    for (const web of c.webs) await eventually(`${web.name} healthy again`, async () => (await fetch(`${web.url}/api/health`)).ok, 60_000);
    const recovered = Date.now() - downAt;
    const okBefore = committed.length;
    await eventually('payments made again', async () => committed.length > okBefore + 4, 60_000);
    stop = true;
    await Promise.all(loops);

    // The outage answers 503 unavailable (retry), never 500.
    expect(seen['500'] ?? 0, JSON.stringify(seen)).toBe(0);
    const [{ n }] = await c.db.select({ n: count() }).from(payments).where(inArray(payments.id, committed));
    expect(n).toBe(committed.length);
    // The workers came back too: a job sent now is done.
    const [e] = await c.db
      .insert(events)
      .values({
        userId: s.merchant.id,
        title: 'after the restart',
        startsAt: new Date(Date.now() + 3600_000),
        remindAt: new Date(Date.now() - 1000),
        remindSms: false,
      })
      .returning();
    await c.boss.send(QUEUES.reminder, { id: e.id });
    await eventually('a job done after the restart', async () => (await c.db.select().from(events).where(eq(events.id, e.id)))[0].remindedAt !== null, 60_000);
    figures.push(
      `PostgreSQL restart: healthy again ${(recovered / 1000).toFixed(1)} s after it went down; ${committed.length} payments committed, answers ${JSON.stringify(seen)}`,
    );
  });
});

/** The web instance and the workers are killed at the same time here: none of the three scenarios touches another's processes. */
describe.concurrent('kill -9', () => {
  // Its own time: the killed worker's settlement job comes back only after the queue's expiry (120 s,
  // longer than any run, lib/jobs/boss.ts) plus a maintenance interval.
  it('of a worker in the middle of a settlement run, then of a broadcast fan-out: after restart nothing lost, nothing twice', async () => {
    if (settlementDay) await killWorkerMidSettlement();
    await killWorkerMidBroadcast();
  }, 360_000);

  it('of a web instance in the middle of a payment callback: the janitor completes it once the claim lapses, the payer sees it on the other instance, credited once', async () => {
    const s = await shop(c.db, { webhook: `${c.fakes.hooks.baseUrl}/hooks/${tag()}` });
    const mobile = uniqueMobile();
    const p = await createPayment(c.db, {
      platformId: s.platform.id,
      source: 'api',
      livemode: true,
      amount: 3_000_000n,
      payerMobile: mobile,
      callbackUrl: s.callbackUrl,
    });
    const started = await startPayment(c.db, p.id, 'paystar', c.url);
    expect(started.ok).toBe(true);
    const [row] = await c.db.select({ token: payments.gatewayToken }).from(payments).where(eq(payments.id, p.id));
    const callback = `/pay/callback/paystar?${new URLSearchParams(c.fakes.paystar.pay(row.token!, true))}`;
    const { paystar } = c.fakes;
    const verifies = () => paystar.requests.filter((r) => r.path === '/api/pardakht/verify').length;
    // The bank holds its answer to A's verify; A dies waiting for it.
    paystar.tweaks.verifyHang = true;
    const asked = verifies();
    const first = fetch(`${c.webs[0].url}${callback}`, { redirect: 'manual' }).then(
      (r) => r.status,
      () => 'dropped',
    );
    await eventually('A asking the bank', async () => verifies() > asked, 30_000);
    await c.killWeb(0);
    expect(await first).toBe('dropped');
    paystar.tweaks.verifyHang = false;

    // The payer reloads once on B (A's verify still holds the payment: not failed, not yet paid) and
    // leaves. The minutely janitor (fired here every two seconds) asks the bank as soon as A's claim
    // lapses, instead of 30 minutes on when the payer would count as gone.
    const killedAt = Date.now();
    const reload = async () => {
      const r = await fetch(`${c.webs[1].url}${callback}`, { redirect: 'manual' });
      expect(r.status).toBe(303);
      return new URL(r.headers.get('location')!).searchParams.get('status');
    };
    expect(await reload()).not.toBe('failed');
    await eventually(
      'the janitor completed it',
      async () => {
        await c.boss.send(QUEUES.paymentsJanitor, {});
        const [row] = await c.db.select({ state: payments.state }).from(payments).where(eq(payments.id, p.id));
        if (row.state === 'succeeded') return true;
        await pause(2000);
        return false;
      },
      90_000,
    );
    const completedIn = (Date.now() - killedAt) / 1000;
    const inquired = await c.db
      .select({ outcome: paymentAttempts.outcome })
      .from(paymentAttempts)
      .where(and(eq(paymentAttempts.paymentId, p.id), eq(paymentAttempts.action, 'inquire')));
    expect(inquired.map((i) => i.outcome)).toEqual(['paid']);
    // The claim is 30 s; the janitor took it within seconds of its lapse.
    expect(completedIn).toBeLessThan(50);
    expect(await reload()).toBe('succeeded');
    figures.push(`web instance killed mid-callback: the janitor completed the payment ${completedIn.toFixed(1)} s after the kill (its verify claim is 30 s)`);
    expect(await postingsOf(c.db, p.id)).toHaveLength(1);
    await eventually('the webhook delivered', async () => c.fakes.hooks.about(p.id).length > 0);
    await effectsSettled();
    expect(c.fakes.hooks.about(p.id).map((h) => h.type)).toEqual(['payment.succeeded']);
    expect(c.fakes.sms.to(mobile)).toHaveLength(1);
    expect(await ledgerViolations(c.db)).toEqual(clean);
  });
});
