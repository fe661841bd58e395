import { describe, expect, it, vi } from 'vitest';
import { eq } from 'drizzle-orm';
import { payments } from '@/db/schema';
import { POST as postPayment } from '@/app/api/v1/payments/route';
import { apiRequest } from '@/test/api';
import { testDb } from '@/test/db';
import { makePlatform } from '@/test/fixtures';

const codes: string[] = [];
vi.mock('@/lib/payments/tracking', async (orig) => {
  const real = await orig<typeof import('@/lib/payments/tracking')>();
  return { ...real, generateTrackingCode: () => codes.shift() ?? real.generateTrackingCode() };
});

const db = testDb();
const send = apiRequest('http://dargah.test/api/v1');

describe('a taken tracking code inside an Idempotency-Key transaction', () => {
  it('draws another code with or without a key (the failed INSERT aborted the keyed transaction: a 500)', async () => {
    process.env.API_RATE_LIMIT_PER_MINUTE = '100000';
    const { key, platform } = await makePlatform(db, {
      type: 'website',
      name: 'Coll shop',
      address: 'https://coll.example',
      expectedMonthlyVolume: '1000000',
      callbackUrls: ['https://coll.example/r'],
    });
    const b = (o: string) => ({ amount: 150000, order_id: o, callback_url: 'https://coll.example/r' });
    const first = await postPayment(send('POST', '/payments', key, b(`c1-${Date.now()}`)));
    expect(first.status).toBe(201);
    const [p] = await db.select().from(payments).where(eq(payments.platformId, platform.id));
    // The next payment's first tracking code is taken (1 in ~9e9 per existing payment; ~1e-3 per call at 10M payments).
    codes.push(p.trackingCode);
    const plain = await postPayment(send('POST', '/payments', key, b(`c2-${Date.now()}`)));
    codes.push(p.trackingCode);
    const keyed = await postPayment(send('POST', '/payments', key, b(`c3-${Date.now()}`), { 'idempotency-key': `rev-coll-${Date.now()}` }));
    expect(plain.status).toBe(201);
    expect(keyed.status).toBe(201);
  });
});
