import { randomInt, randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { depositSlips, payments } from '@/db/schema';
import { createPayment } from '@/lib/payments';
import { toPersianDigits } from '@/lib/date/format';
import { testDb, uniqueMobile } from '@/test/db';
import { makeAdmin, makePlatform, merchantActorOf, staffActorOf } from '@/test/fixtures';
import { probesOf, readTerm, SEARCH_LIMIT, searchPayments } from '.';

const db = testDb();

describe('readTerm and probesOf', () => {
  it('normalises Persian digits and marks, refuses empty, long and control input', () => {
    expect(readTerm(' ۰۹۱۲۱۲۳۴۵۶۷\u200f ')).toBe('09121234567');
    expect(readTerm('٤٥٦٧')).toBe('4567');
    for (const bad of ['', '   ', '\u200e', 'a\u0000b', 'x'.repeat(65), undefined, 42, ['1234']]) expect(readTerm(bad)).toBeNull();
  });

  it('detects what a term may be', () => {
    const kinds = (t: string) => probesOf(t).map((p) => `${p.kind}:${p.value}`);
    expect(kinds('12345678901')).toEqual(expect.arrayContaining(['tracking:12345678901', 'order:12345678901', 'reference:12345678901']));
    expect(kinds('0912 123 4567')).toEqual(expect.arrayContaining(['mobile:09121234567', 'order:0912 123 4567', 'order:09121234567']));
    expect(kinds('09121234567')).not.toContain('tracking:09121234567');
    expect(kinds('1234')).toEqual(expect.arrayContaining(['card:1234', 'order:1234']));
    expect(kinds('*1234')).toContain('card:1234');
    expect(kinds('603799******1234')).toContain('card:1234');
    expect(kinds('12345')).not.toContain('card:2345');
    expect(kinds('INV-42')).toEqual(['order:INV-42', 'reference:INV-42', 'slip:INV-42']);
  });
});

describe('searchPayments', () => {
  let a: Awaited<ReturnType<typeof makePlatform>>;
  let b: Awaited<ReturnType<typeof makePlatform>>;
  let staff: Awaited<ReturnType<typeof makeAdmin>>;
  const shared = `ord-${randomUUID().slice(0, 8)}`;
  const mobile = uniqueMobile();
  const ref = `9${String(randomInt(1e9, 1e10))}`;
  const last4 = String(randomInt(0, 10_000)).padStart(4, '0');
  const slipNo = `SL${randomInt(1e6, 1e7)}`;
  let pa: { id: string; trackingCode: string };
  let pb: { id: string; trackingCode: string };
  let slip: { id: string };

  beforeAll(async () => {
    [a, b, staff] = await Promise.all([makePlatform(db), makePlatform(db), makeAdmin(db)]);
    // The same order id, mobile, bank reference and card's last four at two merchants.
    const make = async (platformId: string, source: 'link' | 'api') => {
      const p = await createPayment(db, { platformId, source, livemode: true, amount: 150_000n, orderId: shared, payerMobile: mobile });
      await db
        .update(payments)
        .set({ state: 'succeeded', gatewayRef: ref, cardMasked: `603799******${last4}`, gateway: 'sandbox' })
        .where(eq(payments.id, p.id));
      return p;
    };
    pa = await make(a.platform.id, 'link');
    pb = await make(b.platform.id, 'api');
    const s = await createPayment(db, {
      platformId: b.platform.id,
      source: 'link',
      method: 'slip',
      livemode: true,
      amount: 90_000n,
      state: 'awaiting_confirmation',
    });
    await db.insert(depositSlips).values({ paymentId: s.id, bank: 'melli', slipNumber: slipNo, depositDate: '2026-11-30' });
    slip = s;
  });

  const ids = async (actor: Parameters<typeof searchPayments>[1], term: string) => (await searchPayments(db, actor, term)).hits.map((h) => h.id);

  it('finds a merchant’s own payment by each kind of term, Persian digits included', async () => {
    const me = merchantActorOf(a.merchant);
    expect(await ids(me, pa.trackingCode)).toEqual([pa.id]);
    expect(await ids(me, toPersianDigits(pa.trackingCode))).toEqual([pa.id]);
    expect(await ids(me, shared)).toEqual([pa.id]);
    expect(await ids(me, mobile)).toEqual([pa.id]);
    expect(await ids(me, toPersianDigits(`${mobile.slice(0, 4)} ${mobile.slice(4, 7)} ${mobile.slice(7)}`))).toEqual([pa.id]);
    expect(await ids(me, ref)).toEqual([pa.id]);
    expect(await ids(me, last4)).toEqual([pa.id]);
    const hit = (await searchPayments(db, me, pa.trackingCode)).hits[0];
    expect(hit).toMatchObject({
      trackingCode: pa.trackingCode,
      amount: 150_000n,
      state: 'succeeded',
      source: 'link',
      merchantName: null,
      matched: ['tracking'],
    });
  });

  it('finds a deposit slip by its number', async () => {
    const me = merchantActorOf(b.merchant);
    const r = await searchPayments(db, me, slipNo);
    expect(r.hits.map((h) => h.id)).toEqual([slip.id]);
    expect(r.hits[0]).toMatchObject({ method: 'slip', slipNumber: slipNo, matched: ['slip'] });
  });

  it('never shows a merchant another merchant’s payment, whatever the term (hostile)', async () => {
    const me = merchantActorOf(a.merchant);
    for (const term of [pb.trackingCode, slipNo, toPersianDigits(pb.trackingCode), `${pb.trackingCode} `]) expect(await ids(me, term)).toEqual([]);
    for (const term of [shared, mobile, ref, last4]) expect(await ids(me, term)).not.toContain(pb.id);
    // A merchant with no platform finds nothing, not everyone's.
    const { makeMerchant } = await import('@/test/fixtures');
    const none = merchantActorOf(await makeMerchant(db));
    for (const term of [pa.trackingCode, shared, mobile, ref, last4]) expect(await ids(none, term)).toEqual([]);
  });

  it('lets staff find everyone’s, with the merchant named', async () => {
    const st = staffActorOf(staff);
    expect(await ids(st, pb.trackingCode)).toEqual([pb.id]);
    expect(new Set(await ids(st, shared))).toEqual(new Set([pa.id, pb.id]));
    // A payer's mobile is not unique across the test files running at once (another file's payment may share it).
    expect(await ids(st, mobile)).toEqual(expect.arrayContaining([pa.id, pb.id]));
    expect(new Set(await ids(st, ref))).toEqual(new Set([pa.id, pb.id]));
    expect(await ids(st, last4)).toEqual(expect.arrayContaining([pa.id, pb.id]));
    expect(await ids(st, slipNo)).toEqual([slip.id]);
    const [hit] = (await searchPayments(db, st, pb.trackingCode)).hits;
    expect(hit.merchantName).toBe('M T');
  });

  it('answers nothing for an empty or unusable term, and caps the results', async () => {
    const st = staffActorOf(staff);
    expect(await searchPayments(db, st, '   ')).toEqual({ term: null, hits: [] });
    expect(await searchPayments(db, st, 'nothing-like-this-exists')).toMatchObject({ hits: [] });
    const many = `bulk-${randomUUID().slice(0, 8)}`;
    for (let i = 0; i < SEARCH_LIMIT + 3; i++) {
      await createPayment(db, {
        platformId: a.platform.id,
        source: 'api',
        livemode: true,
        amount: 10_000n,
        orderId: `${many}-${i}`,
        payerMobile: '09350000000',
      });
    }
    const r = await searchPayments(db, merchantActorOf(a.merchant), '09350000000');
    expect(r.hits).toHaveLength(SEARCH_LIMIT);
    // Newest first.
    const times = r.hits.map((h) => h.createdAt.getTime());
    expect([...times].sort((x, y) => y - x)).toEqual(times);
  });
});
