import { and, desc, eq, gte, inArray, lt, sql, type SQL } from 'drizzle-orm';
import type { Db } from '@/db';
import { ledgerAccounts, ledgerLines, ledgerPostings, payments, platforms, refunds } from '@/db/schema';
import { ownedBy, type Actor } from '@/lib/actor';
import { isUuid } from '@/lib/validation/ids';

export const HISTORY_KINDS = ['payment_succeeded', 'settlement', 'withdrawal'] as const;

/**
 * The ledger lines of a merchant's platform accounts, newest first, 50 at a time (keyset on the
 * line id). Only the actor's own platforms are ever read (staff: everyone's).
 */
export async function postingHistory(db: Db, actor: Actor, f: { platform?: string; kind?: string; before?: string }) {
  const conds: (SQL | undefined)[] = [ownedBy(actor, platforms.userId)];
  if (f.platform && isUuid(f.platform)) conds.push(eq(platforms.id, f.platform));
  if (f.kind && (HISTORY_KINDS as readonly string[]).includes(f.kind)) conds.push(eq(ledgerPostings.kind, f.kind));
  if (f.before && /^\d{1,19}$/.test(f.before)) conds.push(lt(ledgerLines.id, BigInt(f.before)));
  const rows = await db
    .select({
      id: ledgerLines.id,
      amount: ledgerLines.amount,
      account: ledgerAccounts.kind,
      platform: platforms.name,
      kind: ledgerPostings.kind,
      reference: ledgerPostings.reference,
      at: ledgerPostings.createdAt,
    })
    .from(ledgerLines)
    .innerJoin(ledgerAccounts, eq(ledgerAccounts.id, ledgerLines.accountId))
    .innerJoin(platforms, eq(platforms.id, ledgerAccounts.platformId))
    .innerJoin(ledgerPostings, eq(ledgerPostings.id, ledgerLines.postingId))
    .where(and(...conds, inArray(ledgerAccounts.kind, ['platform_pending', 'platform_withdrawable'])))
    .orderBy(desc(ledgerLines.id))
    .limit(51);
  return { rows: rows.slice(0, 50), next: rows.length > 50 ? rows[49].id.toString() : null };
}

export type PlatformFees = { platformId: string; name: string; count: number; volume: bigint; charged: bigint; returned: bigint };

/**
 * What fees cost a merchant in a window, per platform: live successful payments made in it, their
 * sum and fees, and the part of those fees refunds (not failed) gave back. Platforms without a
 * successful payment in the window are left out.
 */
export async function feesByPlatform(db: Db, actor: Actor, w: { start?: Date; end?: Date }): Promise<PlatformFees[]> {
  const returned = sql<string>`coalesce((select sum(${refunds.feeReturned}) from ${refunds} where ${refunds.paymentId} = ${payments.id} and ${refunds.state} <> 'failed'), 0)`;
  const rows = await db
    .select({
      platformId: platforms.id,
      name: platforms.name,
      count: sql<number>`count(*)::int`,
      volume: sql<string>`coalesce(sum(${payments.amount}), 0)::text`,
      charged: sql<string>`coalesce(sum(${payments.fee}), 0)::text`,
      returned: sql<string>`coalesce(sum(${returned}), 0)::text`,
    })
    .from(payments)
    .innerJoin(platforms, eq(platforms.id, payments.platformId))
    .where(
      and(
        ownedBy(actor, platforms.userId),
        eq(payments.state, 'succeeded'),
        eq(payments.livemode, true),
        eq(payments.currency, 'IRR'),
        w.start ? gte(payments.createdAt, w.start) : undefined,
        w.end ? lt(payments.createdAt, w.end) : undefined,
      ),
    )
    .groupBy(platforms.id, platforms.name, platforms.createdAt)
    .orderBy(platforms.createdAt);
  return rows.map((r) => ({ ...r, volume: BigInt(r.volume), charged: BigInt(r.charged), returned: BigInt(r.returned) }));
}
