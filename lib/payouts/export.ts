import { once } from 'node:events';
import type { Writable } from 'node:stream';
import { and, asc, eq, gte, inArray, lt, sql, type SQL } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import { jalaaliMonthLength, toJalaali } from 'jalaali-js';
import { createTranslator } from 'next-intl';
import type postgres from 'postgres';
import type { Db } from '@/db';
import { bankAccounts, payoutBatches, payouts, platforms, refundAccounts, users, type PayoutState } from '@/db/schema';
import { assertStaff, type Actor } from '@/lib/actor';
import { audit } from '@/lib/audit';
import { addIsoDays, isoOfJalali, jalaliOfIso, type IsoDay } from '@/lib/calendar/holidays';
import { formatShortDate, toPersianDigits } from '@/lib/date/format';
import { TEHRAN_OFFSET_MS, tehranIso, tehranStartOf } from '@/lib/date/tehran';
import type { Locale } from '@/lib/i18n/config';
import { bankOfSheba } from '@/lib/validation/identifiers';
import { destination, toMerchantAccount, toRefundAccount } from './destination';
import { drainSheet } from '@/lib/reports/export';
import { MAX_RANGE_DAYS, type PayoutExportFilters } from './export-schema';
import en from '@/messages/en.json';
import fa from '@/messages/fa.json';
import tr from '@/messages/tr.json';

/**
 * Staff's Excel export of payouts over a date range (the day a payout was requested, in Tehran):
 * sheet 1 the totals by day × state × currency, by destination bank and per currency; sheet 2 the
 * payouts themselves. Money is in minor units (Rials for IRR) beside its currency, and totals are
 * summed in SQL per currency — two currencies are never added together.
 *
 * Like the transaction export it streams: the totals are a few grouped rows, the payouts come from
 * a database cursor into exceljs's streaming writer, so memory does not grow with the range. The
 * worker path of the transaction export (report_exports, runExport) knows only transactions, and
 * a year of payouts is one cursor, so this export always streams.
 */
const BATCH = 2000;
/** An xlsx sheet holds 1 048 576 rows; past that the payouts continue on a second sheet. */
const SHEET_ROWS = 1_048_575;
/** Where a payout goes: the merchant's account, or the one a payer named for a refund (both joined). */

/** The current Jalali month in Tehran, as Gregorian days. */
export function currentJalaliMonth(now = new Date()): { from: IsoDay; to: IsoDay } {
  const j = jalaliOfIso(tehranIso(now));
  return { from: isoOfJalali(j.jy, j.jm, 1), to: isoOfJalali(j.jy, j.jm, jalaaliMonthLength(j.jy, j.jm)) };
}

export type ExportWindow = { from: IsoDay; to: IsoDay; start: Date; end: Date };

/** The days the export covers, and the instants [start, end) they are in Tehran. */
export function exportWindow(f: Pick<PayoutExportFilters, 'from' | 'to'>, now = new Date()): ExportWindow {
  const month = currentJalaliMonth(now);
  const from = f.from ?? (f.to ? addIsoDays(f.to, -(MAX_RANGE_DAYS - 1)) : month.from);
  // From a day onward: up to today (or that day, if later), within a year.
  const to = f.to ?? (f.from ? minDay(addIsoDays(f.from, MAX_RANGE_DAYS - 1), maxDay(tehranIso(now), f.from)) : month.to);
  return { from, to, start: tehranStartOf(from), end: tehranStartOf(addIsoDays(to, 1)) };
}
const minDay = (a: IsoDay, b: IsoDay) => (a < b ? a : b);
const maxDay = (a: IsoDay, b: IsoDay) => (a > b ? a : b);

function whereOf(f: PayoutExportFilters, w: ExportWindow): SQL | undefined {
  return and(
    gte(payouts.requestedAt, w.start),
    lt(payouts.requestedAt, w.end),
    f.state?.length ? inArray(payouts.state, f.state) : undefined,
    f.merchant ? eq(payouts.merchantId, f.merchant) : undefined,
    f.platform ? eq(payouts.platformId, f.platform) : undefined,
  );
}

export type Sums = { count: number; amount: bigint; fee: bigint; net: bigint };
export type PayoutExportTotals = {
  byDay: ({ day: IsoDay; state: PayoutState; currency: string } & Sums)[];
  byBank: ({ bankCode: string | null; sheba: string | null; currency: string } & Sums)[];
  byCurrency: ({ currency: string } & Sums)[];
};

const sums = (r: { n: number; amount: string; fee: string }): Sums => {
  const amount = BigInt(r.amount);
  const fee = BigInt(r.fee);
  return { count: r.n, amount, fee, net: amount - fee };
};

/** The export's sheet 1, summed in SQL per currency. Staff only: anyone else is refused before a query runs. */
export async function payoutExportTotals(db: Db, actor: Actor, f: PayoutExportFilters, w: ExportWindow): Promise<PayoutExportTotals> {
  assertStaff(actor);
  const where = whereOf(f, w);
  const agg = {
    n: sql<number>`count(*)::int`,
    amount: sql<string>`sum(${payouts.amount})::text`,
    fee: sql<string>`sum(${payouts.fee})::text`,
  };
  // Grouped by the Tehran date, written out once per group (to_char on every row costs twice as much).
  const dayOf = sql`(${payouts.requestedAt} at time zone 'Asia/Tehran')::date`;
  // The bank is the sheba's three digits after IR and the check digits (IRkk BBB …).
  const bankCode = sql<string | null>`substring(${destination.sheba} from 5 for 3)`;
  const [byDay, byBank, byCurrency] = await Promise.all([
    db
      .select({ day: sql<string>`to_char(${dayOf}, 'YYYY-MM-DD')`, state: payouts.state, currency: payouts.currency, ...agg })
      .from(payouts)
      .where(where)
      .groupBy(dayOf, payouts.state, payouts.currency)
      .orderBy(dayOf, payouts.state, payouts.currency),
    db
      .select({ bankCode, sheba: sql<string | null>`min(${destination.sheba})`, currency: payouts.currency, ...agg })
      .from(payouts)
      .leftJoin(bankAccounts, toMerchantAccount)
      .leftJoin(refundAccounts, toRefundAccount)
      .where(where)
      .groupBy(bankCode, payouts.currency)
      .orderBy(bankCode, payouts.currency),
    db
      .select({ currency: payouts.currency, ...agg })
      .from(payouts)
      .where(where)
      .groupBy(payouts.currency)
      .orderBy(payouts.currency),
  ]);
  return {
    byDay: byDay.map((r) => ({ day: r.day, state: r.state, currency: r.currency, ...sums(r) })),
    byBank: byBank.map((r) => ({ bankCode: r.bankCode, sheba: r.sheba, currency: r.currency, ...sums(r) })),
    byCurrency: byCurrency.map((r) => ({ currency: r.currency, ...sums(r) })),
  };
}

/** The payouts in the window, oldest first, as SQL for a cursor. */
function rowsQuery(db: Db, f: PayoutExportFilters, w: ExportWindow) {
  return db
    .select({
      id: sql`${payouts.id}`.as('id'),
      first_name: sql`${users.firstName}`.as('first_name'),
      last_name: sql`${users.lastName}`.as('last_name'),
      platform: sql`${platforms.name}`.as('platform'),
      destination: sql`${payouts.destination}`.as('destination'),
      sheba: sql`${destination.sheba}`.as('sheba'),
      holder: sql`${destination.holderName}`.as('holder'),
      currency: sql`${payouts.currency}`.as('currency'),
      amount: sql`${payouts.amount}::text`.as('amount'),
      fee: sql`${payouts.fee}::text`.as('fee'),
      state: sql`${payouts.state}`.as('state'),
      requested_at: sql`${payouts.requestedAt}`.as('requested_at'),
      sent_at: sql`${payouts.sentAt}`.as('sent_at'),
      completed_at: sql`${payouts.completedAt}`.as('completed_at'),
      batch: sql`${payoutBatches.reference}`.as('batch'),
      bank_ref: sql`${payouts.bankRef}`.as('bank_ref'),
    })
    .from(payouts)
    .innerJoin(users, eq(users.id, payouts.merchantId))
    .innerJoin(platforms, eq(platforms.id, payouts.platformId))
    .leftJoin(bankAccounts, toMerchantAccount)
    .leftJoin(refundAccounts, toRefundAccount)
    .leftJoin(payoutBatches, eq(payoutBatches.id, payouts.batchId))
    .where(whereOf(f, w))
    .orderBy(asc(payouts.requestedAt), asc(payouts.id))
    .toSQL();
}

type Raw = {
  id: string;
  first_name: string;
  last_name: string;
  platform: string;
  destination: string;
  sheba: string | null;
  holder: string | null;
  currency: string;
  amount: string;
  fee: string;
  state: PayoutState;
  requested_at: Date | string;
  sent_at: Date | string | null;
  completed_at: Date | string | null;
  batch: string | null;
  bank_ref: string | null;
};

/** The sheba with only the bank (IRkk BBB) and the last four digits showing. */
export function maskSheba(sheba: string | null): string {
  return sheba ? `${sheba.slice(0, 7)}${'*'.repeat(sheba.length - 11)}${sheba.slice(-4)}` : '';
}

/** Text as an inline string (`t="inlineStr"`): plain text to every reader, never a formula, whatever it starts with. */
function text(v: string | null | undefined): ExcelJS.CellValue {
  return v ? { richText: [{ text: v }] } : null;
}

/** Minor units as a number while a spreadsheet holds it exactly; beyond 2^53, the exact digits as text. */
function money(v: bigint): ExcelJS.CellValue {
  return v <= BigInt(Number.MAX_SAFE_INTEGER) && v >= -BigInt(Number.MAX_SAFE_INTEGER) ? Number(v) : text(v.toString());
}

const translators: Record<Locale, ReturnType<typeof createTranslator<typeof en, 'adminPayouts'>>> = {
  fa: createTranslator({ locale: 'fa', messages: fa, namespace: 'adminPayouts' }),
  en: createTranslator({ locale: 'en', messages: en, namespace: 'adminPayouts' }),
  tr: createTranslator({ locale: 'tr', messages: tr, namespace: 'adminPayouts' }),
};

/** The column headers of both sheets in a locale, for the file and for its test. */
export function exportHeaders(locale: Locale) {
  const t = translators[locale];
  const h = (k: string) => t(`export.${k}` as never);
  const money3 = [h('count'), h('amount'), h('fee'), h('net')];
  return {
    byDay: [h('day'), h('state'), h('currency'), ...money3],
    byBank: [h('bankCode'), h('bank'), h('currency'), ...money3],
    grand: [h('currency'), ...money3],
    payouts: [
      h('id'),
      h('merchant'),
      h('platform'),
      h('destination'),
      h('bank'),
      h('sheba'),
      h('holder'),
      h('currency'),
      h('amount'),
      h('fee'),
      h('net'),
      h('state'),
      h('requestedAt'),
      h('sentAt'),
      h('completedAt'),
      h('batch'),
      h('bankRef'),
    ],
  };
}

/** Turkey has kept UTC+03:00 all year since 2016: Istanbul's wall clock is a plain offset too. */
const ISTANBUL_OFFSET_MS = 3 * 3600_000;

/**
 * Jalali with Persian digits in Persian, Gregorian in English, Tehran time; in Turkish
 * `dd.MM.yyyy HH:mm` on Istanbul's clock (the reader's, as the pages show it). Per row and up to
 * three times, so by arithmetic rather than a new Intl formatter each time (lib/date's formatters
 * build one per call, which dominated a 100 000-row export): Iran keeps UTC+03:30 all year.
 */
function when(v: Date | string | null, locale: Locale): string | null {
  if (!v) return null;
  if (locale === 'tr') {
    const i = new Date(new Date(v).getTime() + ISTANBUL_OFFSET_MS);
    return `${pad(i.getUTCDate())}.${pad(i.getUTCMonth() + 1)}.${i.getUTCFullYear()} ${pad(i.getUTCHours())}:${pad(i.getUTCMinutes())}`;
  }
  const t = new Date(new Date(v).getTime() + TEHRAN_OFFSET_MS);
  const [y, m, d] = [t.getUTCFullYear(), t.getUTCMonth() + 1, t.getUTCDate()];
  const time = `${pad(t.getUTCHours())}:${pad(t.getUTCMinutes())}`;
  if (locale === 'en') return `${y}-${pad(m)}-${pad(d)} ${time}`;
  const j = toJalaali(y, m, d);
  return toPersianDigits(`${j.jy}/${pad(j.jm)}/${pad(j.jd)} ${time}`);
}
const pad = (n: number) => String(n).padStart(2, '0');

/** `fn` remembered per key: bank and state names repeat on every row. */
function memo<T>(fn: (key: string) => T): (key: string | null) => T | null {
  const seen = new Map<string, T>();
  return (key) => {
    if (key === null) return null;
    if (!seen.has(key)) seen.set(key, fn(key));
    return seen.get(key)!;
  };
}

/** A day as the export and its form write it: ۱۴۰۵/۰۹/۰۱ in Persian, 2026-11-22 in English, 22.11.2026 in Turkish. */
export const dayText = (iso: IsoDay, locale: Locale) => formatShortDate(new Date(`${iso}T12:00:00Z`), locale);

const MONEY_FMT = '#,##0';

/**
 * Writes the workbook to `out` and ends it; returns how many payouts it holds. Staff only (a
 * merchant or API actor is refused before anything is read or written); the export is an audit
 * event of its own, written before the file.
 */
export async function exportPayouts(opts: {
  db: Db;
  client: postgres.Sql;
  actor: Actor;
  filters: PayoutExportFilters;
  locale: Locale;
  out: Writable;
  now?: Date;
}): Promise<number> {
  const { db, actor, filters: f, locale, out } = opts;
  assertStaff(actor);
  const w = exportWindow(f, opts.now);
  const totals = await payoutExportTotals(db, actor, f, w);
  const count = totals.byCurrency.reduce((n, c) => n + c.count, 0);
  await audit(db, actor, {
    action: 'export',
    objectType: 'payouts',
    objectId: `${w.from}..${w.to}`,
    merchantId: null,
    after: { from: w.from, to: w.to, states: f.state ?? [], merchantId: f.merchant ?? null, platformId: f.platform ?? null, rows: count, locale },
  });

  const t = translators[locale];
  const h = exportHeaders(locale);
  const stateName = memo((s) => t(`payoutStates.${s}` as never));
  const destinationName = memo((d) => t(`export.destinations.${d}` as never));
  // The bank is the sheba's digits 5–7 (IRkk BBB…): one look-up per bank, not per row.
  const banks = new Map<string, ReturnType<typeof bankOfSheba>>();
  const bankName = (sheba: string | null) => {
    if (!sheba) return null;
    const code = sheba.slice(4, 7);
    if (!banks.has(code)) banks.set(code, bankOfSheba(sheba));
    const b = banks.get(code);
    return b ? (locale === 'fa' ? b.name : b.nameEn) : null;
  };
  const rtl = locale === 'fa';
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: true, useSharedStrings: false, zip: { zlib: { level: 1 } } } as never);
  wb.creator = 'Dargah';

  // Sheet 1: three small tables one under the other, each with its title and header row.
  const ts = wb.addWorksheet(t('export.sheetTotals'), { views: [{ rightToLeft: rtl }] });
  ts.columns = [16, 20, 10, 10, 20, 16, 20].map((width) => ({ width }));
  const bold = (cells: ExcelJS.CellValue[]) => {
    const row = ts.addRow(cells);
    row.font = { bold: true };
    row.commit();
  };
  const line = (cells: ExcelJS.CellValue[], moneyFrom: number) => {
    const row = ts.addRow(cells);
    for (let c = moneyFrom; c <= cells.length; c++) row.getCell(c).numFmt = MONEY_FMT;
    row.commit();
  };
  const moneyCells = (s: Sums) => [s.count, money(s.amount), money(s.fee), money(s.net)];
  bold([text(t('export.rangeLine', { from: dayText(w.from, locale), to: dayText(w.to, locale) }))]);
  ts.addRow([]).commit();
  bold([text(t('export.byDayTitle'))]);
  bold(h.byDay.map(text));
  for (const r of totals.byDay) line([text(dayText(r.day, locale)), text(stateName(r.state)), text(r.currency), ...moneyCells(r)], 4);
  ts.addRow([]).commit();
  bold([text(t('export.byBankTitle'))]);
  bold(h.byBank.map(text));
  for (const r of totals.byBank) line([text(r.bankCode ?? '—'), text(bankName(r.sheba) ?? t('export.noBank')), text(r.currency), ...moneyCells(r)], 4);
  ts.addRow([]).commit();
  bold([text(t('export.grandTitle'))]);
  bold(h.grand.map(text));
  for (const r of totals.byCurrency) line([text(r.currency), ...moneyCells(r)], 2);
  ts.commit();

  // Sheet 2: the payouts, streamed from a cursor.
  const widths = [38, 22, 22, 16, 18, 30, 24, 8, 18, 12, 18, 14, 18, 18, 18, 22, 18];
  let sheetNo = 0;
  let inSheet = 0;
  const newSheet = () => {
    sheetNo++;
    const ws = wb.addWorksheet(sheetNo === 1 ? t('export.sheetPayouts') : `${t('export.sheetPayouts')} (${sheetNo})`, {
      views: [{ rightToLeft: rtl, state: 'frozen', ySplit: 1 }],
    });
    ws.columns = h.payouts.map((_, i) => ({ width: widths[i] }));
    for (const c of [9, 10, 11]) ws.getColumn(c).numFmt = MONEY_FMT;
    const head = ws.addRow(h.payouts.map(text));
    head.font = { bold: true };
    head.commit();
    ws.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: h.payouts.length } };
    inSheet = 0;
    return ws;
  };
  let ws = newSheet();
  let written = 0;
  const q = rowsQuery(db, f, w);
  await opts.client.unsafe(q.sql, q.params as never[]).cursor(BATCH, async (rows) => {
    for (const r of rows as unknown as Raw[]) {
      if (inSheet === SHEET_ROWS) {
        ws.commit();
        ws = newSheet();
      }
      const amount = BigInt(r.amount);
      const fee = BigInt(r.fee);
      ws.addRow([
        text(r.id),
        text(`${r.first_name} ${r.last_name}`.trim()),
        text(r.platform),
        text(destinationName(r.destination)),
        text(bankName(r.sheba)),
        text(maskSheba(r.sheba)),
        text(r.holder),
        text(r.currency),
        money(amount),
        money(fee),
        money(amount - fee),
        text(stateName(r.state)),
        text(when(r.requested_at, locale)),
        text(when(r.sent_at, locale)),
        text(when(r.completed_at, locale)),
        text(r.batch),
        text(r.bank_ref),
      ]).commit();
      inSheet++;
    }
    written += rows.length;
    // exceljs has no backpressure of its own: let its zip catch up, and wait for a slow reader.
    await drainSheet(ws);
    if (out.writableNeedDrain) await once(out, 'drain');
  });
  ws.commit();
  await wb.commit();
  return written;
}
