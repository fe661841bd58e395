import { createWriteStream, mkdtempSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { finished } from 'node:stream/promises';
import { and, eq } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDb } from '@/db';
import { auditEvents, bankAccounts, payoutBatches, payouts } from '@/db/schema';

type NewPayout = typeof payouts.$inferInsert;
import { makeAdmin, makePlatform, merchantActorOf, staffActorOf } from '@/test/fixtures';
import { tehranIso } from '@/lib/date/tehran';
import type { Locale } from '@/lib/i18n/config';
import { exportHeaders, exportPayouts, exportWindow, maskSheba, payoutExportTotals } from './export';
import { parseExportDay, payoutExportSchema, type PayoutExportInput } from './export-schema';
import { createRefund, submitRefundAccount } from '@/lib/refunds';
import { paidPayment } from '@/lib/refunds/fixtures';
import { fundedMerchant, TEST_SHEBA, insertPayoutRow } from './fixtures';
import { SANDBOX_CARD } from '@/lib/gateways/sandbox-cards';

const { db, client } = createDb(process.env.DATABASE_URL!, { max: 5 });
afterAll(() => client.end({ timeout: 5 }));
const dir = mkdtempSync(path.join(os.tmpdir(), 'dargah-payout-export-'));

/** Bank Melli (017), the second destination bank. */
const MELLI_SHEBA = 'IR110170000000123456789001';
/** A payer's account for a refund (Bank 296). */
const PAYER_SHEBA = 'IR062960000000100324200001';
/** Tehran wall time as an instant (UTC+03:30 all year). */
const tehran = (day: string, time: string) => new Date(new Date(`${day}T${time}:00Z`).getTime() - 3.5 * 3600_000);
/** Beyond 2^53, so a float would lose it: two of these must still add up exactly. */
const HUGE = 5_000_000_000_000_001n;

const filters = (input: PayoutExportInput) => payoutExportSchema.parse(input);
const RANGE = { from: '۱۴۰۵/۰۹/۰۱', to: '1405/09/03' }; // 2026-11-22 … 2026-11-24

let merchantId = '';
let platformId = '';
let staff: ReturnType<typeof staffActorOf>;
const ids: Record<string, string> = {};

beforeAll(async () => {
  const m = await fundedMerchant(db, 0n);
  merchantId = m.merchant.id;
  platformId = m.platform.id;
  staff = staffActorOf(await makeAdmin(db));
  const [melli] = await db
    .insert(bankAccounts)
    .values({ merchantId, sheba: MELLI_SHEBA, bankCode: '017', holderName: 'مریم احمدی', source: 'merchant', status: 'approved' })
    .returning();
  const [batch] = await db
    .insert(payoutBatches)
    .values({ reference: `PAYA-TEST-${Date.now().toString(36).toUpperCase()}`, rail: 'paya_file', count: 1, total: 1_000_000n })
    .returning();
  const base = { merchantId, platformId, bankAccountId: m.account.id };
  const rows: Record<string, NewPayout> = {
    // In the range: three days, several states, two banks, two currencies, a day's first and last minute.
    paidA: {
      ...base,
      amount: 1_000_000n,
      fee: 5_000n,
      state: 'paid',
      requestedAt: tehran('2026-11-22', '10:00'),
      sentAt: tehran('2026-11-22', '14:30'),
      completedAt: tehran('2026-11-23', '09:15'),
      batchId: batch.id,
      bankRef: 'BR-1',
    },
    paidMelliLastMinute: { ...base, bankAccountId: melli.id, amount: 2_000_000n, state: 'paid', requestedAt: tehran('2026-11-22', '23:59') },
    requestedFirstMinute: { ...base, amount: 300_000n, state: 'requested', requestedAt: tehran('2026-11-23', '00:00') },
    returnedMelli: { ...base, bankAccountId: melli.id, amount: 700_000n, fee: 5_000n, state: 'returned', requestedAt: tehran('2026-11-23', '12:00') },
    rejected: { ...base, amount: 150_000n, state: 'rejected', requestedAt: tehran('2026-11-24', '23:00') },
    lira: { ...base, amount: 12_345n, fee: 100n, currency: 'TRY', state: 'paid', requestedAt: tehran('2026-11-24', '08:00') },
    hugeA: { ...base, amount: HUGE, fee: 1n, state: 'approved', requestedAt: tehran('2026-11-24', '09:00') },
    hugeB: { ...base, amount: HUGE, state: 'approved', requestedAt: tehran('2026-11-24', '09:01') },
    // Outside it: the minute before and the minute after.
    before: { ...base, amount: 111_000n, state: 'paid', requestedAt: tehran('2026-11-21', '23:59') },
    after: { ...base, amount: 222_000n, state: 'paid', requestedAt: tehran('2026-11-25', '00:00') },
  };
  for (const [k, v] of Object.entries(rows)) ids[k] = (await db.insert(payouts).values(v).returning({ id: payouts.id }))[0].id;
  // Another merchant's payout in the same days: not in a one-merchant export.
  const other = await fundedMerchant(db, 0n);
  await insertPayoutRow(db, other, {
    amount: 333_000n,
    state: 'paid',
    requestedAt: tehran('2026-11-23', '10:00'),
  });
});

async function exportTo(locale: Locale, input: PayoutExportInput) {
  const file = path.join(dir, `${locale}-${Math.random().toString(36).slice(2)}.xlsx`);
  const out = createWriteStream(file);
  const n = await exportPayouts({ db, client, actor: staff, filters: filters(input), locale, out });
  await finished(out);
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(file);
  return { n, wb };
}

/** A cell's value as exact minor units: a number, or the digits of one too big for a float. */
function minor(v: ExcelJS.CellValue): bigint {
  if (typeof v === 'number') return BigInt(v);
  if (v && typeof v === 'object' && 'richText' in v) return BigInt(v.richText.map((r) => r.text).join(''));
  throw new Error(`not money: ${JSON.stringify(v)}`);
}
const textOf = (c: ExcelJS.Cell) => c.text;
const rowTexts = (ws: ExcelJS.Worksheet, n: number) => (ws.getRow(n).values as ExcelJS.CellValue[]).slice(1).map((_, i) => textOf(ws.getRow(n).getCell(i + 1)));
/** The row numbers of a sheet whose first cell is `text`. */
function findRow(ws: ExcelJS.Worksheet, text: string): number {
  for (let i = 1; i <= ws.rowCount; i++) if (ws.getRow(i).getCell(1).text === text) return i;
  throw new Error(`no row starting with ${text}`);
}
/** The data rows under a header row, up to the next blank row. */
function tableUnder(ws: ExcelJS.Worksheet, headerRow: number): ExcelJS.Row[] {
  const out: ExcelJS.Row[] = [];
  for (let i = headerRow + 1; i <= ws.rowCount && ws.getRow(i).getCell(1).text !== ''; i++) out.push(ws.getRow(i));
  return out;
}

describe('staff payouts export', () => {
  it('sums exactly per day × state × currency, per bank and per currency, inside the Tehran days asked for', async () => {
    const t = await payoutExportTotals(db, staff, filters({ ...RANGE, merchant: merchantId }), exportWindow(filters(RANGE)));
    expect(t.byCurrency).toEqual([
      { currency: 'IRR', count: 7, amount: 4_150_000n + 2n * HUGE, fee: 10_001n, net: 4_139_999n + 2n * HUGE },
      { currency: 'TRY', count: 1, amount: 12_345n, fee: 100n, net: 12_245n },
    ]);
    expect(t.byDay.map((r) => [r.day, r.state, r.currency, r.count, r.amount])).toEqual([
      ['2026-11-22', 'paid', 'IRR', 2, 3_000_000n],
      ['2026-11-23', 'requested', 'IRR', 1, 300_000n],
      ['2026-11-23', 'returned', 'IRR', 1, 700_000n],
      ['2026-11-24', 'approved', 'IRR', 2, 2n * HUGE],
      ['2026-11-24', 'paid', 'TRY', 1, 12_345n],
      ['2026-11-24', 'rejected', 'IRR', 1, 150_000n],
    ]);
    expect(t.byBank.map((r) => [r.bankCode, r.currency, r.count, r.amount, r.fee])).toEqual([
      ['017', 'IRR', 2, 2_700_000n, 5_000n],
      [TEST_SHEBA.slice(4, 7), 'IRR', 5, 1_450_000n + 2n * HUGE, 5_001n],
      [TEST_SHEBA.slice(4, 7), 'TRY', 1, 12_345n, 100n],
    ]);
    // Every grouping adds up to the same grand total, per currency.
    for (const cur of ['IRR', 'TRY']) {
      const grand = t.byCurrency.find((c) => c.currency === cur)!;
      for (const part of [t.byDay, t.byBank]) {
        const mine = part.filter((r) => r.currency === cur);
        expect(mine.reduce((s, r) => s + r.amount, 0n)).toBe(grand.amount);
        expect(mine.reduce((s, r) => s + r.net, 0n)).toBe(grand.net);
        expect(mine.reduce((n, r) => n + r.count, 0)).toBe(grand.count);
      }
    }
  });

  it('honours the state, platform and merchant filters', async () => {
    const w = exportWindow(filters(RANGE));
    const paid = await payoutExportTotals(db, staff, filters({ ...RANGE, merchant: merchantId, state: ['paid'] }), w);
    expect(paid.byCurrency.map((c) => [c.currency, c.count, c.amount])).toEqual([
      ['IRR', 2, 3_000_000n],
      ['TRY', 1, 12_345n],
    ]);
    const two = await payoutExportTotals(db, staff, filters({ ...RANGE, platform: platformId, state: ['requested', 'returned'] }), w);
    expect(two.byCurrency.map((c) => [c.currency, c.count, c.amount])).toEqual([['IRR', 2, 1_000_000n]]);
    const everyone = await payoutExportTotals(db, staff, filters({ ...RANGE }), w);
    expect(everyone.byCurrency.find((c) => c.currency === 'IRR')!.count).toBeGreaterThanOrEqual(8);
    expect(payoutExportSchema.safeParse({ state: ['paid', 'lost'] }).success).toBe(false);
  });

  it('reads dates in either calendar and either digits, defaults to this Jalali month and refuses more than a year', () => {
    expect(parseExportDay('۱۴۰۵/۰۹/۰۱')).toBe('2026-11-22');
    expect(parseExportDay('2026-11-22')).toBe('2026-11-22');
    expect(parseExportDay('1405/12/31')).toBeNull(); // 1405 is not a leap year
    expect(exportWindow(filters({}), new Date('2026-12-01T12:00:00Z'))).toMatchObject({ from: '2026-11-22', to: '2026-12-21' });
    const w = exportWindow(filters(RANGE));
    expect(w.start.toISOString()).toBe('2026-11-21T20:30:00.000Z');
    expect(w.end.toISOString()).toBe('2026-11-24T20:30:00.000Z');
    const tooLong = payoutExportSchema.safeParse({ from: '1405/01/01', to: '1406/01/02' });
    expect(tooLong.success || tooLong.error.issues[0].message).toBe('rangeTooLong');
    expect(payoutExportSchema.safeParse({ from: '1405/01/01', to: '1405/12/29' }).success).toBe(true);
    const reversed = payoutExportSchema.safeParse({ from: '2026-11-24', to: '2026-11-22' });
    expect(reversed.success || reversed.error.issues[0].message).toBe('rangeReversed');
  });

  it('writes the two sheets (Persian): headers, Jalali dates, masked shebas, inline text, and totals equal to the rows', async () => {
    const { n, wb } = await exportTo('fa', { ...RANGE, merchant: merchantId });
    expect(n).toBe(8);
    expect(wb.worksheets.map((s) => s.name)).toEqual(['جمع‌ها', 'تسویه‌ها']);
    const [totals, list] = wb.worksheets;
    const h = exportHeaders('fa');
    expect(totals.views[0]).toMatchObject({ rightToLeft: true });
    expect(totals.getRow(1).getCell(1).text).toBe('تسویه‌های درخواست‌شده از ۱۴۰۵/۰۹/۰۱ تا ۱۴۰۵/۰۹/۰۳');
    const dayHead = findRow(totals, h.byDay[0]);
    expect(rowTexts(totals, dayHead)).toEqual(['روز', 'وضعیت', 'ارز', 'تعداد', 'مبلغ', 'کارمزد', 'خالص واریزی']);
    expect(rowTexts(totals, findRow(totals, h.byBank[0]))).toEqual(['کد بانک', 'بانک', 'ارز', 'تعداد', 'مبلغ', 'کارمزد', 'خالص واریزی']);
    expect(rowTexts(totals, findRow(totals, h.grand[0]) - 1)).toEqual(['جمع کل به تفکیک ارز']);
    expect(rowTexts(totals, dayHead + 1)).toEqual(['۱۴۰۵/۰۹/۰۱', 'واریزشده', 'IRR', '2', '3000000', '5000', '2995000']);
    expect(totals.getRow(dayHead + 1).getCell(5).numFmt).toBe('#,##0');
    const grand = tableUnder(totals, findRow(totals, h.grand[0]));
    const grandOf = (cur: string) => grand.find((r) => r.getCell(1).text === cur)!;
    expect(grand.map((r) => r.getCell(1).text)).toEqual(['IRR', 'TRY']);
    // Beyond 2^53 the exact digits, as text: never a rounded float.
    expect(minor(grandOf('IRR').getCell(3).value)).toBe(4_150_000n + 2n * HUGE);

    expect(list.views[0]).toMatchObject({ rightToLeft: true, state: 'frozen', ySplit: 1 });
    expect(rowTexts(list, 1)).toEqual(h.payouts);
    expect(h.payouts).toEqual([
      'شناسه',
      'پذیرنده',
      'درگاه فروش',
      'مقصد',
      'بانک',
      'شبا',
      'صاحب حساب',
      'ارز',
      'مبلغ',
      'کارمزد',
      'خالص واریزی',
      'وضعیت',
      'زمان درخواست',
      'زمان ارسال',
      'زمان تکمیل',
      'مرجع دسته',
      'مرجع بانک',
    ]);
    expect(list.rowCount).toBe(1 + 8);
    const first = list.getRow(2);
    expect(first.getCell(1).text).toBe(ids.paidA);
    expect(first.getCell(6).text).toBe(maskSheba(TEST_SHEBA));
    expect(first.getCell(6).text).toMatch(/^IR\d{5}\*{15}\d{4}$/);
    expect(first.getCell(9).value).toBe(1_000_000);
    expect(first.getCell(9).numFmt).toBe('#,##0');
    expect(first.getCell(12).text).toBe('واریزشده');
    expect(first.getCell(13).text).toBe('۱۴۰۵/۰۹/۰۱ ۱۰:۰۰');
    expect(first.getCell(15).text).toBe('۱۴۰۵/۰۹/۰۲ ۰۹:۱۵');
    expect(first.getCell(16).text).toMatch(/^PAYA-TEST-/);
    expect(first.getCell(17).text).toBe('BR-1');
    // Text goes as inline strings: plain text to every reader, never a formula.
    expect(first.getCell(4).text).toBe('حساب پذیرنده');
    for (const c of [1, 2, 4, 6, 8, 12, 13]) expect(first.getCell(c).type).toBe(ExcelJS.ValueType.RichText);
    // Sheet 2's rows add up to sheet 1's grand totals, per currency.
    for (const cur of ['IRR', 'TRY']) {
      let amount = 0n;
      let fee = 0n;
      let count = 0;
      list.eachRow((r, i) => {
        if (i > 1 && r.getCell(8).text === cur) {
          amount += minor(r.getCell(9).value);
          fee += minor(r.getCell(10).value);
          count++;
        }
      });
      expect([count, amount, fee]).toEqual([Number(grandOf(cur).getCell(2).value), minor(grandOf(cur).getCell(3).value), minor(grandOf(cur).getCell(4).value)]);
    }
  });

  it('writes English with Gregorian dates, and records the export in the audit log', async () => {
    const { wb } = await exportTo('en', { ...RANGE, merchant: merchantId, state: ['paid'] });
    const [totals, list] = wb.worksheets;
    expect(wb.worksheets.map((s) => s.name)).toEqual(['Totals', 'Payouts']);
    expect(totals.views[0]).toMatchObject({ rightToLeft: false });
    expect(rowTexts(list, 1).slice(0, 5)).toEqual(['ID', 'Merchant', 'Platform', 'Destination', 'Bank']);
    expect(list.rowCount).toBe(1 + 3);
    expect(list.getRow(2).getCell(13).text).toBe('2026-11-22 10:00');
    expect(list.getRow(2).getCell(12).text).toBe('Paid');
    const [event] = await db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.actorUserId, staff.userId), eq(auditEvents.action, 'export')))
      .orderBy(auditEvents.id);
    expect(event).toMatchObject({ actorKind: 'staff', objectType: 'payouts', objectId: '2026-11-22..2026-11-24', merchantId: null });
    expect(event.after).toMatchObject({ merchantId, rows: 8, states: [] });
  });

  it('writes Turkish: Turkish headers and states, dd.MM.yyyy days, times on Istanbul’s clock', async () => {
    const { wb } = await exportTo('tr', { ...RANGE, merchant: merchantId, state: ['paid'] });
    const [totals, list] = wb.worksheets;
    expect(wb.worksheets.map((s) => s.name)).toEqual(['Toplamlar', 'Aktarımlar']);
    expect(totals.views[0]).toMatchObject({ rightToLeft: false });
    expect(rowTexts(list, 1)).toEqual(exportHeaders('tr').payouts);
    expect(rowTexts(list, 1).slice(0, 5)).toEqual(['ID', 'Üye işyeri', 'Platform', 'Hedef', 'Banka']);
    // Requested at 10:00 in Tehran, which is 09:30 in Istanbul.
    expect(list.getRow(2).getCell(13).text).toBe('22.11.2026 09:30');
    expect(list.getRow(2).getCell(12).text).toBe('Ödendi');
    // The days of the totals are Tehran business days, written the Turkish way.
    expect(totals.getRow(1).getCell(1).text).toContain('22.11.2026');
  });

  it('lists a refund payout with the payer’s account, and counts it under the payer’s bank', async () => {
    // The sandbox bank declines this card's refunds: the payer names an account, and a payout carries the refund.
    const { actor, payment, merchant } = await paidPayment(db, { card: SANDBOX_CARD.refundDeclined, amount: 800_000n, fee: 8_000n });
    const r = await createRefund(db, actor, { paymentId: payment.id, amount: 500_000n, reason: 'Damaged' });
    if (!r.ok || !r.data.payerLink) throw new Error('refund');
    const named = await submitRefundAccount(db, { token: r.data.payerLink.split('/').pop()!, sheba: PAYER_SHEBA, holderName: 'رضا کریمی' });
    if (!named.ok) throw new Error('refund account');
    const today = tehranIso(new Date());
    const input = { from: today, to: today, merchant: merchant.id };
    const totals = await payoutExportTotals(db, staff, filters(input), exportWindow(filters(input)));
    expect(totals.byBank.map((b) => [b.bankCode, b.count, b.amount])).toEqual([[PAYER_SHEBA.slice(4, 7), 1, 500_000n]]);
    const { wb } = await exportTo('fa', input);
    const row = wb.worksheets[1].getRow(2);
    expect(row.getCell(1).text).toBe(named.data.payoutId);
    expect(row.getCell(4).text).toBe('بازگشت وجه به پرداخت‌کننده');
    expect(row.getCell(6).text).toBe(maskSheba(PAYER_SHEBA));
    expect(row.getCell(7).text).toBe('رضا کریمی');
    expect(row.getCell(9).value).toBe(500_000);
  });

  it('gives a merchant nothing: refused before a query, no bytes, no audit event', async () => {
    const { merchant } = await makePlatform(db);
    const actor = merchantActorOf(merchant);
    const file = path.join(dir, 'merchant.xlsx');
    const out = createWriteStream(file);
    await expect(exportPayouts({ db, client, actor, filters: filters(RANGE), locale: 'fa', out })).rejects.toThrow('staff only');
    out.end();
    await finished(out);
    expect(statSync(file).size).toBe(0);
    await expect(payoutExportTotals(db, actor, filters(RANGE), exportWindow(filters(RANGE)))).rejects.toThrow('staff only');
    expect(
      await db
        .select()
        .from(auditEvents)
        .where(and(eq(auditEvents.actorUserId, merchant.id), eq(auditEvents.action, 'export'))),
    ).toEqual([]);
  });
});
