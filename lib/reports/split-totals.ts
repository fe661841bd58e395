import ExcelJS from 'exceljs';
import type { BeneficiaryTotal } from '@/lib/split';
import { xlsxCell } from './export';

export type SplitTotalsLabels = {
  sheet: string;
  title: string;
  party: string;
  ownShare: string;
  invoices: string;
  shares: string;
  fees: string;
  refunded: string;
  net: string;
  settled: string;
  total: string;
};

/** Rials as a number cell while a double holds them exactly; beyond 2^53, text. */
const rials = (v: bigint) => (v <= BigInt(Number.MAX_SAFE_INTEGER) && v >= -BigInt(Number.MAX_SAFE_INTEGER) ? Number(v) : v.toString());

/**
 * A marketplace's per-party totals for a period as an .xlsx: one row per party (the marketplace's
 * own share first), then the sum. A party's name is the marketplace's or a beneficiary's words, so
 * it goes in as text that no spreadsheet takes for a formula (`xlsxCell`).
 */
export async function splitTotalsWorkbook(rows: BeneficiaryTotal[], marketplaceName: string, labels: SplitTotalsLabels): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet(labels.sheet.slice(0, 31), { views: [{ rightToLeft: /[\u0600-\u06ff]/.test(labels.party) }] });
  ws.addRow([xlsxCell(labels.title)]).font = { bold: true };
  ws.addRow([]);
  const header = ws.addRow([labels.party, labels.invoices, labels.shares, labels.fees, labels.refunded, labels.net, labels.settled]);
  header.font = { bold: true };
  ws.columns = [{ width: 32 }, { width: 10 }, { width: 18 }, { width: 14 }, { width: 14 }, { width: 18 }, { width: 18 }];
  const sum = { invoices: 0, shares: 0n, fees: 0n, refunded: 0n, net: 0n, settled: 0n };
  for (const r of rows) {
    const net = r.shares - r.fees - r.refunded;
    const name = r.beneficiaryId === null ? `${marketplaceName} (${labels.ownShare})` : (r.name ?? '');
    ws.addRow([xlsxCell(name), r.invoices, rials(r.shares), rials(r.fees), rials(r.refunded), rials(net), rials(r.settled)]);
    sum.invoices = Math.max(sum.invoices, r.invoices);
    sum.shares += r.shares;
    sum.fees += r.fees;
    sum.refunded += r.refunded;
    sum.net += net;
    sum.settled += r.settled;
  }
  ws.addRow([labels.total, sum.invoices, rials(sum.shares), rials(sum.fees), rials(sum.refunded), rials(sum.net), rials(sum.settled)]).font = { bold: true };
  for (let c = 3; c <= 7; c++) ws.getColumn(c).numFmt = '#,##0';
  return Buffer.from(await wb.xlsx.writeBuffer());
}
