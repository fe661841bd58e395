import { and, desc, eq, inArray, lt, type SQL } from 'drizzle-orm';
import type { Db } from '@/db';
import { ledgerAccounts, ledgerLines, ledgerPostings, platforms } from '@/db/schema';
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
