import { drizzle } from 'drizzle-orm/postgres-js';
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { POST as postPayment } from '@/app/api/v1/payments/route';
import * as schema from '@/db/schema';
import { apiRequest } from '@/test/api';
import { testDb } from '@/test/db';
import { makePlatform } from '@/test/fixtures';
import { flushRequestLog } from './request-log';

/**
 * How many statements one API call sends to PostgreSQL (issue 22: the hot path was about ten).
 * The route handlers take their pool from getDb(); here that pool logs every statement it sends.
 */
const db = testDb();
const sent: string[] = [];
const client = postgres(process.env.DATABASE_URL!, { max: 4, onnotice: () => {}, prepare: true, debug: (_c, query) => sent.push(query) });
const g = globalThis as unknown as { __dargahDb?: unknown };
let before: unknown;

beforeAll(() => {
  process.env.PUBLIC_BASE_URL = 'http://dargah.test';
  before = g.__dargahDb;
  g.__dargahDb = { db: drizzle(client, { schema, casing: 'snake_case' }), client };
});
afterAll(async () => {
  g.__dargahDb = before;
  await client.end({ timeout: 5 });
});

describe('round trips of an API call', () => {
  it('creates a payment in two statements, the request log written later in a batch', async () => {
    const { key } = await makePlatform(db, {
      type: 'website',
      name: 'Round trips',
      address: 'https://trips.example',
      expectedMonthlyVolume: '1000000',
      callbackUrls: ['https://trips.example/return'],
    });
    const call = (order: string) =>
      postPayment(
        apiRequest('http://dargah.test/api/v1')('POST', '/payments', key, { amount: 150000, order_id: order, callback_url: 'https://trips.example/return' }),
      );
    expect((await call('warm')).status).toBe(201);
    await flushRequestLog();
    sent.length = 0;
    const res = await call('counted');
    expect(res.status).toBe(201);
    // The key, platform, allow-list, last use and rate limit in one statement; the payment in another.
    expect(sent).toHaveLength(2);
    expect(sent[0]).toMatch(/with found as/);
    expect(sent[1]).toMatch(/insert into "payments"/);
    await flushRequestLog();
    expect(sent).toHaveLength(3);
    expect(sent[2]).toMatch(/insert into "api_request_log"/);
  });

  it('with an Idempotency-Key: the claim, the payment and the answer kept in one transaction, one statement each', async () => {
    const { key } = await makePlatform(db, {
      type: 'website',
      name: 'Round trips idem',
      address: 'https://trips-idem.example',
      expectedMonthlyVolume: '1000000',
      callbackUrls: ['https://trips-idem.example/return'],
    });
    const call = (order: string) =>
      postPayment(
        apiRequest('http://dargah.test/api/v1')(
          'POST',
          '/payments',
          key,
          { amount: 150000, order_id: order, callback_url: 'https://trips-idem.example/return' },
          { 'idempotency-key': `idem-${order}` },
        ),
      );
    expect((await call('warm')).status).toBe(201);
    await flushRequestLog();
    sent.length = 0;
    expect((await call('counted')).status).toBe(201);
    // The expired record is taken over by the claim itself: no DELETE before it. A crash anywhere
    // before the COMMIT leaves nothing (lib/api/idempotency.test.ts). The claim alone waits at most
    // 500 ms for a same-key request (then 409 in progress): its lock_timeout is set before it and
    // put back for the handler, two short statements a keyed call pays for not holding a pooled
    // connection behind another's whole handler.
    expect(sent.map((q) => q.trim().split(/\s+/).slice(0, 3).join(' ').toLowerCase())).toEqual([
      'with found as',
      'begin',
      "select set_config('lock_timeout', $1,",
      'insert into "idempotency_keys"',
      'set local lock_timeout',
      'insert into "payments"',
      'update "idempotency_keys" set',
      'commit',
    ]);
  });

  it('sends both as prepared statements: parsed once per connection, not on every call', async () => {
    const { key } = await makePlatform(db, {
      type: 'website',
      name: 'Prepared',
      address: 'https://prepared.example',
      expectedMonthlyVolume: '1000000',
      callbackUrls: ['https://prepared.example/return'],
    });
    // One connection, so the statements it keeps are the ones these calls made.
    const one = postgres(process.env.DATABASE_URL!, { max: 1, onnotice: () => {}, prepare: true });
    const swapped = g.__dargahDb;
    g.__dargahDb = { db: drizzle(one, { schema, casing: 'snake_case' }), client: one };
    try {
      for (const order of ['p1', 'p2', 'p3']) {
        const res = await postPayment(
          apiRequest('http://dargah.test/api/v1')('POST', '/payments', key, {
            amount: 150000,
            order_id: order,
            callback_url: 'https://prepared.example/return',
          }),
        );
        expect(res.status).toBe(201);
      }
      const kept = await one`select statement from pg_prepared_statements`;
      // One of each, whatever the number of calls (a statement whose text changed would add one a call).
      expect(kept.filter((r) => /with found as/.test(r.statement as string))).toHaveLength(1);
      expect(kept.filter((r) => /insert into "payments"/.test(r.statement as string))).toHaveLength(1);
    } finally {
      g.__dargahDb = swapped;
      await one.end({ timeout: 5 });
    }
  });
});
