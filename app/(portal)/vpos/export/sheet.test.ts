import { PassThrough } from 'node:stream';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import type { CollectionRow } from '@/lib/vpos/payments';
import { collectionCells, COLUMNS, istanbulTime, major, writeCollectionsSheet, type Column } from './sheet';

const row = (extra: Partial<CollectionRow> = {}): CollectionRow => ({
  id: 'p1',
  trackingCode: '12345678',
  orderId: '12345678',
  createdAt: new Date('2026-12-01T21:30:00Z'),
  amount: 125_050n,
  currency: 'TRY',
  refunded: 5n,
  state: 'succeeded',
  installments: 3,
  cardMasked: '454671******7894',
  referenceCode: 'IKSIRPF1',
  bankCode: null,
  bankMessage: 'İşlem başarılı',
  channel: 'agent',
  takenBy: null,
  definitionId: 'd1',
  definitionName: 'N Kolay',
  company: 'Anadolu A.Ş.',
  payerName: 'Ayşe',
  ...extra,
});
const words = { state: () => 'Approved', channel: () => 'Online collection', bank: (r: CollectionRow) => r.bankMessage ?? '' };

describe('the card-collections export', () => {
  it('money as numbers of lira with a currency column; Turkish time', () => {
    expect(major(125_050n, 'TRY')).toBe(1250.5);
    expect(major(5n, 'TRY')).toBe(0.05);
    expect(major(12_000n, 'IRR')).toBe(12_000);
    expect(istanbulTime(new Date('2026-12-01T21:30:00Z'))).toBe('2026-12-02 00:30');
    const cells = collectionCells(row(), words);
    expect(cells).toHaveLength(COLUMNS.length);
    expect(cells[COLUMNS.indexOf('amount')]).toBe(1250.5);
    expect(cells[COLUMNS.indexOf('currency')]).toBe('TRY');
    expect(cells[COLUMNS.indexOf('reversed')]).toBe(0.05);
    expect(cells[COLUMNS.indexOf('date')]).toBe('2026-12-02 00:30');
  });

  it('writes an xlsx whose formula-like text stays text, in batches until none are left', async () => {
    const out = new PassThrough();
    const chunks: Buffer[] = [];
    out.on('data', (c: Buffer) => chunks.push(c));
    const ended = new Promise((r) => out.on('end', r));
    const headers = Object.fromEntries(COLUMNS.map((c) => [c, `h-${c}`])) as Record<Column, string>;
    const batches = [[row(), row({ payerName: '=HYPERLINK("http://evil","x")', orderId: '+1+1' })], [row({ amount: 1n })], []];
    let asked = 0;
    const n = await writeCollectionsSheet({ out, headers, sheetName: 'Card collections', rtl: true, words, next: async () => batches[asked++] });
    expect(n).toBe(3);
    await ended;
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(Buffer.concat(chunks) as never);
    const ws = wb.worksheets[0];
    expect(ws.views[0].rightToLeft).toBe(true);
    expect(ws.getRow(1).getCell(1).value).toBe('h-date');
    const evil = ws.getRow(3);
    expect(evil.getCell(COLUMNS.indexOf('customer') + 1).formula).toBeUndefined();
    expect(JSON.stringify(evil.getCell(COLUMNS.indexOf('customer') + 1).value)).toContain('=HYPERLINK');
    expect(evil.getCell(COLUMNS.indexOf('orderId') + 1).formula).toBeUndefined();
    expect(ws.getRow(4).getCell(COLUMNS.indexOf('amount') + 1).value).toBe(0.01);
    expect(ws.getColumn(COLUMNS.indexOf('amount') + 1).numFmt).toBe('#,##0.00');
  });
});
