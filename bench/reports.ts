/**
 * The reports benchmark: N synthetic payments (BENCH_ROWS; default 1 000 000 in `npm run
 * bench:reports`, 100 000 in `npm run bench`) over 20 merchants, 40 platforms, five products and a
 * year; then p50/p95 of the transaction-details page query for typical filters, the monthly totals,
 * and an export of every row with its wall time and peak RSS, the xlsx one beside exceljs's own
 * time for the same sheet fed from memory (their ratio shows a regression of the export).
 */
import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import { rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { finished } from 'node:stream/promises';
import type postgres from 'postgres';
import type { Db } from '@/db';

export async function benchReports(
  db: Db,
  client: postgres.Sql,
  makePlatform: (db: Db) => Promise<{ merchant: { id: string }; platform: { id: string } }>,
  defaultRows = 1_000_000,
) {
  const { generatePayments } = await import('@/db/generate');
  const { readFilters } = await import('@/lib/reports/filters');
  const { transactionPage, transactionTotals } = await import('@/lib/reports/transactions');
  const { exportTransactions } = await import('@/lib/reports/export');
  const { salesSummary } = await import('@/lib/reports/sales');
  const { runJanitor } = await import('@/lib/payments');
  const { finishCreatingInvoices } = await import('@/lib/ivr');
  const N = Number(process.env.BENCH_ROWS ?? defaultRows);
  const rows: Record<string, string | number>[] = [];

  const owners: { merchant: string; platforms: string[] }[] = [];
  for (let m = 0; m < 20; m++) {
    const a = await makePlatform(db);
    const b = await makePlatform(db);
    // Two platforms of one merchant: move b's platform to a's merchant.
    await client`update platforms set user_id = ${a.merchant.id} where id = ${b.platform.id}`;
    owners.push({ merchant: a.merchant.id, platforms: [a.platform.id, b.platform.id] });
  }
  const t0 = performance.now();
  const until = new Date();
  for (let i = 0; i < N; i += 250_000) {
    await generatePayments(client, { platformIds: owners.flatMap((o) => o.platforms), n: Math.min(250_000, N - i), until });
  }
  await client`analyze payments`;
  rows.push({ what: `generate ${N.toLocaleString('en')} payments + analyze`, runs: 1, p50: `${((performance.now() - t0) / 1000).toFixed(1)} s`, p95: '' });

  const merchant = owners[3].merchant;
  const merchantActor = { kind: 'merchant', userId: merchant, merchantId: merchant, role: 'owner' } as const;
  // Reads take no staff member's id; any will do.
  const staffActor = { kind: 'staff', userId: merchant, roles: ['kyc', 'operations', 'finance', 'support', 'auditor', 'super_admin'] } as const;
  const f = (q: Record<string, string>) => {
    const r = readFilters(q);
    if (!r.ok) throw new Error(JSON.stringify(r.errors));
    return r.filters;
  };
  const [sample] = await client`select tracking_code, payer_mobile from payments where platform_id = ${owners[3].platforms[0]} limit 1`;
  const page10 = await (async () => {
    let cur = f({});
    for (let i = 0; i < 9; i++) {
      const p = await transactionPage(db, merchantActor, cur);
      cur = f({ after: p.next! });
    }
    return cur;
  })();
  const cases: [string, () => Promise<unknown>][] = [
    ['page: merchant, newest first', () => transactionPage(db, merchantActor, f({}))],
    ['page: merchant, this month, succeeded', () => transactionPage(db, merchantActor, f({ preset: 'thisMonth', state: 'succeeded' }))],
    ['page: merchant, largest amounts', () => transactionPage(db, merchantActor, f({ sort: 'amount_desc' }))],
    ['page: merchant, 10th page (keyset)', () => transactionPage(db, merchantActor, page10)],
    ['page: merchant, payer mobile', () => transactionPage(db, merchantActor, f({ mobile: sample.payer_mobile }))],
    ['page: staff, tracking code', () => transactionPage(db, staffActor, f({ tracking: sample.tracking_code }))],
    ['page: staff, all merchants, newest first', () => transactionPage(db, staffActor, f({}))],
    ['summary: merchant, last month (products, days, period before)', () => salesSummary(db, merchantActor, f({ preset: 'lastMonth' }))],
    ['totals: merchant, one month, by state', () => transactionTotals(db, merchantActor, f({ preset: 'lastMonth' }))],
    // The payments janitor's minute with nothing due (no row is unknown or at the bank here): its two
    // partial indexes answer it; without payments_redirected_idx it read the whole table (150 ms at 200 000).
    // It also reads the lira reversals still undecided (unanswered, or never sent after a death), from
    // their partial index vpos_reversals_undecided_idx.
    [
      'janitor: payments due (unknown, abandoned at the bank, lapsed verify claim) and undecided lira reversals, nothing due',
      async () => {
        const r = await runJanitor(db);
        if (r.inquired !== 0) throw new Error(`inquired ${r.inquired}`);
      },
    ],
    // The phone-invoice sweep's first question each minute: invoices left waiting for PayStar's
    // factor (ivr_invoices_creating_idx keeps only them; none here).
    [
      'janitor: phone invoices left creating, nothing due',
      async () => {
        const r = await finishCreatingInvoices(db);
        if (r.asked !== 0) throw new Error(`asked ${r.asked}`);
      },
    ],
  ];
  for (const [what, fn] of cases) {
    await fn();
    const times: number[] = [];
    for (let i = 0; i < 40; i++) {
      const t = performance.now();
      await fn();
      times.push(performance.now() - t);
    }
    times.sort((a, b) => a - b);
    rows.push({ what, runs: 40, p50: `${times[20].toFixed(1)} ms`, p95: `${times[38].toFixed(1)} ms` });
  }

  for (const format of (process.env.BENCH_EXPORTS ?? 'csv,xlsx').split(',').filter(Boolean) as ('csv' | 'xlsx')[]) {
    const file = path.join(os.tmpdir(), `dargah-bench-export.${format}`);
    global.gc?.();
    const base = process.memoryUsage().rss;
    let peak = base;
    const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 50);
    const t = performance.now();
    const out = createWriteStream(file);
    const n: number = await exportTransactions({ db, client, actor: staffActor, filters: f({}), format, unit: 'rial', out });
    await finished(out);
    clearInterval(timer);
    const s = (performance.now() - t) / 1000;
    rows.push({
      what: `export ${n.toLocaleString('en')} rows, ${format}`,
      runs: 1,
      p50: `${s.toFixed(1)} s (${Math.round(n / s).toLocaleString('en')} rows/s)`,
      p95: `peak RSS ${(peak / 1048576).toFixed(0)} MiB (+${((peak - base) / 1048576).toFixed(0)})`,
    });
    await rm(file, { force: true });
    if (format === 'xlsx') {
      // exceljs's own speed on the same sheet, fed from memory: the export's ceiling, measured in
      // the same run so that a regression shows as a ratio.
      const own = await exceljsFromMemory(n);
      rows.push({
        what: `exceljs alone, ${n.toLocaleString('en')} rows from memory, same columns and styles`,
        runs: 1,
        p50: `${own.seconds.toFixed(1)} s (${Math.round(n / own.seconds).toLocaleString('en')} rows/s)`,
        p95: `export / exceljs = ${(s / own.seconds).toFixed(2)}; peak RSS ${(own.peak / 1048576).toFixed(0)} MiB`,
      });
    }
  }
  console.table(rows);
}

/**
 * The xlsx export's sheet (the same columns, widths, number formats, frozen header, filter, inline
 * strings, fast deflate) written by exceljs from rows already in memory, to a file: what exceljs
 * alone costs, with no database, cursor or formatting of values. The rows are like the export's:
 * a tracking code, Jalali day and time text, a date, labels, four amounts, a masked card.
 */
async function exceljsFromMemory(n: number): Promise<{ seconds: number; peak: number }> {
  const ExcelJS = (await import('exceljs')).default;
  const { WHOLE } = await import('@/lib/reports/export');
  const data: (string | number | Date | null)[][] = [];
  for (let i = 0; i < n; i++) {
    const amount = 10_000 + ((i * 7919) % 49_990_000);
    data.push([
      String(10_000_000_000 + i),
      '۱۴۰۵/۰۹/۱۱',
      '12:34:56',
      new Date(Date.UTC(2026, 10, 1 + (i % 28))),
      'فروشگاه نمونه',
      'درگاه پرداخت',
      'charge-mci-20k',
      'لینک پرداخت',
      'آنلاین',
      'سندباکس',
      'موفق',
      amount,
      Math.floor(amount / 100),
      `Payer ${i % 5000}`,
      `0912${String(i % 10_000_000).padStart(7, '0')}`,
      `603799******${String(i % 10_000).padStart(4, '0')}`,
      String(100_000_000_000 + i),
      `gen-${i}`,
      '',
      0,
      amount - Math.floor(amount / 100),
    ]);
  }
  const file = path.join(os.tmpdir(), 'dargah-bench-exceljs.xlsx');
  global.gc?.();
  let peak = process.memoryUsage().rss;
  const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 50);
  const t = performance.now();
  const out = createWriteStream(file);
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: true, useSharedStrings: false, zip: { zlib: { level: 1 } } } as never);
  wb.creator = 'Dargah';
  const ws = wb.addWorksheet('Transactions', { views: [{ rightToLeft: true, state: 'frozen', ySplit: 1 }] });
  const widths = [14, 12, 10, 12, 22, 10, 16, 14, 12, 10, 16, 16, 12, 22, 14, 20, 16, 20, 30, 16, 16];
  ws.columns = widths.map((width, i) => ({ header: `Column ${i + 1}`, width }));
  for (const c of [12, 13, 20, 21]) ws.getColumn(c).numFmt = WHOLE;
  ws.getColumn(4).numFmt = 'yyyy-mm-dd';
  ws.getRow(1).font = { bold: true };
  ws.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: widths.length } };
  ws.getRow(1).commit();
  const { drainSheet } = await import('@/lib/reports/export');
  for (let i = 0; i < n; i++) {
    ws.addRow(data[i]).commit();
    // The same pacing as the export: let the zip catch up every 2 000 rows.
    if (i % 2000 === 1999) {
      await drainSheet(ws);
      if (out.writableNeedDrain) await once(out, 'drain');
    }
  }
  ws.commit();
  await wb.commit();
  await finished(out);
  clearInterval(timer);
  await rm(file, { force: true });
  return { seconds: (performance.now() - t) / 1000, peak };
}
