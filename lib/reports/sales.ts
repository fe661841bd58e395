import { and, eq, sql } from 'drizzle-orm';
import type { Db } from '@/db';
import { payments, platforms } from '@/db/schema';
import type { PaymentSource, TransactionFilters } from './filters';
import { dateWindow } from './filters';
import { addDays, formatJDay, jdayOf, startOfJDay, type JDay } from './jalali';
import type { Actor } from '@/lib/actor';
import { whereOf } from './transactions';

/**
 * The sales summary: per product and platform, successful purchases (count and sum), failures
 * and the success rate; the same per day; and the same totals for the period just before, for
 * comparison. Failures are failed or canceled payments; open ones count in neither.
 */
const OK = sql`${payments.state} = 'succeeded'`;
const FAILED = sql`${payments.state} in ('failed', 'canceled')`;

export type SalesLine = { platform: string; product: string | null; succeeded: number; sum: bigint; failed: number; rate: number | null };
/** One source's figures (payment link, API, phone …), so each channel's share of the period shows. */
export type SalesSource = { source: PaymentSource; succeeded: number; sum: bigint; failed: number; rate: number | null };
export type SalesDay = { day: JDay; succeeded: number; sum: bigint; failed: number; rate: number | null };
/** `refunded`: what refunds not failed took back from the period's successful payments (`refundedCount` of them). */
export type SalesTotals = { succeeded: number; sum: bigint; failed: number; rate: number | null; refunded: bigint; refundedCount: number };

/** The longest period drawn day by day with its empty days (about three years); longer ones show only days with payments. */
export const MAX_FILLED_DAYS = 1100;

/**
 * Every day of [from, to] in order, a day without payments as zeros (rate unknown), so a chart
 * and the table never skip a quiet day and its neighbours do not look adjacent.
 */
export function fillDays(from: JDay, to: JDay, days: SalesDay[]): SalesDay[] {
  const start = startOfJDay(from).getTime();
  const span = Math.round((startOfJDay(to).getTime() - start) / 86_400_000) + 1;
  if (span <= 0 || span > MAX_FILLED_DAYS) return days;
  const byDay = new Map(days.map((d) => [formatJDay(d.day), d]));
  const out: SalesDay[] = [];
  for (let i = 0; i < span; i++) {
    const day = addDays(from, i);
    out.push(byDay.get(formatJDay(day)) ?? { day, succeeded: 0, sum: 0n, failed: 0, rate: null });
  }
  return out;
}

const rate = (ok: number, failed: number) => (ok + failed ? ok / (ok + failed) : null);

async function totals(db: Db, actor: Actor, f: TransactionFilters): Promise<SalesTotals> {
  const [r] = await db
    .select({
      ok: sql<number>`count(*) filter (where ${OK})::int`,
      sum: sql<string>`coalesce(sum(${payments.amount}) filter (where ${OK}), 0)::text`,
      failed: sql<number>`count(*) filter (where ${FAILED})::int`,
      refunded: sql<string>`coalesce(sum(${payments.refundedAmount}) filter (where ${OK}), 0)::text`,
      refundedCount: sql<number>`count(*) filter (where ${OK} and ${payments.refundedAmount} > 0)::int`,
    })
    .from(payments)
    .where(whereOf(db, actor, f));
  return { succeeded: r.ok, sum: BigInt(r.sum), failed: r.failed, rate: rate(r.ok, r.failed), refunded: BigInt(r.refunded), refundedCount: r.refundedCount };
}

export async function salesSummary(db: Db, actor: Actor, input: TransactionFilters, now = new Date()) {
  // A period is needed to compare with: this Jalali month unless one is chosen.
  const f: TransactionFilters = input.preset || input.from || input.to ? { ...input, state: undefined } : { ...input, preset: 'thisMonth', state: undefined };
  const w = dateWindow(f, now);
  const start = w.start ?? new Date(now.getTime() - 30 * 86_400_000);
  const end = w.end ?? now;
  const span = end.getTime() - start.getTime();
  const previous: TransactionFilters = {
    ...f,
    preset: undefined,
    from: jdayOf(new Date(start.getTime() - span)),
    to: jdayOf(new Date(start.getTime() - 1)),
  };
  const where = whereOf(db, actor, f, now);
  const day = sql<string>`((${payments.createdAt} at time zone 'Asia/Tehran')::date)::text`;
  const [lines, sources, days, current, before] = await Promise.all([
    db
      .select({
        platform: platforms.name,
        product: payments.product,
        ok: sql<number>`count(*) filter (where ${OK})::int`,
        sum: sql<string>`coalesce(sum(${payments.amount}) filter (where ${OK}), 0)::text`,
        failed: sql<number>`count(*) filter (where ${FAILED})::int`,
      })
      .from(payments)
      .innerJoin(platforms, eq(platforms.id, payments.platformId))
      .where(and(where))
      .groupBy(platforms.name, payments.product)
      .orderBy(sql`3 desc`),
    db
      .select({
        source: payments.source,
        ok: sql<number>`count(*) filter (where ${OK})::int`,
        sum: sql<string>`coalesce(sum(${payments.amount}) filter (where ${OK}), 0)::text`,
        failed: sql<number>`count(*) filter (where ${FAILED})::int`,
      })
      .from(payments)
      .where(where)
      .groupBy(payments.source)
      .orderBy(sql`2 desc`, payments.source),
    db
      .select({
        day,
        ok: sql<number>`count(*) filter (where ${OK})::int`,
        sum: sql<string>`coalesce(sum(${payments.amount}) filter (where ${OK}), 0)::text`,
        failed: sql<number>`count(*) filter (where ${FAILED})::int`,
      })
      .from(payments)
      .where(where)
      .groupBy(day)
      .orderBy(day),
    totals(db, actor, f),
    totals(db, actor, previous),
  ]);
  const from = w.from ?? jdayOf(start);
  const to = w.to ?? jdayOf(new Date(end.getTime() - 1));
  return {
    from,
    to,
    /** The preset the figures are for (this month when nothing was chosen); none for a custom range. */
    preset: f.preset ?? null,
    lines: lines.map<SalesLine>((l) => ({
      platform: l.platform,
      product: l.product,
      succeeded: l.ok,
      sum: BigInt(l.sum),
      failed: l.failed,
      rate: rate(l.ok, l.failed),
    })),
    sources: sources.map<SalesSource>((l) => ({ source: l.source, succeeded: l.ok, sum: BigInt(l.sum), failed: l.failed, rate: rate(l.ok, l.failed) })),
    days: fillDays(
      from,
      to,
      days.map<SalesDay>((d) => {
        const [y, m, dd] = d.day.split('-').map(Number);
        // The Tehran calendar day, noon UTC of it, read back as a Jalali day.
        return { day: jdayOf(new Date(Date.UTC(y, m - 1, dd, 12))), succeeded: d.ok, sum: BigInt(d.sum), failed: d.failed, rate: rate(d.ok, d.failed) };
      }),
    ),
    current,
    previous: before,
  };
}
