import { and, asc, desc, eq, gte, inArray, lt, lte, sql, type SQL } from 'drizzle-orm';
import type { Db } from '@/db';
import { merchantServices, paymentAttempts, paymentLinkSettings, payments, platforms, refunds, users } from '@/db/schema';
import { ownedBy, type Actor } from '@/lib/actor';
import { isUuid } from '@/lib/validation/ids';
import { dateWindow, type TransactionFilters } from './filters';

/**
 * The transaction-details report: every payment a merchant (or, for staff, anyone) may see,
 * filtered, sorted by date or amount, in keyset pages of 50 (no OFFSET), with totals of the whole
 * filtered set by state.
 */
export const PAGE = 50;

/**
 * Which platforms an actor may see (a merchant: its own; staff: everyone's), narrowed by the
 * merchant, platform and service filters: the conditions on `platforms`, or none for staff
 * looking at everyone.
 */
function platformConds(db: Db, actor: Actor, f: TransactionFilters): SQL[] {
  const conds: SQL[] = [];
  const own = ownedBy(actor, platforms.userId);
  if (own) conds.push(own);
  else if (f.merchant) conds.push(eq(platforms.userId, f.merchant));
  if (f.platform) conds.push(eq(platforms.id, f.platform));
  if (f.service) {
    conds.push(
      inArray(platforms.merchantServiceId, db.select({ id: merchantServices.id }).from(merchantServices).where(eq(merchantServices.serviceId, f.service))),
    );
  }
  return conds;
}

/**
 * The WHERE of a report: the actor's ownership first, so no filter can widen what a merchant sees.
 * `scoped`: the caller already limits the query to platform ids from `scopedPlatformIds`.
 */
export function whereOf(db: Db, actor: Actor, f: TransactionFilters, now = new Date(), opts: { scoped?: boolean } = {}): SQL {
  const conds = filterConds(f, now);
  const onPlatforms = opts.scoped ? [] : platformConds(db, actor, f);
  if (onPlatforms.length) {
    conds.unshift(
      inArray(
        payments.platformId,
        db
          .select({ id: platforms.id })
          .from(platforms)
          .where(and(...onPlatforms)),
      ),
    );
  }
  return and(...conds) ?? sql`true`;
}

/** The platform ids an actor and the platform/service/merchant filters allow; null for "all" (staff). */
export async function scopedPlatformIds(db: Db, actor: Actor, f: TransactionFilters): Promise<string[] | null> {
  const conds = platformConds(db, actor, f);
  if (!conds.length) return null;
  const rows = await db
    .select({ id: platforms.id })
    .from(platforms)
    .where(and(...conds));
  return rows.map((r) => r.id);
}

function filterConds(f: TransactionFilters, now: Date): (SQL | undefined)[] {
  // These reports are in Rials: lira payments (the virtual POS, recorded only) have their own list
  // and totals (lib/vpos), so no sum here ever adds lira to Rials.
  const conds: (SQL | undefined)[] = [eq(payments.currency, 'IRR')];
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
  return conds;
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

/**
 * One page: 50 rows after (or before) a cursor, and the cursors of the neighbouring pages.
 * A merchant's few platforms are read one index range each (platform, key, id) and merged, so a
 * page costs a few short index scans however many rows the merchant has.
 */
export async function transactionPage(db: Db, actor: Actor, f: TransactionFilters, now = new Date()) {
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
  const cursorCond = cursor
    ? (() => {
        const v = byAmount ? sql`${cursor.v}::bigint` : sql`${cursor.v}::timestamptz`;
        return goDesc ? sql`(${key}, ${payments.id}) < (${v}, ${cursor.id}::uuid)` : sql`(${key}, ${payments.id}) > (${v}, ${cursor.id}::uuid)`;
      })()
    : undefined;
  const order = goDesc ? [desc(key), desc(payments.id)] : [asc(key), asc(payments.id)];
  // The sort key as an exact integer (microseconds or Rials), to merge per-platform pages.
  const keyOf = byAmount ? sql<string>`${payments.amount}::text` : sql<string>`(extract(epoch from ${payments.createdAt}) * 1000000)::bigint::text`;
  const pick = { id: payments.id, k: keyOf };

  const ids = await scopedPlatformIds(db, actor, f);
  let picked: { id: string; k: string }[];
  if (ids && ids.length === 0) picked = [];
  else if (ids && ids.length <= 50) {
    const where = whereOf(db, actor, f, now, { scoped: true });
    const per = await Promise.all(
      ids.map((pid) =>
        db
          .select(pick)
          .from(payments)
          .where(and(eq(payments.platformId, pid), where, cursorCond))
          .orderBy(...order)
          .limit(PAGE + 1),
      ),
    );
    const cmp = (a: { id: string; k: string }, b: { id: string; k: string }) => {
      const d = BigInt(a.k) - BigInt(b.k);
      const c = d === 0n ? (a.id < b.id ? -1 : a.id > b.id ? 1 : 0) : d < 0n ? -1 : 1;
      return goDesc ? -c : c;
    };
    picked = per
      .flat()
      .sort(cmp)
      .slice(0, PAGE + 1);
  } else {
    picked = await db
      .select(pick)
      .from(payments)
      .where(and(whereOf(db, actor, f, now), cursorCond))
      .orderBy(...order)
      .limit(PAGE + 1);
  }
  const full = picked.length
    ? ((await db
        .select(rowColumns)
        .from(payments)
        .innerJoin(platforms, eq(platforms.id, payments.platformId))
        .leftJoin(paymentLinkSettings, eq(paymentLinkSettings.platformId, payments.platformId))
        .where(
          inArray(
            payments.id,
            picked.map((p) => p.id),
          ),
        )) as ReportRow[])
    : [];
  const byId = new Map(full.map((r) => [r.payment.id, r]));
  const rows = picked.map((p) => byId.get(p.id)!).filter(Boolean);
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
export async function transactionTotals(db: Db, actor: Actor, f: TransactionFilters, now = new Date()) {
  const rows = await db
    .select({ state: payments.state, count: sql<number>`count(*)::int`, sum: sql<string>`coalesce(sum(${payments.amount}), 0)::text` })
    .from(payments)
    .where(whereOf(db, actor, f, now))
    .groupBy(payments.state);
  const byState = rows.map((r) => ({ state: r.state, count: r.count, sum: BigInt(r.sum) }));
  return {
    byState,
    count: byState.reduce((a, r) => a + r.count, 0),
    sum: byState.reduce((a, r) => a + r.sum, 0n),
  };
}

/** One payment with its attempt log, if the actor may see it. */
export async function transactionDetail(db: Db, actor: Actor, id: string) {
  if (!isUuid(id)) return null;
  const [row] = await db
    .select({ ...rowColumns, merchant: { firstName: users.firstName, lastName: users.lastName, mobile: users.mobile } })
    .from(payments)
    .innerJoin(platforms, eq(platforms.id, payments.platformId))
    .innerJoin(users, eq(users.id, platforms.userId))
    .leftJoin(paymentLinkSettings, eq(paymentLinkSettings.platformId, payments.platformId))
    .where(and(eq(payments.id, id), ownedBy(actor, platforms.userId)));
  if (!row) return null;
  const [attempts, [back]] = await Promise.all([
    db.select().from(paymentAttempts).where(eq(paymentAttempts.paymentId, id)).orderBy(asc(paymentAttempts.at), asc(paymentAttempts.id)),
    db
      .select({ took: sql<string>`coalesce(sum(${refunds.amount} - ${refunds.feeReturned}), 0)::text` })
      .from(refunds)
      .where(and(eq(refunds.paymentId, id), sql`${refunds.state} <> 'failed'`)),
  ]);
  const p = row.payment;
  // What the merchant keeps: a successful payment's amount less its fee and what refunds took from
  // the merchant (a refund that gave the fee back took that much less). Nothing for the others.
  const net = p.state === 'succeeded' ? p.amount - (p.fee ?? 0n) - BigInt(back?.took ?? '0') : null;
  return { ...row, attempts, net };
}
