import { and, eq } from 'drizzle-orm';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { POST as postRefund } from '@/app/api/v1/payments/[id]/refunds/route';
import { POST as postLink } from '@/app/api/v1/payment-links/route';
import { POST as postPayment } from '@/app/api/v1/payments/route';
import { POST as postPayout } from '@/app/api/v1/payouts/route';
import { auditEvents, idempotencyKeys, oneOffLinks, paymentAttempts, payments, payouts, refunds } from '@/db/schema';
import { audit } from '@/lib/audit';
import { ledgerViolations, platformBalances } from '@/lib/ledger';
import { fundedMerchant } from '@/lib/payouts/fixtures';
import { decidePlatform, issueLiveKey } from '@/lib/platforms';
import { paidPayment } from '@/lib/refunds/fixtures';
import { apiRequest } from '@/test/api';
import { testDb } from '@/test/db';
import { makeAdmin, makePlatform, staffActorOf } from '@/test/fixtures';
import { dyingKey, installCrashTrigger } from '@/test/idempotency-crash';
import { ApiError, apiRoute, json } from './http';

/**
 * An Idempotency-Key must never stay stuck, nor make an effect twice, when the process dies in the
 * middle of its request. A death is simulated at the last step, once the handler's effects are made
 * and before its answer is stored (test/idempotency-crash.ts). The retry must succeed, with one effect.
 */

const db = testDb();
const BASE = 'http://dargah.test/api/v1';
const send = apiRequest(BASE);
let n = 0;
const fresh = (what: string) => `${what}-${Date.now()}-${n++}`;

beforeAll(async () => {
  process.env.API_RATE_LIMIT_PER_MINUTE = '100000';
  process.env.PUBLIC_BASE_URL ??= 'https://portal.dargah.example';
  await installCrashTrigger(db);
});
afterAll(async () => {
  delete process.env.API_RATE_LIMIT_PER_MINUTE;
});
afterEach(async () => {
  expect(await ledgerViolations(db)).toEqual({ unbalanced: [], drifted: [], negative: [] });
});

const dying = (what: string) => dyingKey(db, what);

async function keyRows(idem: string) {
  return db.select().from(idempotencyKeys).where(eq(idempotencyKeys.idempotencyKey, idem));
}

describe('each money route after a death before its answer was stored', () => {
  it('POST /payments: the retry makes the one payment; twenty at once with one key make one and answer it alike', async () => {
    const { key, platform } = await makePlatform(db, {
      type: 'website',
      name: 'Idem shop',
      address: 'https://idem.example',
      expectedMonthlyVolume: '1000000',
      callbackUrls: ['https://idem.example/return'],
    });
    const body = { amount: 150000, order_id: fresh('order'), callback_url: 'https://idem.example/return' };
    const idem = await dying('payment');
    const call = (k = idem, b: object = body) => postPayment(send('POST', '/payments', key, b, { 'idempotency-key': k }));
    expect((await call()).status).toBe(500);
    expect(await keyRows(idem)).toEqual([]);
    expect(await db.select().from(payments).where(eq(payments.platformId, platform.id))).toEqual([]);
    const retry = await call();
    expect(retry.status).toBe(201);
    const made = await retry.json();
    const [again] = await Promise.all([call()]);
    expect(await again.json()).toEqual(made);
    expect(await db.select().from(payments).where(eq(payments.platformId, platform.id))).toHaveLength(1);

    // Twenty at once: one payment. The others waited for the first's commit and replay its answer,
    // or (past the short wait on the key) are told it is still running, with nothing kept.
    const burst = { ...body, order_id: fresh('burst') };
    const k2 = fresh('burst-key');
    const answers = await Promise.all(Array.from({ length: 20 }, () => call(k2, burst)));
    const bodies = await Promise.all(answers.map((r) => r.json()));
    const made201 = answers.flatMap((r, i) => (r.status === 201 ? [{ replayed: r.headers.get('idempotent-replayed') === 'true', body: bodies[i] }] : []));
    expect(made201.filter((a) => !a.replayed)).toHaveLength(1);
    expect(new Set(made201.map((a) => a.body.id)).size).toBe(1);
    const busy = bodies.filter((_b, i) => answers[i].status !== 201);
    expect(busy.map((b) => b.error.code)).toEqual(Array(busy.length).fill('idempotency_in_progress'));
    // Once the first is done, every retry replays it.
    const late = await call(k2, burst);
    expect([late.status, late.headers.get('idempotent-replayed'), (await late.json()).id]).toEqual([201, 'true', made201[0].body.id]);
    expect(await db.select().from(payments).where(eq(payments.platformId, platform.id))).toHaveLength(2);
    expect((await keyRows(k2)).map((r) => r.state)).toEqual(['done']);
  });

  it('POST /payment-links: the retry makes the one link', async () => {
    const { key, platform } = await makePlatform(db);
    const idem = await dying('link');
    const call = () => postLink(send('POST', '/payment-links', key, { amount: 90000, description: 'one link' }, { 'idempotency-key': idem }));
    const links = () => db.select().from(oneOffLinks).where(eq(oneOffLinks.platformId, platform.id));
    expect((await call()).status).toBe(500);
    expect(await links()).toEqual([]);
    const retry = await call();
    expect(retry.status).toBe(201);
    expect((await (await call()).json()).id).toBe((await retry.json()).id);
    expect(await links()).toHaveLength(1);
  });

  it('POST /payments/{id}/refunds: the retry makes the one refund, and the bank is asked once', async () => {
    const made = await paidPayment(db, { amount: 1_000_000n, fee: 10_000n });
    const staff = staffActorOf(await makeAdmin(db));
    expect((await decidePlatform(db, staff, { platformId: made.platform.id, approve: true })).ok).toBe(true);
    const live = await issueLiveKey(db, made.actor, { platformId: made.platform.id });
    if (!live.ok) throw new Error(live.error);
    const idem = await dying('refund');
    const call = () =>
      postRefund(send('POST', `/payments/${made.payment.id}/refunds`, live.data.key, { amount: 400_000, reason: 'returned' }, { 'idempotency-key': idem }));
    const before = await platformBalances(db, made.platform.id);
    expect((await call()).status).toBe(500);
    expect(await keyRows(idem)).toEqual([]);
    expect(await db.select().from(refunds).where(eq(refunds.paymentId, made.payment.id))).toEqual([]);
    expect(await platformBalances(db, made.platform.id)).toEqual(before);
    const bankCalls = () =>
      db
        .select()
        .from(paymentAttempts)
        .where(and(eq(paymentAttempts.paymentId, made.payment.id), eq(paymentAttempts.action, 'refund')));
    expect(await bankCalls()).toEqual([]);
    const retry = await call();
    expect(retry.status).toBe(201);
    const body = await retry.json();
    // The bank answered after the commit, and that answer is the one given and kept.
    expect(body).toMatchObject({ amount: '400000', state: 'succeeded', method: 'gateway' });
    const replay = await call();
    expect(replay.headers.get('idempotent-replayed')).toBe('true');
    expect(await replay.json()).toEqual(body);
    expect(await db.select().from(refunds).where(eq(refunds.paymentId, made.payment.id))).toHaveLength(1);
    expect(await bankCalls()).toHaveLength(1);
    expect(await platformBalances(db, made.platform.id)).toEqual({ pending: before.pending - 400_000n, withdrawable: before.withdrawable });
  });

  it('POST /payouts: the retry makes the one payout, the balance taken once', async () => {
    const { actor, account, ...made } = await fundedMerchant(db, 1_000_000n);
    const staff = staffActorOf(await makeAdmin(db));
    expect((await decidePlatform(db, staff, { platformId: made.platform.id, approve: true })).ok).toBe(true);
    const live = await issueLiveKey(db, actor, { platformId: made.platform.id });
    if (!live.ok) throw new Error(live.error);
    const idem = await dying('payout');
    const call = () => postPayout(send('POST', '/payouts', live.data.key, { amount: '300000', bank_account_id: account.id }, { 'idempotency-key': idem }));
    expect((await call()).status).toBe(500);
    expect(await keyRows(idem)).toEqual([]);
    expect(await db.select().from(payouts).where(eq(payouts.platformId, made.platform.id))).toEqual([]);
    expect(await platformBalances(db, made.platform.id)).toEqual({ pending: 0n, withdrawable: 1_000_000n });
    const retry = await call();
    expect(retry.status).toBe(201);
    const replay = await call();
    expect(await replay.json()).toEqual(await retry.json());
    expect(await db.select().from(payouts).where(eq(payouts.platformId, made.platform.id))).toHaveLength(1);
    expect(await platformBalances(db, made.platform.id)).toEqual({ pending: 0n, withdrawable: 700_000n });
  });
});

describe('a request that dies before its answer is stored', () => {
  let effects = 0;
  // An effect (an audit event) and a counter, as the money endpoints make a row.
  const create = apiRoute({ auth: true }, async ({ req, db: d, actor }) => {
    const body = (await req.json()) as { note: string };
    await audit(d, actor, { action: 'test.idem', objectType: 'test-idem', objectId: actor!.platformId, after: { note: body.note } });
    effects++;
    return json(201, { note: body.note, n: effects });
  });
  const effectRows = (platformId: string) =>
    db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.objectType, 'test-idem'), eq(auditEvents.objectId, platformId)));

  it('the store step failing leaves no key and no effect; the retry runs once, then replays', async () => {
    const { key, platform } = await makePlatform(db);
    const idem = await dying('generic');
    const call = () => create(send('POST', '/things', key, { note: 'a' }, { 'idempotency-key': idem }));
    const died = await call();
    expect(died.status).toBe(500);
    expect(await keyRows(idem)).toEqual([]);
    expect(await effectRows(platform.id)).toEqual([]);
    const retry = await call();
    expect(retry.status).toBe(201);
    const replay = await call();
    expect(replay.headers.get('idempotent-replayed')).toBe('true');
    expect(await replay.json()).toEqual(await retry.json());
    expect(await effectRows(platform.id)).toHaveLength(1);
    expect((await keyRows(idem)).map((r) => r.state)).toEqual(['done']);
  });

  it('a refusal is kept and replayed, but a 503 is not: the retry with the same key runs', async () => {
    const { key, platform } = await makePlatform(db);
    const refuse = apiRoute({ auth: true }, async ({ req, db: d, actor }) => {
      const body = (await req.json()) as { note: string; status: number };
      await audit(d, actor, { action: 'test.idem', objectType: 'test-idem', objectId: actor!.platformId, after: { note: body.note } });
      if (unavailable) throw new ApiError(503, 'upstream_unavailable', 'not reachable right now; retry with the same Idempotency-Key');
      throw new ApiError(409, 'not_paid', 'refused');
    });
    let unavailable = true;
    const idem = fresh('refusal');
    const call = () => refuse(send('POST', '/things', key, { note: 'r' }, { 'idempotency-key': idem }));
    expect((await call()).status).toBe(503);
    expect(await keyRows(idem)).toEqual([]);
    unavailable = false;
    const refused = await call();
    expect(refused.status).toBe(409);
    expect(refused.headers.get('idempotent-replayed')).toBeNull();
    const replay = await call();
    expect([replay.status, replay.headers.get('idempotent-replayed'), (await replay.json()).error.code]).toEqual([409, 'true', 'not_paid']);
    // A refusal's writes are rolled back: nothing half done.
    expect(await effectRows(platform.id)).toEqual([]);
  });

  it('a same-key request while a slow first one runs is answered 409 at once, not after the first', async () => {
    const { key } = await makePlatform(db);
    let release!: () => void;
    const held = new Promise<void>((r) => (release = r));
    setTimeout(() => release(), 5000);
    const slow = apiRoute({ auth: true }, async ({ req, db: d, actor }) => {
      const body = (await req.json()) as { note: string };
      await audit(d, actor, { action: 'test.idem', objectType: 'test-idem', objectId: actor!.platformId, after: { note: body.note } });
      await held;
      return json(201, { note: body.note });
    });
    const idem = fresh('slow');
    const call = () => slow(send('POST', '/things', key, { note: 's' }, { 'idempotency-key': idem }));
    const first = call();
    await new Promise((r) => setTimeout(r, 300));
    const t0 = performance.now();
    const second = await call();
    const waited = performance.now() - t0;
    expect([second.status, (await second.json()).error.code, second.headers.get('retry-after')]).toEqual([409, 'idempotency_in_progress', '1']);
    expect(waited).toBeLessThan(2000);
    release();
    expect((await first).status).toBe(201);
    const replay = await call();
    expect([replay.status, replay.headers.get('idempotent-replayed')]).toEqual([201, 'true']);
  });

  it('a record older than 24 hours no longer counts; another body within them is 422', async () => {
    const { key, platform } = await makePlatform(db);
    const idem = fresh('ttl');
    expect((await create(send('POST', '/things', key, { note: 'old' }, { 'idempotency-key': idem }))).status).toBe(201);
    const reused = await create(send('POST', '/things', key, { note: 'new' }, { 'idempotency-key': idem }));
    expect([reused.status, (await reused.json()).error.code]).toEqual([422, 'idempotency_key_reused']);
    await db
      .update(idempotencyKeys)
      .set({ createdAt: new Date(Date.now() - 24 * 3600_000 - 60_000) })
      .where(eq(idempotencyKeys.idempotencyKey, idem));
    const after = await create(send('POST', '/things', key, { note: 'new' }, { 'idempotency-key': idem }));
    expect(after.status).toBe(201);
    expect(after.headers.get('idempotent-replayed')).toBeNull();
    expect(await after.json()).toMatchObject({ note: 'new' });
    expect(await effectRows(platform.id)).toHaveLength(2);
    const [row] = await keyRows(idem);
    expect(row.createdAt.getTime()).toBeGreaterThan(Date.now() - 60_000);
  });

  // Not simulated here: the server ending the request's connection mid-transaction. postgres.js
  // 3.4.9 then threw outside any promise and ended the process; the vendored patch and its test
  // (vendor/postgres/PATCHED.md, db/connection-loss.test.ts) cover that. The store step failing
  // (above) takes the same rollback path.
});
