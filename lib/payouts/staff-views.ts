import { and, asc, count, desc, eq, gte, inArray, isNull, sql } from 'drizzle-orm';
import type { DbOrTx } from '@/db';
import {
  bankAccounts,
  kycProfiles,
  payments,
  payoutBatches,
  payouts,
  platforms,
  refundAccounts,
  refunds,
  users,
  type BankAccount,
  type Payout,
  type PayoutBatch,
} from '@/db/schema';
import type { Actor } from '@/lib/actor';
import { tehranIso, tehranStartOf } from '@/lib/date/tehran';
import { isUuid } from '@/lib/validation/ids';
import { destination, toMerchantAccount, toRefundAccount } from './destination';

/**
 * What the staff payout pages read: the queue of requests, approved payouts waiting for a batch,
 * the batches, pending destination accounts and the day's totals. Staff only — any other actor
 * gets nothing (an empty list, null), whatever a caller passes.
 */
const ACCOUNT_NEW_MS = 24 * 3600_000;

export type PayoutRisk = 'newAccount' | 'firstPayout';
export type Person = { firstName: string; lastName: string; mobile: string };

export type StaffPayoutRow = {
  payout: Payout;
  merchant: Person;
  platformName: string;
  sheba: string | null;
  holderName: string | null;
  bankCode: string | null;
  accountAddedAt: Date | null;
  /** For a refund payout: the payment it refunds and the payer, shown beside it in the batch. */
  refundOf: { trackingCode: string; payerName: string | null } | null;
  risks: PayoutRisk[];
};

const isStaff = (actor: Actor) => actor.kind === 'staff';

const rowSelect = {
  payout: payouts,
  merchant: { firstName: users.firstName, lastName: users.lastName, mobile: users.mobile },
  platformName: platforms.name,
  ...destination,
  accountAddedAt: bankAccounts.createdAt,
  refundOf: { trackingCode: payments.trackingCode, payerName: payments.payerName },
};

function baseQuery(db: DbOrTx) {
  return db
    .select(rowSelect)
    .from(payouts)
    .innerJoin(users, eq(users.id, payouts.merchantId))
    .innerJoin(platforms, eq(platforms.id, payouts.platformId))
    .leftJoin(bankAccounts, toMerchantAccount)
    .leftJoin(refundAccounts, toRefundAccount)
    .leftJoin(refunds, eq(refunds.id, payouts.refundId))
    .leftJoin(payments, eq(payments.id, refunds.paymentId));
}

/** Requested payouts, oldest first, with what a reviewer should notice (an account added in the last 24 h, a merchant's first payout). */
export async function listPayoutQueue(db: DbOrTx, actor: Actor, opts: { now?: Date; limit?: number } = {}): Promise<StaffPayoutRow[]> {
  if (!isStaff(actor)) return [];
  const now = opts.now ?? new Date();
  const rows = await baseQuery(db)
    .where(eq(payouts.state, 'requested'))
    .orderBy(asc(payouts.requestedAt), asc(payouts.id))
    .limit(opts.limit ?? 200);
  const merchants = [...new Set(rows.map((r) => r.payout.merchantId))];
  const paidBefore = merchants.length
    ? await db
        .selectDistinct({ merchantId: payouts.merchantId })
        .from(payouts)
        .where(and(inArray(payouts.merchantId, merchants), eq(payouts.state, 'paid')))
    : [];
  const experienced = new Set(paidBefore.map((p) => p.merchantId));
  return rows.map((r) => {
    const risks: PayoutRisk[] = [];
    if (r.accountAddedAt && now.getTime() - r.accountAddedAt.getTime() < ACCOUNT_NEW_MS) risks.push('newAccount');
    if (!experienced.has(r.payout.merchantId)) risks.push('firstPayout');
    return { ...r, risks };
  });
}

/** Approved payouts in no batch yet: what the next batch can take. */
export async function listApprovedForBatch(db: DbOrTx, actor: Actor, opts: { limit?: number } = {}): Promise<StaffPayoutRow[]> {
  if (!isStaff(actor)) return [];
  const rows = await baseQuery(db)
    .where(and(eq(payouts.state, 'approved'), isNull(payouts.batchId)))
    .orderBy(asc(payouts.requestedAt), asc(payouts.id))
    .limit(opts.limit ?? 500);
  return rows.map((r) => ({ ...r, risks: [] }));
}

export type BatchRow = PayoutBatch & { paid: number; returned: number; open: number };

/** Batches, newest first, with how many of their payouts are paid, returned and still open. */
export async function listBatches(db: DbOrTx, actor: Actor, opts: { limit?: number } = {}): Promise<BatchRow[]> {
  if (!isStaff(actor)) return [];
  const batches = await db
    .select()
    .from(payoutBatches)
    .orderBy(desc(payoutBatches.createdAt), desc(payoutBatches.id))
    .limit(opts.limit ?? 50);
  if (!batches.length) return [];
  const tallies = await db
    .select({ batchId: payouts.batchId, state: payouts.state, n: count() })
    .from(payouts)
    .where(
      inArray(
        payouts.batchId,
        batches.map((b) => b.id),
      ),
    )
    .groupBy(payouts.batchId, payouts.state);
  return batches.map((b) => {
    const of = (s: string) => tallies.filter((t) => t.batchId === b.id && t.state === s).reduce((n, t) => n + t.n, 0);
    const paid = of('paid');
    const returned = of('returned');
    return { ...b, paid, returned, open: b.count - paid - returned };
  });
}

/** One batch with its payouts; null for an unknown id or a non-staff actor. */
export async function getBatchDetail(db: DbOrTx, actor: Actor, batchId: string): Promise<{ batch: PayoutBatch; payouts: StaffPayoutRow[] } | null> {
  if (!isStaff(actor) || !isUuid(batchId)) return null;
  const [batch] = await db.select().from(payoutBatches).where(eq(payoutBatches.id, batchId));
  if (!batch) return null;
  const rows = await baseQuery(db).where(eq(payouts.batchId, batchId)).orderBy(asc(payouts.requestedAt), asc(payouts.id));
  return { batch, payouts: rows.map((r) => ({ ...r, risks: [] })) };
}

export type PendingAccountRow = {
  account: BankAccount;
  merchant: Person;
  platformName: string | null;
  /** The name on the merchant's approved customer information: the person, or the company. */
  kycName: string | null;
};

/** Destination accounts waiting for staff, oldest first, each beside the name the merchant was approved under. */
export async function listPendingAccounts(db: DbOrTx, actor: Actor, opts: { limit?: number } = {}): Promise<PendingAccountRow[]> {
  if (!isStaff(actor)) return [];
  const rows = await db
    .select({
      account: bankAccounts,
      merchant: { firstName: users.firstName, lastName: users.lastName, mobile: users.mobile },
      platformName: platforms.name,
      approvedKind: kycProfiles.approvedKind,
      identity: kycProfiles.approvedIdentity,
    })
    .from(bankAccounts)
    .innerJoin(users, eq(users.id, bankAccounts.merchantId))
    .leftJoin(platforms, eq(platforms.id, bankAccounts.platformId))
    .leftJoin(kycProfiles, eq(kycProfiles.userId, bankAccounts.merchantId))
    .where(eq(bankAccounts.status, 'pending'))
    .orderBy(asc(bankAccounts.createdAt), asc(bankAccounts.id))
    .limit(opts.limit ?? 200);
  return rows.map(({ approvedKind, identity, ...r }) => {
    const person = [identity?.firstName, identity?.lastName].filter(Boolean).join(' ');
    const kycName = (approvedKind === 'legal' ? identity?.companyName : person) || null;
    return { ...r, kycName };
  });
}

export type Tally = { count: number; total: bigint };
export type PayoutTotals = { inFlight: Tally; paidToday: Tally; returnedToday: Tally };

/** Money in flight (requested, approved or sent) and what was paid and returned since midnight Tehran. */
export async function payoutTotals(db: DbOrTx, actor: Actor, opts: { now?: Date } = {}): Promise<PayoutTotals | null> {
  if (!isStaff(actor)) return null;
  const since = tehranStartOf(tehranIso(opts.now ?? new Date()));
  const tally = async (where: ReturnType<typeof and>): Promise<Tally> => {
    const [r] = await db
      .select({ n: count(), total: sql<string>`coalesce(sum(${payouts.amount}), 0)` })
      .from(payouts)
      .where(where);
    return { count: r.n, total: BigInt(r.total) };
  };
  const [inFlight, paidToday, returnedToday] = await Promise.all([
    tally(inArray(payouts.state, ['requested', 'approved', 'sent'])),
    tally(and(eq(payouts.state, 'paid'), gte(payouts.completedAt, since))),
    tally(and(eq(payouts.state, 'returned'), gte(payouts.completedAt, since))),
  ]);
  return { inFlight, paidToday, returnedToday };
}
