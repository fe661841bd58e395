import { inArray } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { actorOf } from '@/lib/actor';
import { payments } from '@/db/schema';
import { createPayment } from '@/lib/payments';
import { testDb } from '@/test/db';
import { makePlatform } from '@/test/fixtures';
import { feesByPlatform, postingHistory } from './balances';
import { readFilters } from './filters';
import { fillDays, salesSummary } from './sales';
import { formatJDay } from './jalali';
import { postPaymentSucceeded } from '@/lib/ledger';

const db = testDb();

describe('sales summary', () => {
  it('counts successes and failures per product and per day, against the period before', async () => {
    const { merchant, platform } = await makePlatform(db);
    const make = async (at: string, state: 'succeeded' | 'failed' | 'canceled' | 'redirected', amount: bigint, product: string | null, refundedAmount = 0n) => {
      const p = await createPayment(db, { platformId: platform.id, source: 'api', livemode: true, amount });
      await db
        .update(payments)
        .set({ createdAt: new Date(at), state, product, refundedAmount })
        .where(inArray(payments.id, [p.id]));
    };
    // 1405/08/10 = 2026-11-01; the period 1405/08/10–1405/08/11 and the two days before it.
    await make('2026-11-01T06:00:00Z', 'succeeded', 100_000n, 'internet-1gb', 25_000n); // partly refunded
    await make('2026-11-01T07:00:00Z', 'succeeded', 50_000n, 'internet-1gb');
    await make('2026-11-01T08:00:00Z', 'failed', 70_000n, 'internet-1gb');
    await make('2026-11-02T20:00:00Z', 'succeeded', 30_000n, 'charge-mci-20k'); // 23:30 Tehran, still the 11th
    await make('2026-11-02T21:00:00Z', 'succeeded', 999n, 'charge-mci-20k'); // 00:30 Tehran on the 12th: outside
    await make('2026-11-01T09:00:00Z', 'redirected', 5_000n, null); // open: neither
    await make('2026-10-30T09:00:00Z', 'succeeded', 40_000n, 'internet-1gb'); // the period before
    await make('2026-10-31T09:00:00Z', 'canceled', 40_000n, 'internet-1gb');
    const r = readFilters({ from: '1405/08/10', to: '1405/08/11' });
    if (!r.ok) throw new Error();
    const s = await salesSummary(db, actorOf(merchant), r.filters);
    expect(s.current).toEqual({ succeeded: 3, sum: 180_000n, failed: 1, rate: 0.75, refunded: 25_000n, refundedCount: 1 });
    expect(s.previous).toEqual({ succeeded: 1, sum: 40_000n, failed: 1, rate: 0.5, refunded: 0n, refundedCount: 0 });
    expect(s.lines.find((l) => l.product === 'internet-1gb')).toMatchObject({ succeeded: 2, sum: 150_000n, failed: 1 });
    expect(s.lines.find((l) => l.product === 'charge-mci-20k')).toMatchObject({ succeeded: 1, sum: 30_000n, failed: 0, rate: 1 });
    expect(s.days.map((d) => [d.day.jd, d.succeeded, d.failed])).toEqual([
      [10, 2, 1],
      [11, 1, 0],
    ]);
    // Another merchant's summary of the same days is empty.
    const other = await makePlatform(db);
    expect((await salesSummary(db, actorOf(other.merchant), r.filters)).current.succeeded).toBe(0);
  });

  it('draws every day of the period, a quiet day as zero, not skipped', async () => {
    const { merchant, platform } = await makePlatform(db);
    const p = await createPayment(db, { platformId: platform.id, source: 'api', livemode: true, amount: 10_000n });
    // 1405/08/10 only; the 11th and 12th (month-end-free, same month) have nothing.
    await db
      .update(payments)
      .set({ createdAt: new Date('2026-11-01T06:00:00Z'), state: 'succeeded' })
      .where(inArray(payments.id, [p.id]));
    const r = readFilters({ from: '1405/08/09', to: '1405/08/12' });
    if (!r.ok) throw new Error();
    const s = await salesSummary(db, actorOf(merchant), r.filters);
    expect(s.days.map((d) => [formatJDay(d.day), d.succeeded, d.sum, d.rate])).toEqual([
      ['1405/08/09', 0, 0n, null],
      ['1405/08/10', 1, 10_000n, 1],
      ['1405/08/11', 0, 0n, null],
      ['1405/08/12', 0, 0n, null],
    ]);
    expect(s.preset).toBeNull();
  });

  it('fills a series across a month end and leaves an overlong one as it is', () => {
    const one = { day: { jy: 1405, jm: 7, jd: 30 }, succeeded: 2, sum: 5n, failed: 0, rate: 1 };
    const filled = fillDays({ jy: 1405, jm: 7, jd: 29 }, { jy: 1405, jm: 8, jd: 2 }, [one]);
    expect(filled.map((d) => formatJDay(d.day))).toEqual(['1405/07/29', '1405/07/30', '1405/08/01', '1405/08/02']);
    expect(filled[1]).toBe(one);
    expect(filled[0]).toEqual({ day: { jy: 1405, jm: 7, jd: 29 }, succeeded: 0, sum: 0n, failed: 0, rate: null });
    // A twelve-year range is not drawn day by day: only the days with payments.
    expect(fillDays({ jy: 1393, jm: 1, jd: 1 }, { jy: 1405, jm: 1, jd: 1 }, [one])).toEqual([one]);
  });

  it('names the preset it shows: this month when nothing is chosen', async () => {
    const { merchant } = await makePlatform(db);
    const r = readFilters({});
    if (!r.ok) throw new Error();
    const s = await salesSummary(db, actorOf(merchant), r.filters);
    expect(s.preset).toBe('thisMonth');
    expect(s.days.length).toBeGreaterThanOrEqual(29);
    expect(s.days.every((d) => d.succeeded === 0)).toBe(true);
  });

  it('has a line per source, phone payments (ivr) among them', async () => {
    const { merchant, platform } = await makePlatform(db);
    const make = async (source: 'api' | 'link' | 'ivr', state: 'succeeded' | 'failed', amount: bigint) => {
      const p = await createPayment(db, { platformId: platform.id, source, livemode: true, amount });
      await db
        .update(payments)
        .set({ createdAt: new Date('2026-11-01T06:00:00Z'), state })
        .where(inArray(payments.id, [p.id]));
    };
    await make('ivr', 'succeeded', 120_000n);
    await make('ivr', 'succeeded', 80_000n);
    await make('ivr', 'failed', 5_000n);
    await make('link', 'succeeded', 30_000n);
    const r = readFilters({ from: '1405/08/10', to: '1405/08/10', source: 'ivr' });
    const all = readFilters({ from: '1405/08/10', to: '1405/08/10' });
    if (!r.ok || !all.ok) throw new Error();
    const s = await salesSummary(db, actorOf(merchant), all.filters);
    expect(s.sources).toEqual([
      { source: 'ivr', succeeded: 2, sum: 200_000n, failed: 1, rate: 2 / 3 },
      { source: 'link', succeeded: 1, sum: 30_000n, failed: 0, rate: 1 },
    ]);
    // The report's source filter narrows the summary to phone payments.
    expect((await salesSummary(db, actorOf(merchant), r.filters)).current).toMatchObject({ succeeded: 2, sum: 200_000n, failed: 1 });
  });

  it('sums what fees cost per platform in a window, live successful payments only, the merchant’s own', async () => {
    const { merchant, platform } = await makePlatform(db);
    const make = async (at: string, state: 'succeeded' | 'failed', amount: bigint, fee: bigint, livemode = true) => {
      const p = await createPayment(db, { platformId: platform.id, source: 'api', livemode, amount });
      await db
        .update(payments)
        .set({ createdAt: new Date(at), state, fee })
        .where(inArray(payments.id, [p.id]));
    };
    await make('2026-11-01T06:00:00Z', 'succeeded', 100_000n, 1_000n);
    await make('2026-11-02T06:00:00Z', 'succeeded', 50_000n, 500n);
    await make('2026-11-02T07:00:00Z', 'failed', 70_000n, 700n); // failed: no fee taken
    await make('2026-11-02T08:00:00Z', 'succeeded', 70_000n, 700n, false); // test mode
    await make('2026-10-01T08:00:00Z', 'succeeded', 90_000n, 900n); // before the window
    const w = { start: new Date('2026-10-31T20:30:00Z'), end: new Date('2026-11-30T20:30:00Z') };
    expect(await feesByPlatform(db, actorOf(merchant), w)).toEqual([
      { platformId: platform.id, name: platform.name, count: 2, volume: 150_000n, charged: 1_500n, returned: 0n },
    ]);
    const other = await makePlatform(db);
    expect(await feesByPlatform(db, actorOf(other.merchant), w)).toEqual([]);
  });

  it("lists a merchant's own ledger lines only, newest first", async () => {
    const { merchant, platform } = await makePlatform(db);
    const p = await createPayment(db, { platformId: platform.id, source: 'api', livemode: true, amount: 10_000n });
    await db.transaction((tx) => postPaymentSucceeded(tx, { paymentId: p.id, platformId: platform.id, amount: 10_000n, fee: 100n }));
    const h = await postingHistory(db, actorOf(merchant), {});
    expect(h.rows.map((r) => [r.kind, r.account, r.amount])).toEqual([['payment_succeeded', 'platform_pending', 9_900n]]);
    const other = await makePlatform(db);
    expect((await postingHistory(db, actorOf(other.merchant), { platform: platform.id })).rows).toEqual([]);
  });
});
