import { and, eq, inArray, isNull, sql } from 'drizzle-orm';
import type { Db, DbOrTx } from '@/db';
import { violates } from '@/db/errors';
import { ledgerAccounts, ledgerLines, ledgerPostings, type Currency, type LedgerAccountKind } from '@/db/schema';

/**
 * The double-entry ledger. Every money movement is one posting whose lines sum to zero, made at
 * most once per (kind, reference); account balances move in the same transaction, and the
 * database refuses a negative withdrawable balance. Corrections are new postings, never edits.
 * Every account holds one currency and a posting moves one currency (Rials unless said): its
 * lines carry that code, and the database refuses a line whose account holds another.
 */

export class LedgerError extends Error {
  constructor(
    readonly code: 'unbalanced' | 'empty' | 'zeroLine' | 'insufficientFunds',
    message: string,
  ) {
    super(message);
  }
}

const PLATFORM_KINDS: LedgerAccountKind[] = ['platform_pending', 'platform_withdrawable', 'platform_held', 'platform_owed'];

/** The account of a kind (per platform for platform accounts) in a currency, made on first use. */
export async function accountFor(db: DbOrTx, kind: LedgerAccountKind, platformId: string | null = null, currency: Currency = 'IRR'): Promise<string> {
  if (PLATFORM_KINDS.includes(kind) !== (platformId !== null)) throw new Error(`${kind} ${platformId ? 'takes no' : 'needs a'} platform`);
  const where = and(
    eq(ledgerAccounts.kind, kind),
    platformId ? eq(ledgerAccounts.platformId, platformId) : isNull(ledgerAccounts.platformId),
    eq(ledgerAccounts.currency, currency),
  );
  const [found] = await db.select({ id: ledgerAccounts.id }).from(ledgerAccounts).where(where);
  if (found) return found.id;
  await db.insert(ledgerAccounts).values({ kind, platformId, currency }).onConflictDoNothing();
  const [made] = await db.select({ id: ledgerAccounts.id }).from(ledgerAccounts).where(where);
  return made.id;
}

export type PostingInput = { kind: string; reference: string; memo?: string; currency?: Currency; lines: { accountId: string; amount: bigint }[] };
export type PostingResult = { postingId: string; created: boolean };

/**
 * Posts once: a repeat of the same (kind, reference) returns the first posting and moves
 * nothing. Must run inside the caller's transaction so the posting and the business state change
 * commit together.
 */
export async function post(tx: DbOrTx, input: PostingInput): Promise<PostingResult> {
  if (input.lines.length < 2) throw new LedgerError('empty', 'A posting needs at least two lines');
  if (input.lines.some((l) => l.amount === 0n)) throw new LedgerError('zeroLine', 'A line cannot be zero');
  const sum = input.lines.reduce((a, l) => a + l.amount, 0n);
  if (sum !== 0n) throw new LedgerError('unbalanced', `Lines sum to ${sum}, not zero`);

  const [posting] = await tx
    .insert(ledgerPostings)
    .values({ kind: input.kind, reference: input.reference, memo: input.memo })
    .onConflictDoNothing({ target: [ledgerPostings.kind, ledgerPostings.reference] })
    .returning({ id: ledgerPostings.id });
  if (!posting) {
    const [first] = await tx
      .select({ id: ledgerPostings.id })
      .from(ledgerPostings)
      .where(and(eq(ledgerPostings.kind, input.kind), eq(ledgerPostings.reference, input.reference)));
    return { postingId: first.id, created: false };
  }
  const currency = input.currency ?? 'IRR';
  await tx.insert(ledgerLines).values(input.lines.map((l) => ({ postingId: posting.id, accountId: l.accountId, amount: l.amount, currency })));
  // Only the platforms' balances are kept on the row (the CHECK needs them); the facilitator's own
  // accounts (clearing, fee income) are summed from their lines when needed, so that every payment
  // of every merchant does not queue on the same two rows. Rows move in id order: no deadlocks.
  const byAccount = new Map<string, bigint>();
  for (const l of input.lines) byAccount.set(l.accountId, (byAccount.get(l.accountId) ?? 0n) + l.amount);
  for (const [accountId, amount] of [...byAccount].sort(([a], [b]) => (a < b ? -1 : 1))) {
    try {
      await tx
        .update(ledgerAccounts)
        .set({ balance: sql`${ledgerAccounts.balance} + ${amount.toString()}::bigint` })
        .where(and(eq(ledgerAccounts.id, accountId), inArray(ledgerAccounts.kind, PLATFORM_KINDS)));
    } catch (err) {
      if (violates(err, 'ledger_withdrawable_not_negative')) {
        throw new LedgerError('insufficientFunds', 'The withdrawable balance would go below zero');
      }
      throw err;
    }
  }
  return { postingId: posting.id, created: true };
}

export type FeeRule = { percentBasisPoints: number; fixed: bigint; min: bigint; max: bigint | null };

/** The facilitator's fee on an amount: fixed + amount × bp / 10 000 (rounded down), within [min, max], never above the amount. */
export function computeFee(amount: bigint, rule: FeeRule): bigint {
  let fee = rule.fixed + (amount * BigInt(rule.percentBasisPoints)) / 10_000n;
  if (fee < rule.min) fee = rule.min;
  if (rule.max !== null && fee > rule.max) fee = rule.max;
  return fee > amount ? amount : fee;
}

/** A successful payment: clearing → the platform's pending balance (amount − fee) and fee income. */
export async function postPaymentSucceeded(tx: DbOrTx, input: { paymentId: string; platformId: string; amount: bigint; fee: bigint }): Promise<PostingResult> {
  const [clearing, pending, income] = await Promise.all([
    accountFor(tx, 'gateway_clearing'),
    accountFor(tx, 'platform_pending', input.platformId),
    accountFor(tx, 'fee_income'),
  ]);
  const lines = [
    { accountId: clearing, amount: -input.amount },
    { accountId: pending, amount: input.amount - input.fee },
  ];
  if (input.fee > 0n) lines.push({ accountId: income, amount: input.fee });
  return post(tx, { kind: 'payment_succeeded', reference: input.paymentId, lines });
}

/**
 * A paid top-up: the buyer's money is held in `topup_clearing` until the provider delivers (then
 * it is shared out) or fails (then it goes back to the buyer). The same posting kind as every
 * payment, so a payment posts once whatever its product.
 */
export async function postTopupPaid(tx: DbOrTx, input: { paymentId: string; amount: bigint }): Promise<PostingResult> {
  return transfer(tx, {
    kind: 'payment_succeeded',
    reference: input.paymentId,
    from: { kind: 'gateway_clearing' },
    to: { kind: 'topup_clearing' },
    amount: input.amount,
  });
}

/**
 * A delivered top-up shares out what the buyer paid: the provider's cost, the merchant's
 * commission (straight to withdrawable, as the charge gateway's merchants see it) and the
 * facilitator's margin. One balanced posting per order.
 */
export async function postTopupDelivered(
  tx: DbOrTx,
  input: { orderId: string; platformId: string; amount: bigint; cost: bigint; commission: bigint },
): Promise<PostingResult> {
  const margin = input.amount - input.cost - input.commission;
  if (input.cost < 0n || input.commission < 0n || margin < 0n) throw new LedgerError('unbalanced', 'A top-up cannot share out more than it took');
  const [clearing, provider, withdrawable, income] = await Promise.all([
    accountFor(tx, 'topup_clearing'),
    accountFor(tx, 'topup_provider'),
    accountFor(tx, 'platform_withdrawable', input.platformId),
    accountFor(tx, 'fee_income'),
  ]);
  const lines = [{ accountId: clearing, amount: -input.amount }];
  if (input.cost > 0n) lines.push({ accountId: provider, amount: input.cost });
  if (input.commission > 0n) lines.push({ accountId: withdrawable, amount: input.commission });
  if (margin > 0n) lines.push({ accountId: income, amount: margin });
  return post(tx, { kind: 'topup_delivered', reference: input.orderId, lines });
}

/** A bulk top-up paid from the withdrawable balance: the total held in topup_clearing until each row is delivered; refused below zero. */
export async function postTopupBulkPaid(tx: DbOrTx, input: { bulkId: string; platformId: string; amount: bigint }): Promise<PostingResult> {
  return transfer(tx, {
    kind: 'topup_bulk_paid',
    reference: input.bulkId,
    from: { kind: 'platform_withdrawable', platformId: input.platformId },
    to: { kind: 'topup_clearing' },
    amount: input.amount,
  });
}

/** A balance-paid top-up that failed for good: its amount back from topup_clearing to the withdrawable balance, once per order. */
export async function postTopupReturned(tx: DbOrTx, input: { orderId: string; platformId: string; amount: bigint }): Promise<PostingResult> {
  return transfer(tx, {
    kind: 'topup_returned',
    reference: input.orderId,
    from: { kind: 'topup_clearing' },
    to: { kind: 'platform_withdrawable', platformId: input.platformId },
    amount: input.amount,
  });
}

type AccountRef = { kind: LedgerAccountKind; platformId?: string | null };

/** A two-line posting: `amount` from one account to another, in one currency, once per (kind, reference). */
export async function transfer(
  tx: DbOrTx,
  input: { kind: string; reference: string; from: AccountRef; to: AccountRef; amount: bigint; currency?: Currency },
): Promise<PostingResult> {
  const currency = input.currency ?? 'IRR';
  const [from, to] = await Promise.all([
    accountFor(tx, input.from.kind, input.from.platformId ?? null, currency),
    accountFor(tx, input.to.kind, input.to.platformId ?? null, currency),
  ]);
  return post(tx, {
    kind: input.kind,
    reference: input.reference,
    currency,
    lines: [
      { accountId: from, amount: -input.amount },
      { accountId: to, amount: input.amount },
    ],
  });
}

/** Settlement: pending → withdrawable for one platform, once per reference (the settlement run). */
export async function postSettlement(tx: DbOrTx, input: { reference: string; platformId: string; amount: bigint }): Promise<PostingResult> {
  const platform = { platformId: input.platformId };
  return transfer(tx, {
    kind: 'settlement',
    reference: input.reference,
    from: { kind: 'platform_pending', ...platform },
    to: { kind: 'platform_withdrawable', ...platform },
    amount: input.amount,
  });
}

/** A withdrawal leaves the withdrawable balance for the payout clearing account; refused below zero. */
export async function postWithdrawal(tx: DbOrTx, input: { withdrawalId: string; platformId: string; amount: bigint }): Promise<PostingResult> {
  return transfer(tx, {
    kind: 'withdrawal',
    reference: input.withdrawalId,
    from: { kind: 'platform_withdrawable', platformId: input.platformId },
    to: { kind: 'payout_clearing' },
    amount: input.amount,
  });
}

/** Any account's balance from its lines (the facilitator's accounts keep no running balance). */
export async function balanceFromLines(db: DbOrTx, accountId: string): Promise<bigint> {
  const [row] = await db
    .select({ sum: sql<string>`coalesce(sum(${ledgerLines.amount}), 0)` })
    .from(ledgerLines)
    .where(eq(ledgerLines.accountId, accountId));
  return BigInt(row.sum);
}

/** A platform's balances in one currency (Rials unless said). */
export async function platformBalances(db: DbOrTx, platformId: string, currency: Currency = 'IRR'): Promise<{ pending: bigint; withdrawable: bigint }> {
  const rows = await db
    .select({ kind: ledgerAccounts.kind, balance: ledgerAccounts.balance })
    .from(ledgerAccounts)
    .where(and(eq(ledgerAccounts.platformId, platformId), eq(ledgerAccounts.currency, currency)));
  return {
    pending: rows.find((r) => r.kind === 'platform_pending')?.balance ?? 0n,
    withdrawable: rows.find((r) => r.kind === 'platform_withdrawable')?.balance ?? 0n,
  };
}

/** A platform's disputed money: held for open disputes, and what the merchant owes (zero or below). */
export async function platformHolds(db: DbOrTx, platformId: string, currency: Currency = 'IRR'): Promise<{ held: bigint; owed: bigint }> {
  const rows = await db
    .select({ kind: ledgerAccounts.kind, balance: ledgerAccounts.balance })
    .from(ledgerAccounts)
    .where(and(eq(ledgerAccounts.platformId, platformId), eq(ledgerAccounts.currency, currency)));
  return {
    held: rows.find((r) => r.kind === 'platform_held')?.balance ?? 0n,
    owed: rows.find((r) => r.kind === 'platform_owed')?.balance ?? 0n,
  };
}

/** The ledger's invariants, for tests and for a staff health check: every list should be empty. */
export async function ledgerViolations(db: Db) {
  // Balanced per currency: a posting that moved Rials and lira would be two postings.
  const unbalanced = await db.execute<{ id: string }>(
    sql`select posting_id as id from ledger_lines group by posting_id having sum(amount) <> 0 or count(distinct currency) > 1`,
  );
  const drifted = await db.execute<{ id: string }>(
    sql`select a.id from ledger_accounts a left join ledger_lines l on l.account_id = a.id where a.kind in ('platform_pending', 'platform_withdrawable', 'platform_held', 'platform_owed') group by a.id, a.balance having a.balance <> coalesce(sum(l.amount), 0)`,
  );
  // Neither balance a merchant holds may go below zero: withdrawable has a CHECK; pending is kept so
  // by the code (a refund takes from pending only what is still there), and checked here.
  const negative = await db.execute<{ id: string }>(
    sql`select id from ledger_accounts where kind in ('platform_withdrawable', 'platform_pending') and balance < 0`,
  );
  return { unbalanced: [...unbalanced].map((r) => r.id), drifted: [...drifted].map((r) => r.id), negative: [...negative].map((r) => r.id) };
}
