import { and, asc, desc, eq, gte, inArray, lt, lte, sql, type SQL } from 'drizzle-orm';
import type { Db } from '@/db';
import { merchantServices, paymentAttempts, paymentLinkSettings, payments, platforms, users } from '@/db/schema';
import { isUuid } from '@/lib/validation/ids';
import { dateWindow, type TransactionFilters } from './filters';

/**
 * The transaction-details report: every payment a merchant (or, for staff, anyone) may see,
 * filtered, sorted by date or amount, in keyset pages of 50 (no OFFSET), with totals of the whole
 * filtered set by state.
 */
export const PAGE = 50;

export type Scope = { userId: string } | { staff: true };

/** The WHERE of a report: the scope first, so no filter can widen what a merchant sees. */
export function whereOf(db: Db, scope: Scope, f: TransactionFilters, now = new Date()): SQL {
  const conds: (SQL | undefined)[] = [];
  const platformConds: (SQL | undefined)[] = [];
  if ('userId' in scope) platformConds.push(eq(platforms.userId, scope.userId));
  else if (f.merchant) platformConds.push(eq(platforms.userId, f.merchant));
  if (f.service) {
    platformConds.push(
      inArray(platforms.merchantServiceId, db.select({ id: merchantServices.id }).from(merchantServices).where(eq(merchantServices.serviceId, f.service))),
    );
  }
  if (f.platform) conds.push(eq(payments.platformId, f.platform));
  if (platformConds.length) {
    conds.push(
      inArray(
        payments.platformId,
        db
          .select({ id: platforms.id })
          .from(platforms)
          .where(and(...platformConds)),
      ),
    );
  }
  const w = dateWindow(f, now);
  if (w.start) conds.push(gte(payments.createdAt, w.start));
  if (w.end) conds.push(lt(payments.createdAt, w.end));
  if (f.state) conds.push(eq(payments.state, f.state));
  if (f.source) conds.push(eq(payments.source, f.source));
  if (f.product) conds.push(eq(payments.product, f.product));
  if (f.min !== undefined) conds.push(gte(payments.amount, f.min));
  if (f.max !== undefined) conds.push(lte(payments.amount, f.max));
  if (f.tracking) conds.push(f.tracking.length === 11 ? eq(payments.trackingCode, f.tracking) : sql`${payments.trackingCode} like ${`${f.tracking}%`}`);
  if (f.order) conds.push(eq(payments.orderId, f.order));
  if (f.mobile) conds.push(eq(payments.payerMobile, f.mobile));
  if (f.card) conds.push(sql`right(${payments.cardMasked}, 4) = ${f.card}`);
  return and(...conds) ?? sql`true`;
}

type Cursor = { v: string; id: string };

function encodeCursor(c: Cursor): string {
  return Buffer.from(JSON.stringify(c)).toString('base64url');
}

function decodeCursor(raw: string | undefined): Cursor | null {
  if (!raw) return null;
  try {
    const c = JSON.parse(Buffer.from(raw, 'base64url').toString()) as Cursor;
    if (typeof c.v !== 'string' || !isUuid(c.id) || c.v.length > 60) return null;
    return c;
  } catch {
    return null;
  }
}

const rowColumns = {
  payment: payments,
  platformName: platforms.name,
  unit: paymentLinkSettings.displayUnit,
  // The exact stored timestamp (microseconds), for the cursor.
  createdAtText: sql<string>`${payments.createdAt}::text`,
};

export type ReportRow = { payment: typeof payments.$inferSelect; platformName: string; unit: 'rial' | 'toman' | null; createdAtText: string };

/** One page: 50 rows after (or before) a cursor, and the cursors of the neighbouring pages. */
export async function transactionPage(db: Db, scope: Scope, f: TransactionFilters, now = new Date()) {
  const sort = f.sort ?? 'date_desc';
  const byAmount = sort.startsWith('amount');
  const descending = sort.endsWith('desc');
  const key = byAmount ? payments.amount : payments.createdAt;
  const before = decodeCursor(f.before);
  const after = before ? null : decodeCursor(f.after);
  const cursor = before ?? after;
  // Going back a page reads backwards from the cursor, then turns the rows around.
  const forward = !before;
  const goDesc = descending === forward;
  const conds = [whereOf(db, scope, f, now)];
  if (cursor) {
    const v = byAmount ? sql`${cursor.v}::bigint` : sql`${cursor.v}::timestamptz`;
    conds.push(goDesc ? sql`(${key}, ${payments.id}) < (${v}, ${cursor.id}::uuid)` : sql`(${key}, ${payments.id}) > (${v}, ${cursor.id}::uuid)`);
  }
  const order = goDesc ? [desc(key), desc(payments.id)] : [asc(key), asc(payments.id)];
  const rows = (await db
    .select(rowColumns)
    .from(payments)
    .innerJoin(platforms, eq(platforms.id, payments.platformId))
    .leftJoin(paymentLinkSettings, eq(paymentLinkSettings.platformId, payments.platformId))
    .where(and(...conds))
    .orderBy(...order)
    .limit(PAGE + 1)) as ReportRow[];
  const more = rows.length > PAGE;
  const page = rows.slice(0, PAGE);
  if (!forward) page.reverse();
  const cursorOf = (r: ReportRow) => encodeCursor({ v: byAmount ? r.payment.amount.toString() : r.createdAtText, id: r.payment.id });
  const hasNext = forward ? more : true;
  const hasPrev = forward ? Boolean(after) : more;
  return {
    rows: page,
    next: hasNext && page.length ? cursorOf(page[page.length - 1]) : null,
    prev: hasPrev && page.length ? cursorOf(page[0]) : null,
  };
}

/** Count and sum of the whole filtered set, by state. */
export async function transactionTotals(db: Db, scope: Scope, f: TransactionFilters, now = new Date()) {
  const rows = await db
    .select({ state: payments.state, count: sql<number>`count(*)::int`, sum: sql<string>`coalesce(sum(${payments.amount}), 0)::text` })
    .from(payments)
    .where(whereOf(db, scope, f, now))
    .groupBy(payments.state);
  const byState = rows.map((r) => ({ state: r.state, count: r.count, sum: BigInt(r.sum) }));
  return {
    byState,
    count: byState.reduce((a, r) => a + r.count, 0),
    sum: byState.reduce((a, r) => a + r.sum, 0n),
  };
}

/** One payment with its attempt log, if the scope may see it. */
export async function transactionDetail(db: Db, scope: Scope, id: string) {
  if (!isUuid(id)) return null;
  const [row] = await db
    .select({ ...rowColumns, ownerId: platforms.userId, merchant: { firstName: users.firstName, lastName: users.lastName, mobile: users.mobile } })
    .from(payments)
    .innerJoin(platforms, eq(platforms.id, payments.platformId))
    .innerJoin(users, eq(users.id, platforms.userId))
    .leftJoin(paymentLinkSettings, eq(paymentLinkSettings.platformId, payments.platformId))
    .where(eq(payments.id, id));
  if (!row || ('userId' in scope && row.ownerId !== scope.userId)) return null;
  const attempts = await db.select().from(paymentAttempts).where(eq(paymentAttempts.paymentId, id)).orderBy(asc(paymentAttempts.at), asc(paymentAttempts.id));
  return { ...row, attempts };
}
