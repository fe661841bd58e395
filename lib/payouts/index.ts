import { and, eq, gte, inArray, sql } from 'drizzle-orm';
import type { Db, Tx } from '@/db';
import { bankAccounts, kycProfiles, payoutRules, payouts, platforms, type BankAccount, type Payout, type PayoutState } from '@/db/schema';
import { type ApiActor, type MerchantActor, type StaffActor } from '@/lib/actor';
import { assertStaffMay } from '@/lib/staff/permissions';
import { audit } from '@/lib/audit';
import { tehranIso, tehranStartOf } from '@/lib/date/tehran';
import { LedgerError, post, accountFor, transfer } from '@/lib/ledger';
import { afterNotify, notify, type Template } from '@/lib/messages';
import { getOwnPlatform } from '@/lib/platforms';
import { enqueueDeliveries, recordEvent, type WebhookEventType } from '@/lib/webhooks/events';
import { currentMoneyBackRules, type MoneyBackRules } from './money-back-rules';
import { onRefundPayoutPaid, onRefundPayoutReversed } from '@/lib/refunds';
import { err, fieldErr, ok, type Result } from '@/lib/result';
import { bankOfSheba, normalizeSheba } from '@/lib/validation/identifiers';
import { isUuid } from '@/lib/validation/ids';

/**
 * Money going out: destination bank accounts and payouts (withdrawals now; refunds later travel
 * the same states). Every move is a conditional UPDATE on the state it leaves, and every money
 * move a balanced posting in the same transaction:
 *
 *   requested  withdrawable → payout_clearing ("in flight"; refused below zero by the database)
 *   paid       payout_clearing → payouts_out (and the transfer fee, if any, → fee_income)
 *   returned | rejected | canceled   payout_clearing → withdrawable, once (one reversal per payout)
 *
 * This is the groundwork of issue 13 (no pages or API yet): limits are constants here until the
 * staff settings page exists.
 */
export type PayoutRules = { min: bigint; max: bigint; dailyCap: bigint; fee: bigint };
export const PAYOUT_RULES: PayoutRules = { min: 100_000n, max: 500_000_000_000n, dailyCap: 1_000_000_000_000n, fee: 0n };

/** The states of a payout whose money is still in flight. */
export const IN_FLIGHT_STATES: readonly PayoutState[] = ['requested', 'approved', 'sent'];

/** A payout as the API and webhooks show it: snake_case, amounts as strings of the minor unit. */
export function payoutEventData(p: Payout) {
  return {
    id: p.id,
    platform_id: p.platformId,
    amount: p.amount.toString(),
    fee: p.fee.toString(),
    currency: p.currency,
    state: p.state,
    bank_account_id: p.bankAccountId,
    bank_ref: p.bankRef,
    reason: p.reason,
    auto: p.auto,
    requested_at: p.requestedAt.toISOString(),
    completed_at: p.completedAt?.toISOString() ?? null,
  };
}

/** What a move leaves to do once its transaction has committed: SMS to send, webhooks to deliver. */
type After = { sms: { smsId: string | null }[]; events: (string | null)[] };

/** The refunds' side of a refund payout's move, as this rail's After. */
async function refundSide(hook: Promise<{ sms: string[]; notes: { smsId: string | null }[]; events: (string | null)[] }>): Promise<After> {
  const a = await hook;
  return { sms: [...a.notes, ...a.sms.map((smsId) => ({ smsId }))], events: a.events };
}

/**
 * Tells the merchant of a payout's move, inside its transaction: the inbox always, an SMS when it
 * matters (paid, returned, rejected), and the platform's webhook for the states integrators get.
 */
async function tell(tx: Tx, p: Payout, template: Template, opts: { important?: boolean; event?: WebhookEventType } = {}): Promise<After> {
  const [row] = await tx
    .select({ name: platforms.name, sheba: bankAccounts.sheba })
    .from(platforms)
    .leftJoin(bankAccounts, eq(bankAccounts.id, p.bankAccountId ?? sql`null`))
    .where(eq(platforms.id, p.platformId));
  const params = { rials: p.amount.toString(), name: row?.name ?? '', sheba: row?.sheba ?? '', ref: p.bankRef ?? '', reason: p.reason ?? '' };
  const note = await notify(tx, { userId: p.merchantId, category: 'settlement', template, params, link: '/payouts', important: opts.important });
  const eventId = opts.event ? await recordEvent(tx, p.platformId, opts.event, payoutEventData(p)) : null;
  return { sms: [note], events: [eventId] };
}

/** A bank account added or decided: inbox and SMS, since a stolen session redirecting payouts is the fraud to catch. */
async function tellAccount(tx: Tx, account: BankAccount, template: Template): Promise<After> {
  const note = await notify(tx, {
    userId: account.merchantId,
    category: 'settlement',
    template,
    params: { sheba: account.sheba, reason: account.reason ?? '' },
    link: '/payouts/accounts',
    important: true,
  });
  return { sms: [note], events: [] };
}

async function done(after: After | void) {
  if (!after) return;
  await enqueueDeliveries(after.events);
  await afterNotify(after.sms);
}

/** The limits and fee in force: what staff set, else the defaults above. */
export async function currentPayoutRules(db: Db | Tx): Promise<PayoutRules> {
  const [row] = await db.select().from(payoutRules).where(eq(payoutRules.id, 1));
  return row ? { min: row.min, max: row.max, dailyCap: row.dailyCap, fee: row.fee } : PAYOUT_RULES;
}

/** Staff set the limits and the transfer fee (the table's CHECK keeps them sane). */
export async function setPayoutRules(db: Db, staff: StaffActor, input: PayoutRules): Promise<Result<PayoutRules>> {
  assertStaffMay(staff, 'payouts');
  if (!(input.min > 0n && input.max >= input.min && input.dailyCap >= input.max && input.fee >= 0n && input.fee < input.min)) return err('rulesInvalid');
  return db.transaction(async (tx) => {
    const before = await currentPayoutRules(tx);
    const values = { ...input, updatedBy: staff.userId, updatedAt: new Date() };
    await tx
      .insert(payoutRules)
      .values({ id: 1, ...values })
      .onConflictDoUpdate({ target: payoutRules.id, set: values });
    await audit(tx, staff, { action: 'set_rules', objectType: 'payout_rules', objectId: '1', merchantId: null, before, after: input });
    return ok(input);
  });
}

export { currentMoneyBackRules, type MoneyBackRules } from './money-back-rules';

/** Staff set them (the payout limits keep their values, or the defaults if never set). */
export async function setMoneyBackRules(db: Db, staff: StaffActor, input: MoneyBackRules): Promise<Result<MoneyBackRules>> {
  assertStaffMay(staff, 'payouts');
  if (input.disputeFee < 0n) return fieldErr({ disputeFee: 'amountNotPositive' });
  return db.transaction(async (tx) => {
    const before = await currentMoneyBackRules(tx);
    const values = { ...input, updatedBy: staff.userId, updatedAt: new Date() };
    await tx
      .insert(payoutRules)
      .values({ id: 1, ...PAYOUT_RULES, ...values })
      .onConflictDoUpdate({ target: payoutRules.id, set: values });
    await audit(tx, staff, { action: 'set_money_back_rules', objectType: 'payout_rules', objectId: '1', merchantId: null, before, after: input });
    return ok(input);
  });
}

// ---------------------------------------------------------------- bank accounts

/** The account from approved customer information, approved from the start; made once. */
export async function ensureKycBankAccount(db: Db, actor: MerchantActor): Promise<BankAccount | null> {
  const [profile] = await db.select({ financial: kycProfiles.approvedFinancial }).from(kycProfiles).where(eq(kycProfiles.userId, actor.merchantId));
  const sheba = profile?.financial?.sheba ? normalizeSheba(profile.financial.sheba) : null;
  if (!sheba || !profile?.financial?.accountHolder) return null;
  await db.transaction(async (tx) => {
    const [made] = await tx
      .insert(bankAccounts)
      .values({
        merchantId: actor.merchantId,
        sheba,
        bankCode: bankOfSheba(sheba)?.code ?? null,
        holderName: profile.financial!.accountHolder,
        source: 'kyc',
        status: 'approved',
        decidedAt: new Date(),
      })
      .onConflictDoNothing()
      .returning();
    if (made) await audit(tx, actor, { action: 'create', objectType: 'bank_account', objectId: made.id, after: { sheba, source: 'kyc', status: 'approved' } });
  });
  const [row] = await db
    .select()
    .from(bankAccounts)
    .where(and(eq(bankAccounts.merchantId, actor.merchantId), eq(bankAccounts.sheba, sheba), sql`${bankAccounts.status} <> 'removed'`));
  return row ?? null;
}

/** A new destination account: pending until staff approve it. */
export async function addBankAccount(
  db: Db,
  actor: MerchantActor,
  input: { sheba: string; holderName: string; platformId?: string | null },
): Promise<Result<BankAccount>> {
  const sheba = normalizeSheba(input.sheba);
  if (!sheba) return fieldErr({ sheba: 'shebaInvalid' });
  if (input.platformId && !(await getOwnPlatform(db, actor, input.platformId))) return err('notFound');
  let after: After | undefined;
  const r = await db.transaction(async (tx): Promise<Result<BankAccount>> => {
    const [row] = await tx
      .insert(bankAccounts)
      .values({
        merchantId: actor.merchantId,
        platformId: input.platformId ?? null,
        sheba,
        bankCode: bankOfSheba(sheba)?.code ?? null,
        holderName: input.holderName,
        source: 'merchant',
      })
      .onConflictDoNothing()
      .returning();
    if (!row) return fieldErr({ sheba: 'shebaTaken' });
    await audit(tx, actor, { action: 'add', objectType: 'bank_account', objectId: row.id, after: { sheba, holderName: input.holderName, status: 'pending' } });
    after = await tellAccount(tx, row, 'bankAccountAdded');
    return ok(row);
  });
  await done(after);
  return r;
}

/** Staff approve or reject a pending account (the holder must be the merchant). */
export async function decideBankAccount(db: Db, staff: StaffActor, input: { id: string; approve: boolean; reason?: string }): Promise<Result<BankAccount>> {
  assertStaffMay(staff, 'payouts');
  if (!isUuid(input.id)) return err('notFound');
  if (!input.approve && !input.reason?.trim()) return fieldErr({ reason: 'reasonRequired' });
  let after: After | undefined;
  const r = await db.transaction(async (tx): Promise<Result<BankAccount>> => {
    const [row] = await tx
      .update(bankAccounts)
      .set({
        status: input.approve ? 'approved' : 'rejected',
        reason: input.approve ? null : input.reason!.trim(),
        decidedBy: staff.userId,
        decidedAt: new Date(),
      })
      .where(and(eq(bankAccounts.id, input.id), eq(bankAccounts.status, 'pending')))
      .returning();
    if (!row) return err('alreadyDecided');
    await audit(tx, staff, {
      action: input.approve ? 'approve' : 'reject',
      objectType: 'bank_account',
      objectId: row.id,
      merchantId: row.merchantId,
      before: { status: 'pending' },
      after: { status: row.status, reason: row.reason },
    });
    after = await tellAccount(tx, row, row.status === 'approved' ? 'bankAccountApproved' : 'bankAccountRejected');
    return ok(row);
  });
  await done(after);
  return r;
}

/** Removes an account, only while no payout to it is in flight. */
export async function removeBankAccount(db: Db, actor: MerchantActor, input: { id: string }): Promise<Result> {
  if (!isUuid(input.id)) return err('notFound');
  return db.transaction(async (tx) => {
    // Lock the account row so a payout requested at the same moment waits for this decision.
    const [account] = await tx
      .select()
      .from(bankAccounts)
      .where(and(eq(bankAccounts.id, input.id), eq(bankAccounts.merchantId, actor.merchantId), sql`${bankAccounts.status} <> 'removed'`))
      .for('update');
    if (!account) return err('notFound');
    const [busy] = await tx
      .select({ id: payouts.id })
      .from(payouts)
      .where(and(eq(payouts.bankAccountId, account.id), inArray(payouts.state, [...IN_FLIGHT_STATES])))
      .limit(1);
    if (busy) return err('payoutInFlight');
    await tx.update(bankAccounts).set({ status: 'removed' }).where(eq(bankAccounts.id, account.id));
    await audit(tx, actor, { action: 'remove', objectType: 'bank_account', objectId: account.id, before: { status: account.status } });
    return ok();
  });
}

// ---------------------------------------------------------------- payouts

/**
 * A withdrawal request from a platform's withdrawable balance to one of the merchant's approved
 * accounts. Within the per-request limits and the merchant's daily cap (counted under a
 * per-merchant lock, so racing requests cannot pass it together); the database refuses to take
 * withdrawable below zero, which is what "not enough balance" is.
 */
export async function requestPayout(
  db: Db,
  actor: MerchantActor | ApiActor,
  input: { platformId: string; bankAccountId: string; amount: bigint; description?: string | null },
  opts: {
    auto?: boolean;
    now?: Date;
    rules?: Partial<PayoutRules>;
    /**
     * Runs first inside the request's transaction, under the merchant's payout lock: the automatic
     * settlement claims its day here and says how much to send (null: nothing, the claim stands).
     */
    claim?: (tx: Tx) => Promise<bigint | null>;
    /** Runs last inside the same transaction, with the payout made. */
    within?: (tx: Tx, payout: Payout) => Promise<void>;
  } = {},
): Promise<Result<Payout>> {
  const now = opts.now ?? new Date();
  const rules = { ...(await currentPayoutRules(db)), ...opts.rules };
  if (!opts.claim && input.amount < rules.min) return fieldErr({ amount: 'amountBelowMin' });
  if (!opts.claim && input.amount > rules.max) return fieldErr({ amount: 'amountAboveMax' });
  // An API key reaches its own platform only.
  if (actor.kind === 'api' && actor.platformId !== input.platformId) return err('notFound');
  const platform = await getOwnPlatform(db, actor, input.platformId);
  if (!platform) return err('notFound');
  // A suspended business sends nothing out, by hand, by the API or by the automatic settlement.
  const [kyc] = await db.select({ status: kycProfiles.status }).from(kycProfiles).where(eq(kycProfiles.userId, platform.userId));
  if (kyc?.status === 'suspended') return err('businessSuspended');
  let after: After | undefined;
  try {
    const r = await db.transaction(async (tx): Promise<Result<Payout>> => {
      const [account] = await tx
        .select()
        .from(bankAccounts)
        .where(and(eq(bankAccounts.id, input.bankAccountId), eq(bankAccounts.merchantId, actor.merchantId)))
        .for('share');
      if (!account || (account.platformId && account.platformId !== platform.id)) return fieldErr({ bankAccountId: 'notFound' });
      if (account.status !== 'approved') return fieldErr({ bankAccountId: 'accountNotApproved' });
      await lockMerchantPayouts(tx, actor.merchantId);
      let amount = input.amount;
      if (opts.claim) {
        const claimed = await opts.claim(tx);
        if (claimed === null) return err('nothingToSend');
        amount = claimed;
        if (amount < rules.min) return fieldErr({ amount: 'amountBelowMin' });
        if (amount > rules.max) return fieldErr({ amount: 'amountAboveMax' });
      }
      const [{ today }] = await tx
        .select({ today: sql<string>`coalesce(sum(${payouts.amount}), 0)` })
        .from(payouts)
        .where(
          and(
            eq(payouts.merchantId, actor.merchantId),
            // The cap is on what the merchant withdraws; refunds going back to payers are not withdrawals.
            eq(payouts.destination, 'merchant_account'),
            gte(payouts.requestedAt, tehranStartOf(tehranIso(now))),
            sql`${payouts.state} not in ('canceled', 'rejected')`,
          ),
        );
      if (BigInt(today) + amount > rules.dailyCap) return fieldErr({ amount: 'dailyCapReached' });
      const [payout] = await tx
        .insert(payouts)
        .values({
          merchantId: actor.merchantId,
          platformId: platform.id,
          bankAccountId: account.id,
          amount,
          fee: rules.fee,
          description: input.description ?? null,
          auto: opts.auto ?? false,
          requestedBy: actor.kind === 'merchant' ? actor.userId : null,
          requestedAt: now,
        })
        .returning();
      await transfer(tx, {
        kind: 'payout_requested',
        reference: payout.id,
        from: { kind: 'platform_withdrawable', platformId: platform.id },
        to: { kind: 'payout_clearing' },
        amount: payout.amount,
      });
      await audit(tx, actor, {
        action: 'request',
        objectType: 'payout',
        objectId: payout.id,
        after: { amount: payout.amount, bankAccountId: account.id, status: 'requested' },
      });
      await opts.within?.(tx, payout);
      after = await tell(tx, payout, 'payoutRequested', { event: 'payout.requested' });
      return ok(payout);
    });
    await done(after);
    return r;
  } catch (e) {
    if (e instanceof LedgerError && e.code === 'insufficientFunds') return fieldErr({ amount: 'insufficientBalance' });
    throw e;
  }
}

/** The per-merchant lock every payout request takes (the daily cap is counted under it). */
export async function lockMerchantPayouts(tx: Tx, merchantId: string): Promise<void> {
  await tx.execute(sql`select pg_advisory_xact_lock(hashtextextended(${`payout-cap:${merchantId}`}, 0))`);
}

/**
 * Returns the amount to withdrawable: once per payout, whichever way it failed. A refund payout's
 * amount goes back to the refund instead, which asks the payer for another account.
 */
async function reverse(tx: Tx, p: Payout): Promise<After | null> {
  if (p.destination === 'refund_account') return refundSide(onRefundPayoutReversed(tx, p));
  await transfer(tx, {
    kind: 'payout_reversed',
    reference: p.id,
    from: { kind: 'payout_clearing' },
    to: { kind: 'platform_withdrawable', platformId: p.platformId },
    amount: p.amount,
  });
  return null;
}

/** One conditional move of a payout, with whatever else belongs to it in the same transaction. */
async function move(
  db: Db,
  id: string,
  from: PayoutState,
  set: Partial<Payout> & { state: PayoutState },
  scope: { merchantId?: string },
  then: (tx: Tx, moved: Payout) => Promise<After>,
): Promise<Result<Payout>> {
  if (!isUuid(id)) return err('notFound');
  let after: After | undefined;
  const r = await db.transaction(async (tx): Promise<Result<Payout>> => {
    const where = and(eq(payouts.id, id), eq(payouts.state, from), scope.merchantId ? eq(payouts.merchantId, scope.merchantId) : undefined);
    const [moved] = await tx.update(payouts).set(set).where(where).returning();
    if (!moved) {
      const [exists] = await tx
        .select({ id: payouts.id })
        .from(payouts)
        .where(and(eq(payouts.id, id), scope.merchantId ? eq(payouts.merchantId, scope.merchantId) : undefined));
      return err(exists ? 'alreadyDecided' : 'notFound');
    }
    after = await then(tx, moved);
    return ok(moved);
  });
  await done(after);
  return r;
}

/** The merchant takes back a request staff have not decided yet. */
export function cancelPayout(db: Db, actor: MerchantActor, input: { payoutId: string }) {
  return move(db, input.payoutId, 'requested', { state: 'canceled', completedAt: new Date() }, { merchantId: actor.merchantId }, async (tx, p) => {
    await reverse(tx, p);
    await audit(tx, actor, { action: 'cancel', objectType: 'payout', objectId: p.id, before: { status: 'requested' }, after: { status: 'canceled' } });
    return tell(tx, p, 'payoutCanceled');
  });
}

/**
 * Four eyes on a new bank account: who approved the account a payout goes to, while it is the
 * first payout to that account (no other payout to it was ever approved); null otherwise. That
 * staff member may not approve this payout — another finance member must.
 */
export async function accountApprovedBy(db: Db | Tx, payoutId: string): Promise<string | null> {
  const [row] = await db
    .select({ decidedBy: bankAccounts.decidedBy })
    .from(payouts)
    .innerJoin(bankAccounts, eq(bankAccounts.id, payouts.bankAccountId))
    .where(
      and(
        eq(payouts.id, payoutId),
        sql`not exists (select 1 from ${payouts} p2 where p2.bank_account_id = ${bankAccounts.id} and p2.id <> ${payoutId} and p2.state in ('approved', 'sent', 'paid', 'returned'))`,
      ),
    );
  return row?.decidedBy ?? null;
}

/** Of `payoutIds`, those `userId` may not approve (four eyes): first payouts to an account that staff member approved. */
export async function payoutsNeedingAnotherApprover(db: Db, staff: StaffActor, payoutIds: string[]): Promise<Set<string>> {
  assertStaffMay(staff, 'payouts', 'read');
  const ids = payoutIds.filter(isUuid);
  if (!ids.length) return new Set();
  const rows = await db
    .select({ id: payouts.id })
    .from(payouts)
    .innerJoin(bankAccounts, eq(bankAccounts.id, payouts.bankAccountId))
    .where(
      and(
        inArray(payouts.id, ids),
        eq(bankAccounts.decidedBy, staff.userId),
        sql`not exists (select 1 from ${payouts} p2 where p2.bank_account_id = ${bankAccounts.id} and p2.id <> ${payouts.id} and p2.state in ('approved', 'sent', 'paid', 'returned'))`,
      ),
    );
  return new Set(rows.map((r) => r.id));
}

/** Staff approve a request, or reject it with a reason (the amount goes back). */
export async function decidePayout(db: Db, staff: StaffActor, input: { payoutId: string; approve: boolean; reason?: string }) {
  assertStaffMay(staff, 'payouts');
  if (!input.approve && !input.reason?.trim()) return fieldErr({ reason: 'reasonRequired' });
  if (input.approve && isUuid(input.payoutId) && (await accountApprovedBy(db, input.payoutId)) === staff.userId) return err('fourEyesSamePerson');
  const state = input.approve ? 'approved' : 'rejected';
  return move(
    db,
    input.payoutId,
    'requested',
    {
      state,
      reason: input.approve ? null : input.reason!.trim(),
      decidedBy: staff.userId,
      decidedAt: new Date(),
      ...(input.approve ? {} : { completedAt: new Date() }),
    },
    {},
    async (tx, p) => {
      if (!input.approve) await reverse(tx, p);
      await audit(tx, staff, {
        action: state,
        objectType: 'payout',
        objectId: p.id,
        merchantId: p.merchantId,
        before: { status: 'requested' },
        after: { status: state, reason: p.reason },
      });
      return input.approve ? tell(tx, p, 'payoutApproved') : tell(tx, p, 'payoutRejected', { important: true, event: 'payout.rejected' });
    },
  );
}

/** The transfer went to the bank (in a batch file or through an API rail). */
export function markPayoutSent(db: Db, staff: StaffActor, input: { payoutId: string }) {
  assertStaffMay(staff, 'payouts');
  return move(db, input.payoutId, 'approved', { state: 'sent', sentAt: new Date() }, {}, async (tx, p) => {
    await audit(tx, staff, {
      action: 'send',
      objectType: 'payout',
      objectId: p.id,
      merchantId: p.merchantId,
      before: { status: 'approved' },
      after: { status: 'sent' },
    });
    return p.destination === 'refund_account' ? { sms: [], events: [] } : tell(tx, p, 'payoutSent');
  });
}

/** The bank's answer: paid (with its reference) or returned (with its reason; the amount goes back, once). */
export async function settlePayout(db: Db, staff: StaffActor, input: { payoutId: string; outcome: 'paid' | 'returned'; bankRef?: string; reason?: string }) {
  assertStaffMay(staff, 'payouts');
  if (input.outcome === 'returned' && !input.reason?.trim()) return fieldErr({ reason: 'reasonRequired' });
  return move(
    db,
    input.payoutId,
    'sent',
    { state: input.outcome, bankRef: input.bankRef ?? null, reason: input.outcome === 'returned' ? input.reason!.trim() : null, completedAt: new Date() },
    {},
    async (tx, p) => {
      let refundAfter: After | null = null;
      if (p.state === 'returned') refundAfter = await reverse(tx, p);
      else {
        const [clearing, out, income] = await Promise.all([accountFor(tx, 'payout_clearing'), accountFor(tx, 'payouts_out'), accountFor(tx, 'fee_income')]);
        const lines = [
          { accountId: clearing, amount: -p.amount },
          { accountId: out, amount: p.amount - p.fee },
        ];
        if (p.fee > 0n) lines.push({ accountId: income, amount: p.fee });
        await post(tx, { kind: 'payout_paid', reference: p.id, lines });
        if (p.destination === 'refund_account') refundAfter = await refundSide(onRefundPayoutPaid(tx, p));
      }
      await audit(tx, staff, {
        action: p.state,
        objectType: 'payout',
        objectId: p.id,
        merchantId: p.merchantId,
        before: { status: 'sent' },
        after: { status: p.state, bankRef: p.bankRef, reason: p.reason },
      });
      // A refund payout is the refund's business: it tells the merchant and the payer itself.
      if (refundAfter) return refundAfter;
      return p.state === 'paid'
        ? tell(tx, p, 'payoutPaid', { important: true, event: 'payout.paid' })
        : tell(tx, p, 'payoutReturned', { important: true, event: 'payout.returned' });
    },
  );
}
