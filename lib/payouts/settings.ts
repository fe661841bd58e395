import { and, eq, sql } from 'drizzle-orm';
import { createTranslator } from 'next-intl';
import type { Db, Tx } from '@/db';
import { bankAccounts, payoutSettings, type PayoutSettings } from '@/db/schema';
import type { MerchantActor } from '@/lib/actor';
import { audit } from '@/lib/audit';
import { getOwnPlatform } from '@/lib/platforms';
import { err, fieldErr, ok, type Result } from '@/lib/result';
import { dispatch, recordUserNotice } from '@/lib/notify';
import { bankOfSheba } from '@/lib/validation/identifiers';
import { isUuid } from '@/lib/validation/ids';
import fa from '@/messages/fa.json';

/**
 * A platform's payout settings as the merchant sets them: the default account and the automatic
 * daily settlement. Changing where money goes is what a stolen session does first, so a change
 * of the default account is an audit event and an SMS to the merchant's own mobile, written in
 * the same transaction as the change (sent once it commits).
 */

// SMS go out in Persian: the phone, not the browser, decides how they are read.
const smsT = createTranslator({ locale: 'fa', messages: fa, namespace: 'sms' });

/** Locks the platform's settings row (made if missing) so two changes at once are one after the other. */
async function lockedSettings(tx: Tx, platformId: string): Promise<PayoutSettings> {
  await tx.insert(payoutSettings).values({ platformId }).onConflictDoNothing();
  const [row] = await tx.select().from(payoutSettings).where(eq(payoutSettings.platformId, platformId)).for('update');
  return row;
}

/** Writes the platform's settings and audits the change (what was, what is), in the caller's transaction. */
async function saveSettings(
  tx: Tx,
  actor: MerchantActor,
  platformId: string,
  change: { action: string; set: Partial<PayoutSettings>; before: Record<string, unknown>; after: (row: PayoutSettings) => Record<string, unknown> },
): Promise<PayoutSettings> {
  const [row] = await tx
    .update(payoutSettings)
    .set({ ...change.set, updatedAt: new Date() })
    .where(eq(payoutSettings.platformId, platformId))
    .returning();
  await audit(tx, actor, { action: change.action, objectType: 'payout_settings', objectId: platformId, before: change.before, after: change.after(row) });
  return row;
}

/** The platform's default account: one of the merchant's approved accounts, for this platform or the whole business. */
export async function setDefaultBankAccount(
  db: Db,
  actor: MerchantActor,
  input: { platformId: string; bankAccountId: string },
): Promise<Result<PayoutSettings>> {
  const platform = await getOwnPlatform(db, actor, input.platformId);
  if (!platform) return err('notFound');
  if (!isUuid(input.bankAccountId)) return fieldErr({ bankAccountId: 'notFound' });
  const outcome = await db.transaction(async (tx) => {
    const [account] = await tx
      .select()
      .from(bankAccounts)
      .where(and(eq(bankAccounts.id, input.bankAccountId), eq(bankAccounts.merchantId, actor.merchantId), sql`${bankAccounts.status} <> 'removed'`))
      .for('share');
    if (!account || (account.platformId && account.platformId !== platform.id)) return { result: fieldErr({ bankAccountId: 'notFound' }), pending: null };
    if (account.status !== 'approved') return { result: fieldErr({ bankAccountId: 'accountNotApproved' }), pending: null };
    const before = await lockedSettings(tx, platform.id);
    if (before.defaultBankAccountId === account.id) return { result: ok(before), pending: null };
    const after = await saveSettings(tx, actor, platform.id, {
      action: 'set_default_account',
      set: { defaultBankAccountId: account.id },
      before: { defaultBankAccountId: before.defaultBankAccountId },
      after: () => ({ defaultBankAccountId: account.id, sheba: account.sheba }),
    });
    const bank = bankOfSheba(account.sheba)?.name ?? '';
    const values = { name: platform.name, last4: account.sheba.slice(-4), bank };
    const pending = await recordUserNotice(tx, actor.merchantId, { sms: smsT('payoutAccountChanged', values), email: { key: 'payoutAccountChanged', values } });
    return { result: ok(after), pending };
  });
  await dispatch(outcome.pending);
  return outcome.result;
}

/**
 * Automatic daily settlement on or off, and how much it leaves in withdrawable. Switching it on
 * needs a default account: that is where it sends.
 */
export async function setAutoSettlement(
  db: Db,
  actor: MerchantActor,
  input: { platformId: string; enabled: boolean; keep: bigint },
): Promise<Result<PayoutSettings>> {
  if (input.keep < 0n) return fieldErr({ keep: 'amountNotPositive' });
  const platform = await getOwnPlatform(db, actor, input.platformId);
  if (!platform) return err('notFound');
  return db.transaction(async (tx) => {
    const before = await lockedSettings(tx, platform.id);
    if (input.enabled) {
      const [account] = before.defaultBankAccountId
        ? await tx
            .select({ status: bankAccounts.status })
            .from(bankAccounts)
            .where(and(eq(bankAccounts.id, before.defaultBankAccountId), eq(bankAccounts.merchantId, actor.merchantId)))
        : [];
      if (account?.status !== 'approved') return fieldErr({ enabled: 'defaultAccountRequired' });
    }
    const after = await saveSettings(tx, actor, platform.id, {
      action: 'set_auto_settlement',
      set: { autoEnabled: input.enabled, autoKeep: input.keep },
      before: { autoEnabled: before.autoEnabled, autoKeep: before.autoKeep },
      after: (row) => ({ autoEnabled: row.autoEnabled, autoKeep: row.autoKeep }),
    });
    return ok(after);
  });
}
