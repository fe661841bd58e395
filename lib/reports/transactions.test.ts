import { eq, inArray } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { actorOf } from '@/lib/actor';
import { payments } from '@/db/schema';
import { createPayment } from '@/lib/payments';
import { testDb } from '@/test/db';
import { makePlatform } from '@/test/fixtures';
import { readFilters } from './filters';
import { instantRange, jdayOf, parseJalaliDay, presetRange, startOfJDay } from './jalali';
import { PAGE, transactionDetail, transactionPage, transactionTotals } from './transactions';

const db = testDb();

const filters = (q: Record<string, string>) => {
  const r = readFilters(q);
  if (!r.ok) throw new Error(JSON.stringify(r.errors));
  return r.filters;
};

async function seeded(n: number, at: Date, over: Partial<typeof payments.$inferInsert> = {}) {
  const { merchant, platform } = await makePlatform(db);
  const ids: string[] = [];
  for (let i = 0; i < n; i++) {
    const p = await createPayment(db, { platformId: platform.id, source: 'api', livemode: true, amount: BigInt(1000 + i), orderId: `o-${i}` });
    ids.push(p.id);
  }
  await db
    .update(payments)
    .set({ createdAt: at, ...over })
    .where(inArray(payments.id, ids));
  return { merchant, platform, ids };
}

describe('Jalali days', () => {
  it('starts days at 00:00 Tehran and knows the leap year 1403', () => {
    expect(startOfJDay({ jy: 1405, jm: 9, jd: 2 }).toISOString()).toBe('2026-11-22T20:30:00.000Z');
    expect(jdayOf(new Date('2026-11-22T20:29:59Z'))).toEqual({ jy: 1405, jm: 9, jd: 1 });
    expect(jdayOf(new Date('2026-11-22T20:30:00Z'))).toEqual({ jy: 1405, jm: 9, jd: 2 });
    expect(parseJalaliDay('1403/12/30')).toEqual({ jy: 1403, jm: 12, jd: 30 });
    expect(parseJalaliDay('1404/12/30')).toBeNull();
    expect(parseJalaliDay('۱۴۰۵/۰۷/۳۰')).toEqual({ jy: 1405, jm: 7, jd: 30 });
    expect(parseJalaliDay('1405/07/31')).toBeNull();
    // Esfand of the leap year 1403 has 30 days; the month after starts on 1 Farvardin 1404.
    const esfand = instantRange({ jy: 1403, jm: 12, jd: 1 }, { jy: 1403, jm: 12, jd: 30 });
    expect((esfand.end.getTime() - esfand.start.getTime()) / 86_400_000).toBe(30);
    expect(jdayOf(esfand.end)).toEqual({ jy: 1404, jm: 1, jd: 1 });
    expect(presetRange('lastMonth', new Date('2025-03-25T12:00:00Z'))).toEqual({ from: { jy: 1403, jm: 12, jd: 1 }, to: { jy: 1403, jm: 12, jd: 30 } });
    expect(presetRange('thisMonth', new Date('2026-11-23T12:00:00Z'))).toEqual({ from: { jy: 1405, jm: 9, jd: 1 }, to: { jy: 1405, jm: 9, jd: 30 } });
  });
});

describe('transaction details', () => {
  it('pages by keyset across equal timestamps, forwards and back, with nothing lost or repeated', async () => {
    const at = new Date('2026-05-01T10:00:00.123456Z');
    const { merchant, ids } = await seeded(PAGE * 2 + 7, at);
    const scope = actorOf(merchant);
    const seen: string[] = [];
    let f = filters({});
    const cursors: (string | null)[] = [];
    for (;;) {
      const page = await transactionPage(db, scope, f);
      seen.push(...page.rows.map((r) => r.payment.id));
      cursors.push(page.prev);
      if (!page.next) break;
      f = filters({ after: page.next });
    }
    expect(seen).toHaveLength(ids.length);
    expect(new Set(seen)).toEqual(new Set(ids));
    // Back from the last page gives the second page again.
    const last = await transactionPage(db, scope, f);
    const back = await transactionPage(db, scope, filters({ before: last.prev! }));
    expect(back.rows.map((r) => r.payment.id)).toEqual(seen.slice(PAGE, PAGE * 2));
    // By amount, ascending: the smallest first.
    const byAmount = await transactionPage(db, scope, filters({ sort: 'amount_asc' }));
    expect(byAmount.rows[0].payment.amount).toBe(1000n);
  });

  it('filters by date, state, amount, tracking code, order id, mobile and card, and totals the whole set', async () => {
    const { merchant, platform, ids } = await seeded(6, new Date('2026-06-10T08:00:00Z'));
    await db.update(payments).set({ state: 'succeeded', cardMasked: '603799******1234', payerMobile: '09121112222' }).where(eq(payments.id, ids[0]));
    await db
      .update(payments)
      .set({ createdAt: new Date('2026-06-11T08:00:00Z'), state: 'failed' })
      .where(eq(payments.id, ids[1]));
    const scope = actorOf(merchant);
    const ids0 = async (q: Record<string, string>) => (await transactionPage(db, scope, filters(q))).rows.map((r) => r.payment.id);
    // 2026-06-10 is 20 Khordad 1405.
    expect(await ids0({ from: '1405/03/20', to: '1405/03/20' })).toHaveLength(5);
    expect(await ids0({ from: '1405/03/21', to: '1405/03/21' })).toEqual([ids[1]]);
    expect(await ids0({ state: 'succeeded' })).toEqual([ids[0]]);
    expect(await ids0({ card: '1234' })).toEqual([ids[0]]);
    expect(await ids0({ mobile: '۰۹۱۲۱۱۱۲۲۲۲' })).toEqual([ids[0]]);
    expect(await ids0({ order: 'o-3' })).toEqual([ids[3]]);
    expect((await ids0({ min: '1002', max: '1003' })).sort()).toEqual([ids[2], ids[3]].sort());
    const [p4] = await db.select().from(payments).where(eq(payments.id, ids[4]));
    expect(await ids0({ tracking: p4.trackingCode })).toEqual([ids[4]]);
    expect(await ids0({ platform: platform.id, source: 'link' })).toEqual([]);
    const totals = await transactionTotals(db, scope, filters({}));
    expect(totals.count).toBe(6);
    expect(totals.sum).toBe(1000n + 1001n + 1002n + 1003n + 1004n + 1005n);
    expect(totals.byState.find((s) => s.state === 'failed')).toEqual({ state: 'failed', count: 1, sum: 1001n });
  });

  it('a merchant never sees another merchant’s rows, whatever the filters say', async () => {
    const a = await seeded(3, new Date('2026-07-01T08:00:00Z'));
    const b = await seeded(2, new Date('2026-07-01T08:00:00Z'));
    const scope = actorOf(b.merchant);
    const all = await transactionPage(db, scope, filters({ platform: a.platform.id }));
    expect(all.rows).toEqual([]);
    expect((await transactionPage(db, scope, filters({ merchant: a.merchant.id }))).rows.map((r) => r.payment.platformId)).toEqual([
      b.platform.id,
      b.platform.id,
    ]);
    expect(await transactionDetail(db, scope, a.ids[0])).toBeNull();
    expect((await transactionDetail(db, actorOf(a.merchant), a.ids[0]))?.payment.id).toBe(a.ids[0]);
    expect(
      (
        await transactionDetail(
          db,
          { kind: 'staff', userId: a.merchant.id, roles: ['kyc', 'operations', 'finance', 'support', 'auditor', 'super_admin'] },
          a.ids[0],
        )
      )?.payment.id,
    ).toBe(a.ids[0]);
    // Staff see everyone, or one merchant when asked.
    expect(
      (
        await transactionPage(
          db,
          { kind: 'staff', userId: a.merchant.id, roles: ['kyc', 'operations', 'finance', 'support', 'auditor', 'super_admin'] },
          filters({ merchant: a.merchant.id }),
        )
      ).rows,
    ).toHaveLength(3);
  });

  it('refuses bad filters with a message per field, never a query', () => {
    const errors = (q: Record<string, string>) => {
      const r = readFilters(q);
      return r.ok ? null : r.errors;
    };
    expect(errors({ from: '1405/05/10', to: '1405/05/01' })).toEqual({ to: 'rangeReversed' });
    expect(errors({ from: '1404/12/30' })).toEqual({ from: 'dateInvalid' });
    expect(errors({ min: '99999999999999999999' })).toEqual({ min: 'amountTooLarge' });
    expect(errors({ min: '500', max: '100' })).toEqual({ max: 'maxBelowMin' });
    expect(errors({ tracking: "1' or 1=1 --" })).toEqual({ tracking: 'trackingInvalid' });
    expect(errors({ platform: 'x; drop table payments' })).toEqual({ platform: 'invalid' });
    expect(errors({ state: 'everything' })).toEqual({ state: 'invalid' });
    expect(errors({ card: '12' })).toEqual({ card: 'cardLast4Invalid' });
    // Injection in free text is just text: an order id nobody has.
    expect(errors({ order: "x' or '1'='1" })).toBeNull();
    expect(errors({ after: 'garbage' })).toBeNull();
  });
});
