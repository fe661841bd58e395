import ExcelJS from 'exceljs';
import { toAsciiDigits } from '@/lib/validation/digits';
import { normalizeSheba } from '@/lib/validation/identifiers';
import type { FileRail, RailBatch, RailFile, RailOutcome, RailParseError, RailResult } from './types';

/**
 * The file rail: a group Paya transfer ("دستور پرداخت گروهی پایا", ACH) as an Excel file that the
 * bank's group-transfer upload takes.
 *
 * Source, and what it does and does not say: Bank Melli Iran documents the service — a customer
 * whose main account is at Bank Melli hands the bank one payment order of any number of sheba
 * destinations "in the form of an Excel or XML file" («دستور پرداخت گروهی پایا (ACH)»,
 * https://bmi.ir/fa/services/197). The stored copy of that page does not carry the template's columns, and no stored
 * page or document gave any Iranian bank's column layout. The fields one group Paya transfer
 * carries are documented by Faraboom's batch Paya API (the open-banking gateway several banks
 * expose; its guide in Sadi01/yii2-open-banking, `src/guide/faraboom.md`, `batchPaya`): amount,
 * receiver name, destination sheba, a factor/payment number and the transfer description, with
 * the statuses TRANSFERRED / SETTLED / NOT_SETTLED / REJECTED in its Paya reports. So this layout
 * is ours, built from those documented fields, in Bank Melli's Excel form, and held by a golden
 * file (`lib/payouts/__golden__/paya-batch.xlsx`): change it only when a bank's template says so.
 *
 *   A ردیف              row number, from 1
 *   B شماره شبا          IR + 24 digits, as text
 *   C مبلغ (ریال)        what arrives, whole Rials, a number without separators
 *   D نام صاحب حساب      the destination's holder name
 *   E شرح               the transfer description (at most 100 characters)
 *   F شناسه واریز        our reference of the transfer (the payout id, 32 hex digits), quoted back in the result
 *   G شماره دسته         the batch reference, the same on every row
 *
 * One sheet, "ACH", right to left, the header on row 1. The bank's result file (CSV or Excel) is
 * read by its header names, Persian or English: شناسه واریز | reference, شماره شبا | sheba,
 * وضعیت | status, شماره پیگیری | bank reference, علت برگشت | reason.
 */
export const PAYA_HEADERS = ['ردیف', 'شماره شبا', 'مبلغ (ریال)', 'نام صاحب حساب', 'شرح', 'شناسه واریز', 'شماره دسته'] as const;

const DESCRIPTION_MAX = 100;
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

async function buildFile(batch: RailBatch): Promise<RailFile> {
  const wb = new ExcelJS.Workbook();
  // Fixed metadata, so the same batch makes the same workbook.
  wb.creator = 'Dargah';
  wb.created = batch.createdAt;
  wb.modified = batch.createdAt;
  const ws = wb.addWorksheet('ACH', { views: [{ rightToLeft: true, state: 'frozen', ySplit: 1 }] });
  ws.columns = [{ width: 8 }, { width: 30 }, { width: 18 }, { width: 30 }, { width: 40 }, { width: 36 }, { width: 24 }];
  ws.addRow([...PAYA_HEADERS]).font = { bold: true };
  batch.transfers.forEach((t, i) => {
    const row = ws.addRow([i + 1, t.sheba, Number(t.amount), t.holderName, t.description.slice(0, DESCRIPTION_MAX), t.reference, batch.reference]);
    row.getCell(2).numFmt = '@';
    row.getCell(3).numFmt = '0';
    row.getCell(6).numFmt = '@';
  });
  const bytes = Buffer.from(await wb.xlsx.writeBuffer());
  return { bytes, contentType: XLSX, extension: 'xlsx' };
}

type Column = 'reference' | 'sheba' | 'status' | 'bankRef' | 'reason';

const HEADER_NAMES: Record<Column, string[]> = {
  reference: ['شناسه واریز', 'شناسه پرداخت', 'reference', 'payment id', 'paymentid'],
  sheba: ['شماره شبا', 'شبا', 'sheba', 'iban'],
  status: ['وضعیت', 'status'],
  bankRef: ['شماره پیگیری', 'کد پیگیری', 'bank reference', 'bankref', 'bank ref', 'trace'],
  reason: ['علت برگشت', 'دلیل برگشت', 'reason', 'return reason'],
};

const PAID = ['paid', 'موفق', 'واریز شد', 'انجام شد', 'settled', 'transferred', 'success'];
const RETURNED = ['returned', 'برگشتی', 'برگشت', 'برگشت خورده', 'ناموفق', 'rejected', 'not_settled', 'failed'];

/** Lower case, ASCII digits, one space, no ZWNJ or direction marks: how headers and statuses are compared. */
function norm(v: string): string {
  return toAsciiDigits(v)
    .replace(/[\u200c\u200e\u200f\ufeff]/g, ' ')
    .replace(/ي/g, 'ی')
    .replace(/ك/g, 'ک')
    .replace(/\s+/g, ' ')
    .trim()
    .toLowerCase();
}

function outcomeOf(status: string): 'paid' | 'returned' | null {
  const s = norm(status);
  if (PAID.includes(s)) return 'paid';
  if (RETURNED.includes(s)) return 'returned';
  return null;
}

/** RFC 4180 rows: quoted fields, doubled quotes, CRLF or LF; a UTF-8 BOM is dropped. */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  const s = text.replace(/^\ufeff/, '');
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if (quoted) {
      if (c === '"' && s[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(field);
      field = '';
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && s[i + 1] === '\n') i++;
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
    } else field += c;
  }
  if (field !== '' || row.length) {
    row.push(field);
    rows.push(row);
  }
  return rows.filter((r) => r.some((f) => f.trim() !== ''));
}

function cellText(v: ExcelJS.CellValue): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'object') {
    if ('richText' in v) return v.richText.map((r) => r.text).join('');
    if ('text' in v) return String(v.text);
    if ('result' in v) return String(v.result ?? '');
    if (v instanceof Date) return v.toISOString();
  }
  return String(v);
}

async function readRows(bytes: Buffer): Promise<string[][] | null> {
  // An xlsx is a zip ("PK"); anything else is read as UTF-8 CSV.
  if (bytes.subarray(0, 2).toString('latin1') === 'PK') {
    const wb = new ExcelJS.Workbook();
    try {
      await wb.xlsx.load(bytes as unknown as ArrayBuffer);
    } catch {
      return null;
    }
    const ws = wb.worksheets[0];
    if (!ws) return null;
    const rows: string[][] = [];
    ws.eachRow({ includeEmpty: false }, (r) => {
      const values: string[] = [];
      for (let c = 1; c <= r.cellCount; c++) values.push(cellText(r.getCell(c).value));
      rows.push(values);
    });
    return rows;
  }
  const text = bytes.toString('utf8');
  if (text.includes('\u0000')) return null;
  return parseCsv(text);
}

async function parseResult(bytes: Buffer): Promise<RailResult | null> {
  const rows = await readRows(bytes);
  if (!rows || rows.length === 0) return null;
  const header = rows[0].map(norm);
  const col = {} as Record<Column, number>;
  for (const [name, aliases] of Object.entries(HEADER_NAMES) as [Column, string[]][]) col[name] = header.findIndex((h) => aliases.includes(h));
  if (col.status < 0 || (col.reference < 0 && col.sheba < 0)) return null;
  const outcomes: RailOutcome[] = [];
  const errors: RailParseError[] = [];
  rows.slice(1).forEach((r, i) => {
    const line = i + 2;
    const at = (c: number) => (c >= 0 ? (r[c] ?? '').trim() : '');
    const outcome = outcomeOf(at(col.status));
    if (!outcome) return errors.push({ line, error: 'statusUnknown' });
    const reference = norm(at(col.reference)).replace(/-/g, '') || null;
    const sheba = at(col.sheba) ? normalizeSheba(at(col.sheba)) : null;
    if (!reference && !sheba) return errors.push({ line, error: 'rowUnmatched' });
    const reason = at(col.reason) || null;
    if (outcome === 'returned' && !reason) return errors.push({ line, error: 'reasonMissing' });
    outcomes.push({ line, reference, sheba, outcome, bankRef: at(col.bankRef) ? toAsciiDigits(at(col.bankRef)).slice(0, 60) : null, reason });
  });
  return { outcomes, errors };
}

export const payaFileRail: FileRail = { kind: 'file', id: 'paya-file', buildFile, parseResult };
