import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import type { Db, DbOrTx } from '@/db';
import { merchantServices, payments, platforms, topupBulks, topupOrders, topupProducts, type TopupBulk, type TopupOrder, type TopupProduct } from '@/db/schema';
import type { MerchantActor, StaffActor } from '@/lib/actor';
import { LedgerError, platformBalances, postTopupBulkPaid } from '@/lib/ledger';
import { MAX_RIALS } from '@/lib/money';
import { createPayment } from '@/lib/payments';
import { err, ok, type Result } from '@/lib/result';
import { toAsciiDigits } from '@/lib/validation/digits';
import { isUuid } from '@/lib/validation/ids';
import { chargePlatform, commissionFor, deliverTopup, quoteTopup, topupProvider, type TopupQuoteError } from '.';
import { OPERATORS, type Operator } from './provider';
import { logger } from '@/lib/log';

/**
 * Bulk top-up: a merchant (a company charging its staff's phones) uploads a list, sees each row
 * checked by the same rules as every other top-up (`quoteTopup`), and pays the valid rows at once
 * from the platform's withdrawable balance — one transaction: the bulk, a succeeded payment of
 * method `balance` and a paid order per row, and one posting withdrawable → topup_clearing for the
 * total, refused as a whole when the balance does not cover it. Delivery then runs per order as
 * for any paid top-up; a row that fails for good returns its amount to withdrawable (applyAnswer).
 *
 * The file is parsed again on pay: the preview the browser holds is never trusted.
 */

export const BULK_MAX_BYTES = 2 * 1024 * 1024;
export const BULK_MAX_ROWS = 1_000;

export type BulkFileError = 'fileTooLarge' | 'fileInvalid' | 'fileEmpty' | 'tooManyRows';
export type BulkRowError = TopupQuoteError;

/** One line of the sheet as typed (spreadsheet row number kept for the merchant). */
export type BulkLine = { row: number; mobile: string; operator: string; product: string; amount: string };

export type BulkPreviewRow =
  | { row: number; ok: true; mobile: string; operator: Operator; productId: string; productTitle: string; amount: bigint }
  | { row: number; ok: false; mobile: string; error: BulkRowError };

export type BulkPreview = { rows: BulkPreviewRow[]; validCount: number; total: bigint };

const HEADERS: Record<keyof Omit<BulkLine, 'row'>, string[]> = {
  mobile: ['mobile', 'موبایل', 'شماره موبایل', 'شماره', 'phone'],
  operator: ['operator', 'اپراتور'],
  product: ['product', 'محصول', 'بسته', 'package'],
  amount: ['amount', 'مبلغ', 'مبلغ (ریال)', 'amount (rials)'],
};

/** Operator names a merchant may type (ours, and the Persian ones). */
const OPERATOR_NAMES: Record<string, Operator> = {
  'همراه اول': 'mci',
  همراه: 'mci',
  ایرانسل: 'irancell',
  رایتل: 'rightel',
  شاتل: 'shatel',
  'شاتل موبایل': 'shatel',
  آپتل: 'aptel',
  سامانتل: 'samantel',
  تلکیش: 'telekish',
  تالیا: 'taliya',
  hamrahaval: 'mci',
  'hamrah-e aval': 'mci',
};

const clean = (s: string) =>
  s
    .replace(/[\u200c\u200e\u200f]/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();

function cellText(cell: ExcelJS.Cell): string {
  const v = cell.value;
  if (v === null || v === undefined) return '';
  if (typeof v === 'number') return Number.isInteger(v) ? v.toFixed(0) : String(v);
  if (typeof v === 'string') return v;
  if (typeof v === 'object' && 'result' in v) return v.result === undefined || v.result === null ? '' : String(v.result);
  if (typeof v === 'object' && 'richText' in v) return v.richText.map((r) => r.text).join('');
  if (typeof v === 'object' && 'text' in v) return String(v.text);
  return String(cell.text ?? '');
}

/**
 * The lines of an uploaded .xlsx: the first sheet, a header row naming the columns (mobile,
 * operator, product, amount — English or Persian; in that order when the header names none of
 * them), blank lines skipped. The size is checked on the bytes, and the bytes must be a zip (an
 * .xlsx), whatever the name or type the browser sent.
 */
export async function parseBulkFile(bytes: Uint8Array): Promise<Result<BulkLine[], BulkFileError>> {
  if (bytes.byteLength > BULK_MAX_BYTES) return err('fileTooLarge');
  if (bytes.byteLength < 4 || bytes[0] !== 0x50 || bytes[1] !== 0x4b || bytes[2] !== 0x03 || bytes[3] !== 0x04) return err('fileInvalid');
  const wb = new ExcelJS.Workbook();
  try {
    await wb.xlsx.load(Buffer.from(bytes) as never);
  } catch {
    return err('fileInvalid');
  }
  const sheet = wb.worksheets[0];
  if (!sheet) return err('fileEmpty');
  if (sheet.actualRowCount > BULK_MAX_ROWS + 1) return err('tooManyRows');
  const header = sheet.getRow(1);
  const cols: Record<keyof Omit<BulkLine, 'row'>, number> = { mobile: 1, operator: 2, product: 3, amount: 4 };
  const named = new Map<string, number>();
  header.eachCell((cell, col) => named.set(clean(cellText(cell)).toLowerCase(), col));
  let anyNamed = false;
  for (const key of Object.keys(HEADERS) as (keyof typeof HEADERS)[]) {
    const col = HEADERS[key].map((h) => named.get(h)).find((c) => c !== undefined);
    if (col !== undefined) {
      cols[key] = col;
      anyNamed = true;
    }
  }
  const lines: BulkLine[] = [];
  // Only the rows that hold something: a stray cell far down the sheet costs nothing.
  sheet.eachRow((row, r) => {
    if (r === 1 && anyNamed) return;
    const line: BulkLine = {
      row: r,
      mobile: clean(cellText(row.getCell(cols.mobile))).slice(0, 60),
      operator: clean(cellText(row.getCell(cols.operator))).slice(0, 60),
      product: clean(cellText(row.getCell(cols.product))).slice(0, 100),
      amount: clean(cellText(row.getCell(cols.amount))).slice(0, 60),
    };
    if (line.mobile || line.operator || line.product || line.amount) lines.push(line);
  });
  if (lines.length > BULK_MAX_ROWS) return err('tooManyRows');
  if (!lines.length) return err('fileEmpty');
  return ok(lines);
}

function operatorOf(typed: string): Operator | null | 'unknown' {
  if (!typed) return null;
  const t = typed.toLowerCase();
  if ((OPERATORS as readonly string[]).includes(t)) return t as Operator;
  return OPERATOR_NAMES[t] ?? OPERATOR_NAMES[typed] ?? 'unknown';
}

function amountOf(typed: string): bigint | null | 'invalid' {
  if (!typed) return null;
  const s = toAsciiDigits(typed).replace(/[\s,٬]/g, '');
  if (!/^\d{1,19}$/.test(s)) return 'invalid';
  const n = BigInt(s);
  return n <= 0n || n > MAX_RIALS ? 'invalid' : n;
}

/** Each line checked by `quoteTopup` (live top-ups); a product is named by our id or the provider's. */
export async function previewBulk(db: DbOrTx, lines: BulkLine[]): Promise<BulkPreview> {
  const provider = await topupProvider(db, true);
  const byUpstream = new Map<string, TopupProduct>();
  if (provider) {
    const named = [...new Set(lines.map((l) => l.product).filter((p) => p && !isUuid(p)))];
    if (named.length) {
      const found = await db
        .select()
        .from(topupProducts)
        .where(and(eq(topupProducts.provider, provider.id), inArray(topupProducts.upstreamId, named)));
      for (const p of found) byUpstream.set(p.upstreamId, p);
    }
  }
  const rows: BulkPreviewRow[] = [];
  for (const l of lines) {
    const operator = operatorOf(l.operator);
    const amount = amountOf(l.amount);
    const refuse = (error: BulkRowError) => rows.push({ row: l.row, ok: false, mobile: l.mobile, error });
    if (operator === 'unknown') {
      refuse('operatorUnknown');
      continue;
    }
    if (amount === 'invalid') {
      refuse('amountNotAllowed');
      continue;
    }
    const productId = !l.product ? null : isUuid(l.product) ? l.product : (byUpstream.get(l.product)?.id ?? '-');
    const q = await quoteTopup(db, { livemode: true, mobile: l.mobile, operator, productId, amount });
    if (!q.ok) {
      refuse(q.error!);
      continue;
    }
    rows.push({
      row: l.row,
      ok: true,
      mobile: q.data.mobile,
      operator: q.data.operator,
      productId: q.data.product.id,
      productTitle: q.data.product.titleFa,
      amount: q.data.amount,
    });
  }
  const valid = rows.filter((r) => r.ok);
  return { rows, validCount: valid.length, total: valid.reduce((a, r) => a + r.amount, 0n) };
}

/** The merchant's platforms of the charge service that may sell, with their withdrawable balances. */
export async function bulkPlatformsOf(db: DbOrTx, actor: MerchantActor): Promise<{ id: string; name: string; withdrawable: bigint }[]> {
  const rows = await db
    .select({ id: platforms.id, name: platforms.name })
    .from(platforms)
    .innerJoin(merchantServices, eq(merchantServices.id, platforms.merchantServiceId))
    .where(and(eq(platforms.userId, actor.merchantId), eq(merchantServices.serviceId, 'charge'), eq(platforms.status, 'approved')))
    .orderBy(asc(platforms.name));
  return Promise.all(rows.map(async (r) => ({ ...r, withdrawable: (await platformBalances(db, r.id)).withdrawable })));
}

/** The uploaded file's preview for a platform of the merchant's charge service (null: not theirs). */
export async function previewBulkUpload(
  db: Db,
  actor: MerchantActor,
  input: { platformId: string; bytes: Uint8Array },
): Promise<Result<BulkPreview & { withdrawable: bigint }, BulkFileError | 'notFound'>> {
  const platform = await chargePlatform(db, input.platformId, actor.merchantId);
  if (!platform) return err('notFound');
  const lines = await parseBulkFile(input.bytes);
  if (!lines.ok) return err(lines.error!);
  const preview = await previewBulk(db, lines.data);
  const { withdrawable } = await platformBalances(db, platform.id);
  return ok({ ...preview, withdrawable });
}

export type PayBulkError = BulkFileError | 'notFound' | 'platformInactive' | 'nothingToPay' | 'insufficientBalance';

class Insufficient extends Error {}

/**
 * Pays the valid rows of an upload from the platform's withdrawable balance, all or nothing. The
 * client's key (one per upload and confirm) makes a second submit answer the first bulk.
 * Delivery is not started here: the caller runs `deliverBulk` once this has committed.
 */
export async function payBulk(
  db: Db,
  actor: MerchantActor,
  input: { platformId: string; bytes: Uint8Array; key: string },
): Promise<Result<{ bulk: TopupBulk; created: boolean }, PayBulkError>> {
  const platform = await chargePlatform(db, input.platformId, actor.merchantId);
  if (!platform) return err('notFound');
  const existing = await bulkByKey(db, platform.id, input.key);
  if (existing) return ok({ bulk: existing, created: false });
  if (platform.status !== 'approved') return err('platformInactive');
  const lines = await parseBulkFile(input.bytes);
  if (!lines.ok) return err(lines.error!);
  const preview = await previewBulk(db, lines.data);
  const valid = preview.rows.filter((r) => r.ok);
  if (!valid.length) return err('nothingToPay');
  const provider = await topupProvider(db, true);
  if (!provider) return err('nothingToPay');
  const products = new Map(
    (
      await db
        .select()
        .from(topupProducts)
        .where(inArray(topupProducts.id, [...new Set(valid.map((r) => r.productId))]))
    ).map((p) => [p.id, p]),
  );
  const commission = new Map<string, number>();
  for (const p of products.values()) {
    const k = `${p.operator}:${p.kind}`;
    if (!commission.has(k)) commission.set(k, await commissionFor(db, p.operator, p.kind));
  }
  try {
    return await db.transaction(async (tx) => {
      const [bulk] = await tx
        .insert(topupBulks)
        .values({ platformId: platform.id, createdBy: actor.userId, idempotencyKey: input.key, rowCount: valid.length, total: preview.total })
        .onConflictDoNothing({ target: [topupBulks.platformId, topupBulks.idempotencyKey] })
        .returning();
      if (!bulk) {
        // The same key committed meanwhile (a double submit racing this one): that one is the payment.
        const first = await bulkByKey(tx, platform.id, input.key);
        return ok({ bulk: first!, created: false });
      }
      try {
        await postTopupBulkPaid(tx, { bulkId: bulk.id, platformId: platform.id, amount: preview.total });
      } catch (e) {
        if (e instanceof LedgerError && e.code === 'insufficientFunds') throw new Insufficient();
        throw e;
      }
      const now = new Date();
      const paymentIds: string[] = [];
      const orders: (typeof topupOrders.$inferInsert)[] = [];
      for (const r of valid) {
        const product = products.get(r.productId)!;
        const orderId = `bulk-${bulk.id}-${r.row}`;
        const payment = await createPayment(tx, {
          platformId: platform.id,
          source: 'topup',
          method: 'balance',
          state: 'succeeded',
          livemode: true,
          amount: r.amount,
          orderId,
          payerMobile: r.mobile,
          description: product.titleFa,
          product: product.upstreamId.slice(0, 64),
          amountLocked: true,
        });
        paymentIds.push(payment.id);
        orders.push({
          platformId: platform.id,
          paymentId: payment.id,
          livemode: true,
          orderId,
          mobile: r.mobile,
          operator: r.operator,
          productId: product.id,
          provider: provider.id,
          upstreamId: product.upstreamId,
          kind: product.kind,
          title: product.titleFa,
          amount: r.amount,
          marginBasisPoints: product.marginBasisPoints,
          commissionBasisPoints: commission.get(`${product.operator}:${product.kind}`)!,
          state: 'paid',
          channel: 'bulk',
          bulkId: bulk.id,
        });
      }
      // Paid from the balance: no gateway fee, nothing for the settlement run to move.
      await tx.update(payments).set({ fee: 0n, completedAt: now, settledAt: now, updatedAt: now }).where(inArray(payments.id, paymentIds));
      await tx.insert(topupOrders).values(orders);
      return ok({ bulk, created: true });
    });
  } catch (e) {
    if (e instanceof Insufficient) return err('insufficientBalance');
    throw e;
  }
}

async function bulkByKey(db: DbOrTx, platformId: string, key: string): Promise<TopupBulk | null> {
  const [b] = await db
    .select()
    .from(topupBulks)
    .where(and(eq(topupBulks.platformId, platformId), eq(topupBulks.idempotencyKey, key)));
  return b ?? null;
}

/** Delivers a bulk's paid orders a few at a time; whatever is left (or fails to answer) the top-up janitor picks up. */
export async function deliverBulk(db: Db, bulkId: string, opts: { concurrency?: number; max?: number } = {}): Promise<number> {
  if (!isUuid(bulkId)) return 0;
  const due = await db
    .select({ id: topupOrders.id })
    .from(topupOrders)
    .where(and(eq(topupOrders.bulkId, bulkId), eq(topupOrders.state, 'paid')))
    .orderBy(asc(topupOrders.createdAt))
    .limit(opts.max ?? BULK_MAX_ROWS);
  let next = 0;
  const worker = async () => {
    while (next < due.length) {
      const { id } = due[next++];
      try {
        await deliverTopup(db, id);
      } catch (e) {
        logger({ module: 'topup' }).error({ err: e, topupId: id }, 'bulk top-up delivery failed');
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, opts.concurrency ?? 4) }, worker));
  return due.length;
}

// ————————————————————————————————————————————————— results

export type BulkRowState = 'delivered' | 'failed' | 'pending';
export type BulkResultRow = {
  row: number;
  orderId: string;
  mobile: string;
  operator: Operator;
  product: string;
  amount: bigint;
  state: BulkRowState;
  deliveryRef: string | null;
  reason: string | null;
};
export type BulkResults = { bulk: TopupBulk; rows: BulkResultRow[]; counts: Record<BulkRowState, number> };

const stateOf = (o: TopupOrder): BulkRowState =>
  o.state === 'delivered' ? 'delivered' : o.state === 'failed' || o.state === 'canceled' ? 'failed' : 'pending';

/** A bulk and its rows as they stand, for its owner (or staff); null for anyone else's or no such bulk. */
export async function getBulkResults(db: Db, actor: MerchantActor | StaffActor, bulkId: string): Promise<BulkResults | null> {
  if (!isUuid(bulkId)) return null;
  const [found] = await db
    .select({ bulk: topupBulks })
    .from(topupBulks)
    .innerJoin(platforms, eq(platforms.id, topupBulks.platformId))
    .where(and(eq(topupBulks.id, bulkId), actor.kind === 'staff' ? undefined : eq(platforms.userId, actor.merchantId)));
  if (!found) return null;
  const orders = await db.select().from(topupOrders).where(eq(topupOrders.bulkId, bulkId));
  const rows = orders
    .map((o) => ({
      row: Number(o.orderId.slice(o.orderId.lastIndexOf('-') + 1)),
      orderId: o.id,
      mobile: o.mobile,
      operator: o.operator,
      product: o.title,
      amount: o.amount,
      state: stateOf(o),
      deliveryRef: o.deliveryRef,
      reason: o.state === 'failed' ? o.failureReason : null,
    }))
    .sort((a, b) => a.row - b.row);
  const counts = { delivered: 0, failed: 0, pending: 0 };
  for (const r of rows) counts[r.state]++;
  let bulk = found.bulk;
  if (bulk.state === 'paid' && counts.pending === 0) {
    const [done] = await db
      .update(topupBulks)
      .set({ state: 'finished' })
      .where(and(eq(topupBulks.id, bulk.id), eq(topupBulks.state, 'paid')))
      .returning();
    bulk = done ?? bulk;
  }
  return { bulk, rows, counts };
}

/** A platform's recent bulks (the merchant's own platforms only). */
export async function listBulks(db: DbOrTx, actor: MerchantActor, limit = 20): Promise<TopupBulk[]> {
  const rows = await db
    .select({ bulk: topupBulks })
    .from(topupBulks)
    .innerJoin(platforms, eq(platforms.id, topupBulks.platformId))
    .where(eq(platforms.userId, actor.merchantId))
    .orderBy(sql`${topupBulks.createdAt} desc`)
    .limit(limit);
  return rows.map((r) => r.bulk);
}

export type BulkSheetLabels = {
  sheet: string;
  row: string;
  mobile: string;
  operator: string;
  product: string;
  amount: string;
  state: string;
  deliveryRef: string;
  reason: string;
  states: Record<BulkRowState, string>;
  operators?: Partial<Record<Operator, string>>;
};

export const ENGLISH_SHEET_LABELS: BulkSheetLabels = {
  sheet: 'Results',
  row: 'Row',
  mobile: 'Mobile',
  operator: 'Operator',
  product: 'Product',
  amount: 'Amount (Rials)',
  state: 'State',
  deliveryRef: 'Delivery reference',
  reason: 'Reason',
  states: { delivered: 'Delivered', failed: 'Failed', pending: 'Pending' },
};

/** The outcome as an .xlsx: one line per row of the upload. */
export async function bulkResultsWorkbook(rows: BulkResultRow[], labels: BulkSheetLabels = ENGLISH_SHEET_LABELS): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet(labels.sheet.slice(0, 31));
  ws.columns = [
    { header: labels.row, key: 'row', width: 6 },
    { header: labels.mobile, key: 'mobile', width: 14 },
    { header: labels.operator, key: 'operator', width: 12 },
    { header: labels.product, key: 'product', width: 32 },
    { header: labels.amount, key: 'amount', width: 14 },
    { header: labels.state, key: 'state', width: 12 },
    { header: labels.deliveryRef, key: 'deliveryRef', width: 24 },
    { header: labels.reason, key: 'reason', width: 40 },
  ];
  ws.getRow(1).font = { bold: true };
  for (const r of rows) {
    ws.addRow({
      row: r.row,
      mobile: r.mobile,
      operator: labels.operators?.[r.operator] ?? r.operator,
      product: r.product,
      // Rials fit a double exactly up to 2^53; larger stays text.
      amount: r.amount <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(r.amount) : r.amount.toString(),
      state: labels.states[r.state],
      deliveryRef: r.deliveryRef ?? '',
      reason: r.reason ?? '',
    });
  }
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/** The template merchants fill in: the header row and two example lines. */
export async function bulkTemplateWorkbook(): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('topup');
  ws.columns = [
    { header: 'mobile', key: 'mobile', width: 16 },
    { header: 'operator', key: 'operator', width: 12 },
    { header: 'product', key: 'product', width: 24 },
    { header: 'amount', key: 'amount', width: 14 },
  ];
  ws.getRow(1).font = { bold: true };
  // Mobiles as text, or Excel drops the leading zero.
  ws.getColumn('mobile').numFmt = '@';
  ws.addRow({ mobile: '09121234567', operator: 'mci', product: '', amount: 50_000 });
  ws.addRow({ mobile: '09351234567', operator: '', product: '', amount: 100_000 });
  return Buffer.from(await wb.xlsx.writeBuffer());
}
