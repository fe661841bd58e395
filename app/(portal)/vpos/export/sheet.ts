import { once } from 'node:events';
import type { Writable } from 'node:stream';
import ExcelJS from 'exceljs';
import { drainSheet, xlsxCell } from '@/lib/reports/export';
import type { CollectionRow } from '@/lib/vpos/payments';

/**
 * The card-collections export: one sheet, headers in the reader's language, money as numbers of
 * their currency's major unit (2 decimals for the lira) beside a currency column, never added to
 * Rials. Text that a spreadsheet could take for a formula goes as inline text (`xlsxCell`, as the
 * transactions export does).
 */
export const COLUMNS = [
  'date',
  'tracking',
  'orderId',
  'reference',
  'definition',
  'company',
  'amount',
  'currency',
  'installments',
  'card',
  'state',
  'reversed',
  'bankCode',
  'bankMessage',
  'channel',
  'customer',
] as const;
export type Column = (typeof COLUMNS)[number];

const istanbul = new Intl.DateTimeFormat('en-CA', {
  timeZone: 'Europe/Istanbul',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
});

/** `2026-12-01 14:05`, Turkish time (the day N Kolay's list counts in). */
export function istanbulTime(d: Date): string {
  const p = Object.fromEntries(istanbul.formatToParts(d).map((x) => [x.type, x.value]));
  return `${p.year}-${p.month}-${p.day} ${p.hour}:${p.minute}`;
}

/** Minor units as a number of the major unit (kuruş → lira), exact to its decimals. */
export function major(minor: bigint, currency: string): number {
  const per = currency === 'IRR' ? 1n : 100n;
  return Number(minor / per) + Number(minor % per) / Number(per);
}

export type SheetWords = {
  state: (row: CollectionRow) => string;
  channel: (row: CollectionRow) => string;
  bank: (row: CollectionRow) => string;
};

/** One row's cells, in COLUMNS' order. */
export function collectionCells(r: CollectionRow, words: SheetWords): (string | number | null)[] {
  return [
    istanbulTime(r.createdAt),
    r.trackingCode,
    r.orderId,
    r.referenceCode ?? '',
    r.definitionName,
    r.company,
    major(r.amount, r.currency),
    r.currency,
    r.installments,
    r.cardMasked ?? '',
    words.state(r),
    major(r.refunded, r.currency),
    r.bankCode ?? '',
    words.bank(r),
    words.channel(r),
    r.payerName ?? '',
  ];
}

/** Writes the rows `next(offset)` hands out, batch by batch, to `out` and ends it; returns the count. */
export async function writeCollectionsSheet(opts: {
  out: Writable;
  headers: Record<Column, string>;
  sheetName: string;
  rtl: boolean;
  words: SheetWords;
  next: (offset: number) => Promise<CollectionRow[]>;
}): Promise<number> {
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: opts.out, useStyles: true, useSharedStrings: false } as never);
  wb.creator = 'Dargah';
  const ws = wb.addWorksheet(opts.sheetName.slice(0, 31), { views: [{ rightToLeft: opts.rtl, state: 'frozen', ySplit: 1 }] });
  const widths: Record<Column, number> = {
    date: 17,
    tracking: 14,
    orderId: 18,
    reference: 20,
    definition: 18,
    company: 24,
    amount: 14,
    currency: 8,
    installments: 8,
    card: 18,
    state: 14,
    reversed: 14,
    bankCode: 8,
    bankMessage: 40,
    channel: 18,
    customer: 22,
  };
  ws.columns = COLUMNS.map((c) => ({ header: opts.headers[c], width: widths[c] }));
  for (const c of ['amount', 'reversed'] as const) ws.getColumn(COLUMNS.indexOf(c) + 1).numFmt = '#,##0.00';
  ws.getRow(1).font = { bold: true };
  ws.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: COLUMNS.length } };
  ws.getRow(1).commit();
  let count = 0;
  for (;;) {
    const rows = await opts.next(count);
    for (const r of rows) ws.addRow(collectionCells(r, opts.words).map(xlsxCell)).commit();
    count += rows.length;
    await drainSheet(ws);
    if (opts.out.writableNeedDrain) await once(opts.out, 'drain');
    if (rows.length === 0) break;
  }
  ws.commit();
  await wb.commit();
  return count;
}
