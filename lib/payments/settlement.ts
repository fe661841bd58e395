import { and, eq, isNull, lte, sql } from 'drizzle-orm';
import type { Db } from '@/db';
import { payments, platforms, settlementRuns } from '@/db/schema';
import { isSettlementDay } from '@/lib/calendar/holidays';
import { TEHRAN_OFFSET_MS } from '@/lib/date/tehran';
import { settleSplitShares } from '@/lib/split/ledger';
import { postSettlement } from '@/lib/ledger';
import { notify } from '@/lib/messages';

/**
 * Settlement as Shaparak runs it: what succeeded by 22:00 Tehran time becomes withdrawable at
 * 09:00 the next day. Iran keeps UTC+03:30 all year (no daylight saving since 2022).
 */

export function settlementWindow(now: Date): { runDate: string; cutoff: Date } {
  const tehran = new Date(now.getTime() + TEHRAN_OFFSET_MS);
  // Before 09:00 Tehran the run of the day has not come yet: the latest run is yesterday's.
  if (tehran.getUTCHours() < 9) tehran.setUTCDate(tehran.getUTCDate() - 1);
  const runDate = tehran.toISOString().slice(0, 10);
  const day = Date.UTC(tehran.getUTCFullYear(), tehran.getUTCMonth(), tehran.getUTCDate());
  const cutoff = new Date(day - 2 * 3600_000 - TEHRAN_OFFSET_MS); // the day before, 22:00 Tehran
  return { runDate, cutoff };
}

/**
 * Moves every platform's unsettled live payments completed by the cutoff from pending to
 * withdrawable: one posting per platform per run, the payments marked in the same
 * transaction. Running it again moves nothing again.
 */
export async function runSettlement(
  db: Db,
  now = new Date(),
  only?: { platformId: string },
): Promise<{ runDate: string; platforms: number; total: bigint; skipped?: 'holiday' }> {
  const { runDate, cutoff } = settlementWindow(now);
  // No settlement on Fridays and official holidays (data/iran-holidays.json): the next working
  // day's run takes everything up to its own cutoff, this day's payments included.
  if (!isSettlementDay(runDate)) return { runDate, platforms: 0, total: 0n, skipped: 'holiday' };
  await db.insert(settlementRuns).values({ runDate, cutoff }).onConflictDoNothing();
  const due = await db
    .selectDistinct({ platformId: payments.platformId })
    .from(payments)
    .where(
      and(
        eq(payments.state, 'succeeded'),
        eq(payments.livemode, true),
        isNull(payments.settledAt),
        lte(payments.completedAt, cutoff),
        only ? eq(payments.platformId, only.platformId) : undefined,
      ),
    );
  let count = 0;
  let total = 0n;
  for (const { platformId } of due) {
    const moved = await db.transaction(async (tx) => {
      const rows = await tx
        .update(payments)
        .set({ settledAt: now })
        .where(
          and(
            eq(payments.platformId, platformId),
            eq(payments.state, 'succeeded'),
            eq(payments.livemode, true),
            isNull(payments.settledAt),
            lte(payments.completedAt, cutoff),
          ),
        )
        .returning({ id: payments.id, amount: payments.amount, fee: payments.fee, pendingDebited: payments.pendingDebited });
      // What refunds already took from pending for a payment is not there to move.
      const net = rows.reduce((a, r) => a + r.amount - (r.fee ?? 0n) - r.pendingDebited, 0n);
      if (net <= 0n) return 0n;
      // The conditional update above is the guard: each payment is claimed by one run only. The
      // reference names the batch by its first payment, which no other batch can contain.
      const first = rows.map((r) => r.id).sort()[0];
      const r = await postSettlement(tx, { reference: `${runDate}:${first}`, platformId, amount: net });
      if (!r.created) throw new Error(`settlement ${runDate} for ${platformId} posted twice`);
      const [p] = await tx.select({ userId: platforms.userId, name: platforms.name }).from(platforms).where(eq(platforms.id, platformId));
      await notify(tx, {
        userId: p.userId,
        category: 'settlement',
        template: 'settlementDone',
        params: { rials: net.toString(), name: p.name },
        link: '/reports/balances',
        dedupeKey: `settlement:${runDate}:${platformId}`,
      });
      return net;
    });
    if (moved > 0n) {
      count++;
      total += moved;
    }
  }
  // Split payments settle per party: the shares of invoices their marketplace closed by the cutoff.
  const split = await settleSplitShares(db, { now, runDate, cutoff, platformId: only?.platformId });
  count += split.platforms;
  total += split.total;
  await db
    .update(settlementRuns)
    .set({ finishedAt: new Date(), platforms: sql`${settlementRuns.platforms} + ${count}`, total: sql`${settlementRuns.total} + ${total.toString()}::bigint` })
    .where(eq(settlementRuns.runDate, runDate));
  return { runDate, platforms: count, total };
}
