import { sql } from 'drizzle-orm';
import type { DbOrTx } from '@/db';
import type { MerchantActor } from '@/lib/actor';
import { dueForBatch, type IsoDay } from './holidays';

/**
 * When the merchant's unsettled live money becomes withdrawable: the net of succeeded payments
 * not settled yet, grouped by their 22:00-to-22:00 Tehran batch and moved to the batch's
 * settlement day (the next working day; Fridays and holidays push it on).
 */
export async function upcomingPayouts(db: DbOrTx, actor: MerchantActor, now = new Date()): Promise<{ day: IsoDay; amount: bigint }[]> {
  const rows = await db.execute<{ batch: string; net: string }>(sql`
    select to_char((p.completed_at at time zone 'Asia/Tehran') + interval '2 hours', 'YYYY-MM-DD') as batch,
           sum(p.amount - coalesce(p.fee, 0))::text as net
    from payments p join platforms pl on pl.id = p.platform_id
    where pl.user_id = ${actor.merchantId}::uuid and p.state = 'succeeded' and p.livemode and p.settled_at is null
    group by 1`);
  const byDay = new Map<IsoDay, bigint>();
  for (const r of rows) {
    const day = dueForBatch(r.batch, now);
    byDay.set(day, (byDay.get(day) ?? 0n) + BigInt(r.net));
  }
  return [...byDay.entries()]
    .filter(([, a]) => a > 0n)
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([day, amount]) => ({ day, amount }));
}
