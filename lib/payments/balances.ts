import { and, eq, sql, type SQL } from 'drizzle-orm';
import { cache } from 'react';
import { getDb, type Db } from '@/db';
import { ledgerAccounts, paymentLinkSettings, payments, platforms } from '@/db/schema';
import { ownedBy, type Actor, type MerchantActor } from '@/lib/actor';
import { isUuid } from '@/lib/validation/ids';
import type { DisplayUnit } from '@/lib/money';

/** `unitChosen`: the platform's payment link names a unit; other platforms (phone desks, top-up apps) have no say in sums. */
export type PlatformBalance = { platformId: string; name: string; pending: bigint; withdrawable: bigint; fees: bigint; unit: DisplayUnit; unitChosen: boolean };

/**
 * Per platform of a merchant: pending and withdrawable balances (the ledger's running balances)
 * and the fees taken on its live payments. One query each, whatever the number of platforms.
 */
export async function merchantBalances(db: Db, actor: Actor, f: { platformId?: string } = {}): Promise<PlatformBalance[]> {
  if (f.platformId !== undefined && !isUuid(f.platformId)) return [];
  return balancesWhere(db, and(ownedBy(actor, platforms.userId), f.platformId ? eq(platforms.id, f.platformId) : undefined));
}

async function balancesWhere(db: Db, where: SQL | undefined): Promise<PlatformBalance[]> {
  const [list, accounts, fees] = await Promise.all([
    db
      .select({ id: platforms.id, name: platforms.name, unit: paymentLinkSettings.displayUnit })
      .from(platforms)
      .leftJoin(paymentLinkSettings, eq(paymentLinkSettings.platformId, platforms.id))
      .where(where)
      .orderBy(platforms.createdAt),
    db
      .select({ platformId: ledgerAccounts.platformId, kind: ledgerAccounts.kind, balance: ledgerAccounts.balance })
      .from(ledgerAccounts)
      .innerJoin(platforms, eq(platforms.id, ledgerAccounts.platformId))
      .where(where),
    db
      .select({ platformId: payments.platformId, fees: sql<string>`coalesce(sum(${payments.fee}), 0)` })
      .from(payments)
      .innerJoin(platforms, eq(platforms.id, payments.platformId))
      .where(and(where, eq(payments.state, 'succeeded'), eq(payments.livemode, true)))
      .groupBy(payments.platformId),
  ]);
  return list.map((p) => ({
    platformId: p.id,
    name: p.name,
    unit: p.unit ?? 'rial',
    unitChosen: p.unit !== null,
    pending: accounts.find((a) => a.platformId === p.id && a.kind === 'platform_pending')?.balance ?? 0n,
    withdrawable: accounts.find((a) => a.platformId === p.id && a.kind === 'platform_withdrawable')?.balance ?? 0n,
    fees: BigInt(fees.find((f) => f.platformId === p.id)?.fees ?? '0'),
  }));
}

// Keyed by the merchant's id alone: React's cache compares arguments by identity, and each guard call makes a new actor.
const balancesCache = cache((merchantId: string) => balancesWhere(getDb(), eq(platforms.userId, merchantId)));

/**
 * A merchant's balances once per request: the portal's sidebar, the dashboard and the balances
 * report all show them on the same page render.
 */
export function balancesOfMerchant(actor: MerchantActor): Promise<PlatformBalance[]> {
  return balancesCache(actor.merchantId);
}

/**
 * The unit for sums over platforms: Toman only when every platform that chose a unit (its payment
 * link's) shows Toman. Platforms without a payment link (a phone desk, a top-up app) choose none.
 */
export function unitOfAll(balances: PlatformBalance[]): DisplayUnit {
  const chosen = balances.filter((b) => b.unitChosen);
  return chosen.length > 0 && chosen.every((b) => b.unit === 'toman') ? 'toman' : 'rial';
}
