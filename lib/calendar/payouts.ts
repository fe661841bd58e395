import { sql } from 'drizzle-orm';
import type { DbOrTx } from '@/db';
import type { MerchantActor } from '@/lib/actor';
import { tehranIso, tehranWall } from '@/lib/date/tehran';
import { comingPayouts } from '@/lib/payouts/queries';
import { addIsoDays, dueForBatch, isSettlementDay, settlementDayFrom, type IsoDay } from './holidays';

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

/**
 * Money on its way to the merchant's bank: each payout requested, approved or sent on its
 * expected day, and — for platforms with automatic settlement switched on — the next automatic
 * payout on the next settlement day (what is withdrawable now above the amount kept; the run
 * itself decides the final figure).
 */
export async function upcomingBankPayouts(db: DbOrTx, actor: MerchantActor, now = new Date()): Promise<{ day: IsoDay; amount: bigint; auto: boolean }[]> {
  const coming = await comingPayouts(db, actor, {}, now);
  const out = coming.filter((p) => p.expectedDay).map((p) => ({ day: p.expectedDay!, amount: p.amount - p.fee, auto: false }));
  const autos = await db.execute<{ amount: string }>(sql`
    select greatest(a.balance - s.auto_keep, 0)::text as amount
    from payout_settings s
    join platforms pl on pl.id = s.platform_id
    join ledger_accounts a on a.platform_id = s.platform_id and a.kind = 'platform_withdrawable' and a.currency = 'IRR'
    where pl.user_id = ${actor.merchantId}::uuid and s.auto_enabled`);
  // The automatic run follows the 09:00 settlement run of a settlement day.
  const today = tehranIso(now);
  const next = isSettlementDay(today) && tehranWall(now).time < '09:30' ? today : settlementDayFrom(addIsoDays(today, 1));
  for (const a of autos) if (BigInt(a.amount) > 0n) out.push({ day: next, amount: BigInt(a.amount), auto: true });
  return out.sort((a, b) => (a.day < b.day ? -1 : a.day > b.day ? 1 : 0));
}
