import { and, eq, sql } from 'drizzle-orm';
import type { Db } from '@/db';
import { ledgerAccounts, payoutAutoRuns, payoutSettings, platforms, settlementRuns } from '@/db/schema';
import type { MerchantActor } from '@/lib/actor';
import { isSettlementDay } from '@/lib/calendar/holidays';
import { settlementWindow } from '@/lib/payments/settlement';
import { currentPayoutRules, ensureKycBankAccount, requestPayout } from '.';
import { defaultPayoutAccount } from './queries';
import { logger } from '@/lib/log';

/**
 * Automatic daily settlement to the bank: after the 09:00 settlement run, every platform that
 * switched it on sends its whole withdrawable balance above what it keeps (`auto_keep`) to its
 * default account (else the approved account from customer information) as one payout request.
 *
 * Once per platform per day however many workers race: the insert of `payout_auto_runs
 * (platform_id, run_date)` is the claim, in the same transaction as the payout, so a crash leaves
 * neither and a second worker finds the day taken. Fridays and official holidays are skipped like
 * the settlement run itself; a day whose settlement has not run yet waits for it.
 */
export type AutoRunOutcome = 'paid' | 'taken' | 'belowMinimum' | 'noAccount' | 'refused';
export type AutoRunSummary = {
  runDate: string;
  skipped?: 'holiday' | 'settlementNotRun';
  platforms: number;
  payouts: number;
  total: bigint;
  outcomes: Record<string, AutoRunOutcome>;
};

/** The platform owner as the actor of its automatic payout (a business is one person today). */
function ownerActor(userId: string): MerchantActor {
  return { kind: 'merchant', userId, merchantId: userId, role: 'owner', via: { ip: 'system', userAgent: 'auto-settlement' } };
}

export async function runAutoPayouts(db: Db, now = new Date(), only?: { platformId: string }): Promise<AutoRunSummary> {
  const { runDate } = settlementWindow(now);
  const summary: AutoRunSummary = { runDate, platforms: 0, payouts: 0, total: 0n, outcomes: {} };
  if (!isSettlementDay(runDate)) return { ...summary, skipped: 'holiday' };
  const [settled] = await db.select({ runDate: settlementRuns.runDate }).from(settlementRuns).where(eq(settlementRuns.runDate, runDate));
  if (!settled) return { ...summary, skipped: 'settlementNotRun' };
  const due = await db
    .select({ platformId: platforms.id, ownerId: platforms.userId, keep: payoutSettings.autoKeep })
    .from(payoutSettings)
    .innerJoin(platforms, eq(platforms.id, payoutSettings.platformId))
    .leftJoin(payoutAutoRuns, and(eq(payoutAutoRuns.platformId, platforms.id), eq(payoutAutoRuns.runDate, runDate)))
    .where(and(eq(payoutSettings.autoEnabled, true), sql`${payoutAutoRuns.platformId} is null`, only ? eq(platforms.id, only.platformId) : undefined));
  const rules = await currentPayoutRules(db);
  for (const p of due) {
    summary.platforms++;
    const outcome = await autoPayoutOf(db, p, runDate, rules, now);
    summary.outcomes[p.platformId] = outcome.outcome;
    if (outcome.outcome === 'paid') {
      summary.payouts++;
      summary.total += outcome.amount;
    }
  }
  return summary;
}

async function autoPayoutOf(
  db: Db,
  p: { platformId: string; ownerId: string; keep: bigint },
  runDate: string,
  rules: { min: bigint; max: bigint },
  now: Date,
): Promise<{ outcome: AutoRunOutcome; amount: bigint }> {
  const actor = ownerActor(p.ownerId);
  // The account from approved customer information exists once asked for; make it before the claim.
  await ensureKycBankAccount(db, actor);
  const account = await defaultPayoutAccount(db, actor, p.platformId);
  if (!account) return { outcome: 'noAccount', amount: 0n };
  let outcome = 'taken' as AutoRunOutcome;
  // The claim of the day, the amount and the payout share requestPayout's transaction (under the
  // merchant's payout lock), so a racing run, or a withdrawal requested by hand, never sees a stale balance.
  const r = await requestPayout(
    db,
    actor,
    { platformId: p.platformId, bankAccountId: account.id, amount: 0n, description: null },
    {
      auto: true,
      now,
      claim: async (tx) => {
        const [claimed] = await tx.insert(payoutAutoRuns).values({ platformId: p.platformId, runDate, at: now }).onConflictDoNothing().returning();
        if (!claimed) return null;
        const [row] = await tx
          .select({ balance: ledgerAccounts.balance })
          .from(ledgerAccounts)
          .where(and(eq(ledgerAccounts.platformId, p.platformId), eq(ledgerAccounts.kind, 'platform_withdrawable'), eq(ledgerAccounts.currency, 'IRR')))
          .for('update');
        const above = (row?.balance ?? 0n) - p.keep;
        // At most the per-request maximum (the rest goes tomorrow); nothing worth a transfer keeps the day taken.
        const amount = above > rules.max ? rules.max : above;
        outcome = amount < rules.min ? 'belowMinimum' : 'paid';
        return amount < rules.min ? null : amount;
      },
      within: async (tx, payout) => {
        await tx
          .update(payoutAutoRuns)
          .set({ payoutId: payout.id })
          .where(and(eq(payoutAutoRuns.platformId, p.platformId), eq(payoutAutoRuns.runDate, runDate)));
      },
    },
  );
  if (r.ok) return { outcome: 'paid', amount: r.data.amount };
  if (outcome === 'paid') {
    logger({ module: 'payouts' }).warn({ platformId: p.platformId, runDate, refused: r.fieldErrors ?? r.error }, 'automatic settlement refused');
    return { outcome: 'refused', amount: 0n };
  }
  return { outcome, amount: 0n };
}
