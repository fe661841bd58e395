import { once } from 'node:events';
import type { Writable } from 'node:stream';
import { and, asc, desc, eq, sql } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import type postgres from 'postgres';
import type { Db } from '@/db';
import { createTranslator } from 'next-intl';
import { merchantServices, paymentMethod, payments, paymentSource, paymentState, platforms, refunds, SERVICE_IDS } from '@/db/schema';
import type { Locale } from '@/lib/i18n/config';
import en from '@/messages/en.json';
import fa from '@/messages/fa.json';
import tr from '@/messages/tr.json';
import { toPersianDigits } from '@/lib/date/format';
import type { DisplayUnit } from '@/lib/money';
import type { TransactionFilters } from './filters';
import { formatJDay, jdayOf } from './jalali';
import type { Actor } from '@/lib/actor';
import { whereOf } from './transactions';
import { observeExport } from '@/lib/metrics';

/**
 * Transaction exports, streamed: rows come from a database cursor in batches into exceljs's
 * streaming writer (or CSV) and out to the caller's stream, so memory does not grow with the
 * number of rows.
 */
export type ExportFormat = 'xlsx' | 'csv';
/** Exports of more rows than this run in the worker (EXPORT_BACKGROUND_ABOVE, default 50 000). */
export function backgroundAbove(): number {
  return Number(process.env.EXPORT_BACKGROUND_ABOVE ?? 50_000);
}
const BATCH = 2000;
/** The sheet's number formats: whole amounts, and a Toman amount with a tenth. */
export const WHOLE = '#,##0';
export const TENTHS = '#,##0.0';

/** The columns, in order; their titles come from the `reportView.export` messages in the reader's language. */
const COLUMNS = [
  'tracking',
  'jalali',
  'time',
  'gregorian',
  'platform',
  'service',
  'product',
  'source',
  'method',
  'gateway',
  'state',
  'amount',
  'fee',
  'payer',
  'mobile',
  'card',
  'bankRef',
  'orderId',
  'description',
  'refunded',
  'net',
] as const;
const MONEY_COLUMNS: ReadonlySet<string> = new Set(['amount', 'fee', 'refunded', 'net']);

const CATALOGUES = { fa, en, tr } as const;

/**
 * The words of one export in one language, looked up once per export (not per row): column
 * titles, and a label for every code a row may hold (service, source, method, gateway, state).
 * A code without a label (a gateway added later) is written as it is rather than dropped.
 */
export function exportWords(locale: Locale, unit: DisplayUnit) {
  const messages = CATALOGUES[locale] as unknown as typeof en;
  const t = createTranslator({ locale, messages, namespace: 'reportView' });
  const tr = createTranslator({ locale, messages, namespace: 'receipt' });
  const tsrc = createTranslator({ locale, messages, namespace: 'reports' });
  const tp = createTranslator({ locale, messages, namespace: 'pay' });
  const unitName = tp(`unit.${unit}`);
  const map = <K extends string>(keys: readonly K[], label: (k: K) => string) => Object.fromEntries(keys.map((k) => [k, label(k)])) as Record<string, string>;
  const gateways = (messages.pay as { gateways: Record<string, string> }).gateways;
  return {
    headers: COLUMNS.map((c) => (MONEY_COLUMNS.has(c) ? `${t(`export.${c}`)} (${unitName})` : t(`export.${c}`))),
    sheet: t('export.sheet'),
    rtl: locale === 'fa',
    service: map(SERVICE_IDS, (k) => t(`services.${k}`)),
    source: map(paymentSource.enumValues, (k) => tsrc(`sources.${k}`)),
    method: map(paymentMethod.enumValues, (k) => t(`methods.${k}`)),
    state: map(paymentState.enumValues, (k) => tr(`states.${k}`)),
    gateway: { ...gateways },
    digits: locale === 'fa' ? toPersianDigits : (s: string) => s,
  };
}
type Words = ReturnType<typeof exportWords>;

/**
 * Formula injection (CSV injection). A spreadsheet takes a cell that starts with `=`, `+`, `-`,
 * `@`, TAB, CR or LF for a formula, and Excel with `;` as its list separator splits `a;=1+1` into
 * `a` and a live `=1+1`. So, in CSV (OWASP's advice):
 *  - every field holding `,`, `;`, `"`, TAB, CR or LF, or starting with a formula character, is
 *    quoted (`"` doubled), so no separator inside it splits it whatever the reader's separator;
 *  - a text field that starts with a formula character gets a leading `'` inside the quotes, so it
 *    opens as text (the `'` shows: CSV has no other way to say "text").
 * Amounts and fees are numbers, not text: a real number (even a negative one) is written as it is
 * and stays a number in the sheet; only text is neutralised.
 * In xlsx nothing is prefixed: text goes as an inline string (`t="inlineStr"`, text by the
 * standard, never a formula), so the cell shows exactly what was typed, `=` and all.
 */
const FORMULA_START = /^[=+\-@\t\r\n]/;

/** A CSV text cell that a spreadsheet could take for a formula, with a leading quote. */
export function safeText(v: string | null | undefined): string {
  if (!v) return '';
  return FORMULA_START.test(v) ? `'${v}` : v;
}

/** One CSV field: numbers as they are; text neutralised and quoted when it needs to be. */
export function csvField(v: string | number | Date | null): string {
  if (v === null) return '';
  if (v instanceof Date) return v.toISOString().slice(0, 10);
  if (typeof v === 'number') return Number.isFinite(v) ? String(v) : '';
  const s = safeText(v);
  return s !== v || /[",;\t\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/**
 * One xlsx cell. exceljs without shared strings writes a plain string as `t="str"`, which the
 * standard defines as a formula's cached text; an inline rich string is plain text to every reader.
 * Only text that could pass for a formula needs it (the others stay cheap plain strings).
 */
export function xlsxCell(v: string | number | Date | null): ExcelJS.CellValue {
  return typeof v === 'string' && FORMULA_START.test(v) ? { richText: [{ text: v }] } : v;
}

type Raw = {
  id: string;
  tracking: string;
  created_at: Date;
  platform: string;
  service: string | null;
  product: string | null;
  source: string;
  method: string;
  gateway: string | null;
  state: string;
  amount: string;
  fee: string | null;
  payer: string | null;
  mobile: string | null;
  card: string | null;
  bank_ref: string | null;
  order_id: string;
  description: string | null;
  refunded: string;
  net: string | null;
};

/** The export's query as SQL text and parameters, in the report's sort order. */
function exportQuery(db: Db, actor: Actor, f: TransactionFilters, now: Date) {
  const sort = f.sort ?? 'date_desc';
  const key = sort.startsWith('amount') ? payments.amount : payments.createdAt;
  const order = sort.endsWith('desc') ? [desc(key), desc(payments.id)] : [asc(key), asc(payments.id)];
  return db
    .select({
      id: sql`${payments.id}`.as('id'),
      tracking: sql`${payments.trackingCode}`.as('tracking'),
      created_at: sql`${payments.createdAt}`.as('created_at'),
      platform: sql`${platforms.name}`.as('platform'),
      service: sql`${merchantServices.serviceId}`.as('service'),
      product: sql`${payments.product}`.as('product'),
      source: sql`${payments.source}`.as('source'),
      method: sql`${payments.method}`.as('method'),
      gateway: sql`${payments.gateway}`.as('gateway'),
      state: sql`${payments.state}`.as('state'),
      amount: sql`${payments.amount}::text`.as('amount'),
      fee: sql`${payments.fee}::text`.as('fee'),
      payer: sql`${payments.payerName}`.as('payer'),
      mobile: sql`${payments.payerMobile}`.as('mobile'),
      card: sql`${payments.cardMasked}`.as('card'),
      bank_ref: sql`${payments.gatewayRef}`.as('bank_ref'),
      order_id: sql`${payments.orderId}`.as('order_id'),
      description: sql`${payments.description}`.as('description'),
      // Refunds not failed; the merchant's net is what a succeeded payment left after its fee and
      // what its refunds took from the merchant (a refund that gave the fee back took less).
      refunded: sql`${payments.refundedAmount}::text`.as('refunded'),
      net: sql`case when ${payments.state} = 'succeeded' then (${payments.amount} - coalesce(${payments.fee}, 0) - coalesce((select sum(${refunds.amount} - ${refunds.feeReturned}) from ${refunds} where ${refunds.paymentId} = ${payments.id} and ${refunds.state} <> 'failed'), 0))::text end`.as(
        'net',
      ),
    })
    .from(payments)
    .innerJoin(platforms, eq(platforms.id, payments.platformId))
    .innerJoin(merchantServices, eq(merchantServices.id, platforms.merchantServiceId))
    .where(and(whereOf(db, actor, f, now)))
    .orderBy(...order)
    .toSQL();
}

const tehranTime = new Intl.DateTimeFormat('en-GB', { timeZone: 'Asia/Tehran', hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' });
const tehranDate = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Tehran', year: 'numeric', month: '2-digit', day: '2-digit' });

function money(v: string | null, unit: DisplayUnit): number | null {
  if (v === null) return null;
  const n = Number(v);
  return unit === 'toman' ? n / 10 : n;
}

/** The Tehran calendar day of an instant as a date-only value (midnight UTC), which a sheet shows as that day. */
export function tehranDay(at: Date): Date {
  const [y, m, d] = tehranDate.format(at).split('-').map(Number);
  return new Date(Date.UTC(y, m - 1, d));
}

/**
 * A row's cells, raw: the CSV and xlsx writers each make text safe their own way. Codes become
 * the reader's words; the Gregorian day is a real date for a sheet (`day`) and ISO text in CSV.
 */
function cells(r: Raw, unit: DisplayUnit, w: Words, day: 'date' | 'text'): (string | number | Date | null)[] {
  const at = new Date(r.created_at);
  return [
    r.tracking,
    w.digits(formatJDay(jdayOf(at))),
    tehranTime.format(at),
    day === 'date' ? tehranDay(at) : tehranDate.format(at),
    r.platform ?? '',
    r.service ? (w.service[r.service] ?? r.service) : '',
    r.product ?? '',
    w.source[r.source] ?? r.source,
    w.method[r.method] ?? r.method,
    r.gateway ? (w.gateway[r.gateway] ?? r.gateway) : '',
    w.state[r.state] ?? r.state,
    money(r.amount, unit),
    money(r.fee, unit),
    r.payer ?? '',
    r.mobile ?? '',
    r.card ?? '',
    r.bank_ref ?? '',
    r.order_id ?? '',
    r.description ?? '',
    money(r.refunded, unit),
    money(r.net, unit),
  ];
}

/**
 * exceljs's sheet stream hands its chunks to the zip without waiting for it, so a fast producer
 * piles them up in memory; wait on the zip's own input until it drains.
 */
export async function drainSheet(ws: unknown) {
  // The zip's input is a `readable-stream` PassThrough: its state is on `_writableState`.
  type Dest = Writable & { _writableState?: { needDrain?: boolean; length?: number } };
  const pipes = (ws as { stream?: { pipes?: Dest[] } }).stream?.pipes ?? [];
  for (const p of pipes) if (p._writableState?.needDrain) await once(p, 'drain');
}

async function write(out: Writable, chunk: string | Buffer) {
  if (!out.write(chunk)) await once(out, 'drain');
}

/**
 * Writes the filtered transactions to `out` and ends it. `onProgress` hears the rows written
 * so far after each batch. Returns the number of rows.
 */
export async function exportTransactions(opts: ExportOptions): Promise<number> {
  // Timed in dargah_export_duration_seconds, streamed by the web or built by the worker alike.
  return observeExport(opts.format, () => writeTransactions(opts));
}

type ExportOptions = {
  db: Db;
  client: postgres.Sql;
  actor: Actor;
  filters: TransactionFilters;
  format: ExportFormat;
  unit: DisplayUnit;
  /** The reader's language, for the column titles and every label (Persian when not given). */
  locale?: Locale;
  out: Writable;
  now?: Date;
  onProgress?: (rows: number) => Promise<void> | void;
};

async function writeTransactions(opts: ExportOptions): Promise<number> {
  const q = exportQuery(opts.db, opts.actor, opts.filters, opts.now ?? new Date());
  const words = exportWords(opts.locale ?? 'fa', opts.unit);
  const headers = words.headers;
  let count = 0;
  if (opts.format === 'csv') {
    // A UTF-8 byte order mark, so that old spreadsheet tools read Persian correctly.
    await write(opts.out, `\uFEFF${headers.map(csvField).join(',')}\r\n`);
    await opts.client.unsafe(q.sql, q.params as never[]).cursor(BATCH, async (rows) => {
      let text = '';
      for (const r of rows as unknown as Raw[]) text += `${cells(r, opts.unit, words, 'text').map(csvField).join(',')}\r\n`;
      await write(opts.out, text);
      count += rows.length;
      await opts.onProgress?.(count);
    });
    opts.out.end();
    return count;
  }
  // Fast deflate: a 1 000 000-row sheet compresses to about the same size at level 1, several times faster.
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: opts.out, useStyles: true, useSharedStrings: false, zip: { zlib: { level: 1 } } } as never);
  wb.creator = 'Dargah';
  const ws = wb.addWorksheet(words.sheet, { views: [{ rightToLeft: words.rtl, state: 'frozen', ySplit: 1 }] });
  const widths = [14, 12, 10, 12, 22, 10, 16, 14, 12, 10, 16, 16, 12, 22, 14, 20, 16, 20, 30, 16, 16];
  ws.columns = headers.map((h, i) => ({ header: h, width: widths[i] }));
  // Whole amounts without a decimal point (`#,##0.#` shows `12,500.` for a whole Toman); the rare
  // Toman amount with a tenth gets `#,##0.0` on its own cell.
  const moneyCols = COLUMNS.flatMap((c, i) => (MONEY_COLUMNS.has(c) ? [i + 1] : []));
  for (const c of moneyCols) ws.getColumn(c).numFmt = WHOLE;
  ws.getColumn(COLUMNS.indexOf('gregorian') + 1).numFmt = 'yyyy-mm-dd';
  ws.getRow(1).font = { bold: true };
  ws.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: headers.length } };
  ws.getRow(1).commit();
  await opts.client.unsafe(q.sql, q.params as never[]).cursor(BATCH, async (rows) => {
    for (const r of rows as unknown as Raw[]) {
      const row = ws.addRow(cells(r, opts.unit, words, 'date').map(xlsxCell));
      if (opts.unit === 'toman') {
        for (const c of moneyCols) {
          const v = row.getCell(c).value;
          if (typeof v === 'number' && !Number.isInteger(v)) row.getCell(c).numFmt = TENTHS;
        }
      }
      row.commit();
    }
    count += rows.length;
    // exceljs gives no backpressure of its own: its zip stream reads the sheet as the event loop
    // lets it. Let it catch up before the next batch, and wait for a slow reader.
    await drainSheet(ws);
    if (opts.out.writableNeedDrain) await once(opts.out, 'drain');
    await opts.onProgress?.(count);
  });
  ws.commit();
  await wb.commit();
  return count;
}
