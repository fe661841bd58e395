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
});
