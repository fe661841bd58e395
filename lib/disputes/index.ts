import { randomUUID } from 'node:crypto';
import { and, asc, desc, eq, gt, inArray, lt, sql, type SQL } from 'drizzle-orm';
import type { Db, Tx } from '@/db';
import { disputes, ledgerAccounts, payments, platforms, users, type Dispute, type DisputeState, type Payment } from '@/db/schema';
import { assertStaff, ownedBy, type Actor, type MerchantActor, type StaffActor } from '@/lib/actor';
import { assertStaffMay } from '@/lib/staff/permissions';
import { audit } from '@/lib/audit';
import { MAX_DOCUMENT_BYTES, sniffContentType } from '@/lib/kyc/documents';
import { accountFor, post } from '@/lib/ledger';
import { notify } from '@/lib/messages';
import { currentMoneyBackRules } from '@/lib/payouts/money-back-rules';
import { afterRefund as done, createDisputeRefund, none, type After as RefundAfter } from '@/lib/refunds';
import { err, fieldErr, ok, type Result } from '@/lib/result';
import type { FileStorage } from '@/lib/storage';
import { isUuid } from '@/lib/validation/ids';

/**
 * Disputes (Shaparak complaints): a payer complained to their bank, the bank told the facilitator,
 * staff record it. Every move is a conditional update on the state it leaves, with its posting in
 * the same transaction:
 *
 *   open      the amount moves to the platform's `held` account at once: from the payment's
 *             pending part, then withdrawable, and what they lack becomes owed by the merchant
 *             (`owed` goes below zero; withdrawable never does)
 *   answered  the merchant's text and evidence files, until the bank's deadline
 *   won       the hold goes back where it came from (pending, or withdrawable once settled)
 *   lost      the hold goes to the payer as a refund (a refund payout to a sheba the payer names),
 *             and the dispute fee, if staff set one, from withdrawable (or owed)
 *
 * Not answered by the deadline, a dispute is flagged to staff in their queue; it is never decided
 * by itself.
 */

export const MAX_EVIDENCE_FILES = 5;

/**
 * Locks the platform's four balances in id order, the order every posting moves them in. A dispute
 * moves several of them (and reads withdrawable before it posts): taken one by one in its own order
 * they deadlocked against a refund, the settlement or another dispute of the same platform.
 */
async function lockPlatformAccounts(tx: Tx, platformId: string): Promise<{ withdrawable: bigint }> {
  const ids = await Promise.all(PLATFORM_ACCOUNTS.map((kind) => accountFor(tx, kind, platformId)));
  const rows = await tx
    .select({ id: ledgerAccounts.id, kind: ledgerAccounts.kind, balance: ledgerAccounts.balance })
    .from(ledgerAccounts)
    .where(inArray(ledgerAccounts.id, ids))
    .orderBy(asc(ledgerAccounts.id))
    .for('update');
  // Read under the lock: what the dispute's postings start from.
  return { withdrawable: rows.find((r) => r.kind === 'platform_withdrawable')?.balance ?? 0n };
}
const PLATFORM_ACCOUNTS = ['platform_pending', 'platform_withdrawable', 'platform_held', 'platform_owed'] as const;

/** Staff record the bank's complaint: the amount is held at once and the merchant is told (inbox and SMS). */
export async function openDispute(
  db: Db,
  staff: StaffActor,
  input: { paymentId: string; amount: bigint; reason: string; bankReference?: string | null; deadline: Date },
  now = new Date(),
): Promise<Result<Dispute>> {
  assertStaffMay(staff, 'disputes');
  if (!isUuid(input.paymentId)) return err('notFound');
  if (input.amount <= 0n) return fieldErr({ amount: 'amountNotPositive' });
  if (input.deadline.getTime() <= now.getTime()) return fieldErr({ deadline: 'deadlinePast' });
  let after: RefundAfter | undefined;
  const r = await db.transaction(async (tx): Promise<Result<Dispute>> => {
    const [p] = await tx.select().from(payments).where(eq(payments.id, input.paymentId)).for('update');
    if (!p) return err('notFound');
    // A lira chargeback is between the company, N Kolay and the bank: Dargah holds no lira to take.
    if (p.state !== 'succeeded' || !p.livemode || p.currency !== 'IRR') return err('notDisputable');
    const left = p.amount - p.refundedAmount;
    if (input.amount > left) return fieldErr({ amount: 'disputeAboveRemaining' }, { remaining: left.toString() });
    const [busy] = await tx
      .select({ id: disputes.id })
      .from(disputes)
      .where(and(eq(disputes.paymentId, p.id), inArray(disputes.state, ['open', 'answered'])));
    if (busy) return err('disputeOpen');
    const { withdrawable } = await lockPlatformAccounts(tx, p.platformId);
    const stillPending = p.settledAt ? 0n : p.amount - (p.fee ?? 0n) - p.pendingDebited;
    const fromPending = stillPending > 0n ? (input.amount < stillPending ? input.amount : stillPending) : 0n;
    const rest = input.amount - fromPending;
    const fromWithdrawable = rest < withdrawable ? rest : withdrawable > 0n ? withdrawable : 0n;
    const owed = rest - fromWithdrawable;
    const [owner] = await tx.select({ userId: platforms.userId }).from(platforms).where(eq(platforms.id, p.platformId));
    const [dispute] = await tx
      .insert(disputes)
      .values({
        paymentId: p.id,
        platformId: p.platformId,
        merchantId: owner.userId,
        amount: input.amount,
        currency: p.currency,
        fromPending,
        fromWithdrawable,
        owed,
        reason: input.reason,
        bankReference: input.bankReference ?? null,
        deadline: input.deadline,
        openedBy: staff.userId,
        createdAt: now,
      })
      .returning();
    await tx
      .update(payments)
      .set({ pendingDebited: sql`${payments.pendingDebited} + ${fromPending.toString()}::bigint`, updatedAt: now })
      .where(eq(payments.id, p.id));
    const lines = [{ accountId: await accountFor(tx, 'platform_held', p.platformId), amount: input.amount }];
    if (fromPending > 0n) lines.push({ accountId: await accountFor(tx, 'platform_pending', p.platformId), amount: -fromPending });
    if (fromWithdrawable > 0n) lines.push({ accountId: await accountFor(tx, 'platform_withdrawable', p.platformId), amount: -fromWithdrawable });
    if (owed > 0n) lines.push({ accountId: await accountFor(tx, 'platform_owed', p.platformId), amount: -owed });
    await post(tx, { kind: 'dispute_held', reference: dispute.id, lines });
    await audit(tx, staff, {
      action: 'open',
      objectType: 'dispute',
      objectId: dispute.id,
      merchantId: owner.userId,
      after: { paymentId: p.id, amount: input.amount, deadline: input.deadline.toISOString() },
    });
    after = none();
    after.notes.push(
      await notify(tx, {
        userId: owner.userId,
        category: 'settlement',
        template: 'disputeOpened',
        params: { rials: input.amount.toString(), code: p.trackingCode, at: input.deadline.toISOString() },
        link: `/disputes/${dispute.id}`,
        important: true,
      }),
    );
    return ok(dispute);
  });
  await done(after);
  return r;
}

/** The merchant's answer (text; evidence files come one by one), until the bank's deadline. */
export async function answerDispute(db: Db, actor: MerchantActor, input: { disputeId: string; answer: string }, now = new Date()): Promise<Result<Dispute>> {
  if (!isUuid(input.disputeId)) return err('notFound');
  return db.transaction(async (tx) => {
    const [row] = await tx
      .update(disputes)
      .set({ answer: input.answer, answeredAt: now, state: 'answered' })
      .where(
        and(
          eq(disputes.id, input.disputeId),
          eq(disputes.merchantId, actor.merchantId),
          inArray(disputes.state, ['open', 'answered']),
          gt(disputes.deadline, now),
        ),
      )
      .returning();
    if (!row) return answerRefusal(tx, actor, input.disputeId, now);
    await audit(tx, actor, { action: 'answer', objectType: 'dispute', objectId: row.id, after: { state: 'answered' } });
    return ok(row);
  });
}

async function answerRefusal(tx: Tx, actor: MerchantActor, id: string, now: Date): Promise<Result<never>> {
  const [d] = await tx
    .select({ state: disputes.state, deadline: disputes.deadline })
    .from(disputes)
    .where(and(eq(disputes.id, id), eq(disputes.merchantId, actor.merchantId)));
  if (!d) return err('notFound');
  if (d.state === 'won' || d.state === 'lost') return err('disputeDecided');
  return d.deadline <= now ? err('deadlinePassed') : err('notFound');
}

export type EvidenceResult = Result<Dispute, 'notFound' | 'fileEmpty' | 'fileTooLarge' | 'fileType' | 'tooManyFiles' | 'disputeDecided' | 'deadlinePassed'>;

/** One evidence file (an invoice, a delivery proof: PDF, PNG or JPEG, by its bytes), at most five. */
export async function addDisputeEvidence(
  db: Db,
  actor: MerchantActor,
  input: { disputeId: string; bytes: Buffer; name: string },
  storage: FileStorage,
  now = new Date(),
): Promise<EvidenceResult> {
  if (!isUuid(input.disputeId)) return err('notFound');
  if (input.bytes.length === 0) return err('fileEmpty');
  if (input.bytes.length > MAX_DOCUMENT_BYTES) return err('fileTooLarge');
  const type = sniffContentType(input.bytes);
  if (!type) return err('fileType');
  return db.transaction(async (tx): Promise<EvidenceResult> => {
    const [d] = await tx
      .select()
      .from(disputes)
      .where(and(eq(disputes.id, input.disputeId), eq(disputes.merchantId, actor.merchantId)))
      .for('update');
    if (!d) return err('notFound');
    if (d.state === 'won' || d.state === 'lost') return err('disputeDecided');
    if (d.deadline <= now) return err('deadlinePassed');
    if (d.evidence.length >= MAX_EVIDENCE_FILES) return err('tooManyFiles');
    const key = `disputes/${d.id}/${randomUUID()}`;
    await storage.put(key, input.bytes, type);
    const name = input.name.replace(/[^\p{L}\p{N}._ -]/gu, '_').slice(0, 120) || 'evidence';
    const [row] = await tx
      .update(disputes)
      .set({ evidence: [...d.evidence, { key, name, type, size: input.bytes.length }] })
      .where(eq(disputes.id, d.id))
      .returning();
    await audit(tx, actor, { action: 'add_evidence', objectType: 'dispute', objectId: d.id, after: { name, type, size: input.bytes.length } });
    return ok(row);
  });
}

/** An evidence file, for the merchant who sent it and for staff; null for anyone else. */
export async function getDisputeEvidence(db: Db, actor: Actor, input: { disputeId: string; index: number }, storage: FileStorage) {
  if (!isUuid(input.disputeId) || !Number.isInteger(input.index) || input.index < 0) return null;
  const [d] = await db
    .select({ evidence: disputes.evidence })
    .from(disputes)
    .where(and(eq(disputes.id, input.disputeId), ownedBy(actor, disputes.merchantId)));
  const file = d?.evidence[input.index];
  if (!file) return null;
  const bytes = await storage.get(file.key);
  return bytes ? { bytes, type: file.type, name: file.name } : null;
}

/**
 * Staff decide, with a reason the merchant sees. Won: the hold goes back exactly where it came
 * from. Lost: the hold becomes a refund to the payer, and the dispute fee is charged.
 */
export async function decideDispute(
  db: Db,
  staff: StaffActor,
  input: { disputeId: string; outcome: 'won' | 'lost'; reason: string },
  /** Tests name the fee instead of changing the one staff setting other tests read at the same time. */
  opts: { fee?: bigint } = {},
): Promise<Result<Dispute>> {
  assertStaffMay(staff, 'disputes');
  if (!isUuid(input.disputeId)) return err('notFound');
  if (!input.reason.trim()) return fieldErr({ reason: 'reasonRequired' });
  let after: RefundAfter | undefined;
  const r = await db.transaction(async (tx): Promise<Result<Dispute>> => {
    const [d0] = await tx.select({ paymentId: disputes.paymentId }).from(disputes).where(eq(disputes.id, input.disputeId));
    if (!d0) return err('notFound');
    // The payment first, as refunds and the settlement lock it: one order, no deadlocks.
    const [p] = await tx.select().from(payments).where(eq(payments.id, d0.paymentId)).for('update');
    const { withdrawable } = await lockPlatformAccounts(tx, p.platformId);
    const fee = input.outcome === 'lost' ? (opts.fee ?? (await currentMoneyBackRules(tx)).disputeFee) : 0n;
    const [d] = await tx
      .update(disputes)
      .set({ state: input.outcome, decisionReason: input.reason.trim(), decidedBy: staff.userId, decidedAt: new Date(), fee })
      .where(and(eq(disputes.id, input.disputeId), inArray(disputes.state, ['open', 'answered'])))
      .returning();
    if (!d) return err('disputeDecided');
    after = none();
    if (d.state === 'won') await release(tx, d, p);
    else await lose(tx, d, p, staff, { fee, withdrawable }, after);
    await audit(tx, staff, {
      action: d.state,
      objectType: 'dispute',
      objectId: d.id,
      merchantId: d.merchantId,
      before: { state: 'open' },
      after: { state: d.state, reason: d.decisionReason, fee },
    });
    after.notes.push(
      await notify(tx, {
        userId: d.merchantId,
        category: 'settlement',
        template: d.state === 'won' ? 'disputeWon' : 'disputeLost',
        params: { rials: d.amount.toString(), code: p.trackingCode, reason: d.decisionReason ?? '' },
        link: `/disputes/${d.id}`,
        important: true,
      }),
    );
    return ok(d);
  });
  await done(after);
  return r;
}

/** Won: held → pending (if the payment is still unsettled), withdrawable and owed, exactly as taken. */
async function release(tx: Tx, d: Dispute, p: Payment) {
  const backToPending = p.settledAt ? 0n : d.fromPending;
  const toWithdrawable = d.fromWithdrawable + (d.fromPending - backToPending);
  if (backToPending > 0n) {
    await tx
      .update(payments)
      .set({ pendingDebited: sql`${payments.pendingDebited} - ${backToPending.toString()}::bigint`, updatedAt: new Date() })
      .where(eq(payments.id, p.id));
  }
  const lines = [{ accountId: await accountFor(tx, 'platform_held', d.platformId), amount: -d.amount }];
  if (backToPending > 0n) lines.push({ accountId: await accountFor(tx, 'platform_pending', d.platformId), amount: backToPending });
  if (toWithdrawable > 0n) lines.push({ accountId: await accountFor(tx, 'platform_withdrawable', d.platformId), amount: toWithdrawable });
  if (d.owed > 0n) lines.push({ accountId: await accountFor(tx, 'platform_owed', d.platformId), amount: d.owed });
  await post(tx, { kind: 'dispute_released', reference: d.id, lines });
}

/** Lost: the hold goes to the payer as a refund; the fee from withdrawable, what it lacks owed. */
async function lose(tx: Tx, d: Dispute, p: Payment, staff: StaffActor, charge: { fee: bigint; withdrawable: bigint }, after: RefundAfter) {
  await createDisputeRefund(
    tx,
    { disputeId: d.id, merchantId: d.merchantId, payment: p, amount: d.amount, reason: `Dispute lost: ${d.reason}`, staffId: staff.userId },
    after,
  );
  // The refund moved only held: withdrawable is as the lock read it.
  const { fee, withdrawable } = charge;
  if (fee === 0n) return;
  const fromWithdrawable = fee < withdrawable ? fee : withdrawable > 0n ? withdrawable : 0n;
  const lines = [{ accountId: await accountFor(tx, 'fee_income'), amount: fee }];
  if (fromWithdrawable > 0n) lines.push({ accountId: await accountFor(tx, 'platform_withdrawable', d.platformId), amount: -fromWithdrawable });
  if (fee > fromWithdrawable) lines.push({ accountId: await accountFor(tx, 'platform_owed', d.platformId), amount: -(fee - fromWithdrawable) });
  await post(tx, { kind: 'dispute_fee', reference: d.id, lines });
}

// ---------------------------------------------------------------- reads

export type DisputeRow = {
  dispute: Dispute;
  trackingCode: string;
  paymentAmount: bigint;
  platformName: string;
  merchant: { firstName: string; lastName: string; mobile: string };
};

const rowSelect = {
  dispute: disputes,
  trackingCode: payments.trackingCode,
  paymentAmount: payments.amount,
  platformName: platforms.name,
  merchant: { firstName: users.firstName, lastName: users.lastName, mobile: users.mobile },
};

function rows(db: Db, where: SQL | undefined) {
  return db
    .select(rowSelect)
    .from(disputes)
    .innerJoin(payments, eq(payments.id, disputes.paymentId))
    .innerJoin(platforms, eq(platforms.id, disputes.platformId))
    .innerJoin(users, eq(users.id, disputes.merchantId))
    .where(where);
}

const openFirst = sql`case when ${disputes.state} in ('open', 'answered') then 0 else 1 end`;

/** The merchant's disputes: open ones first, nearest deadline first; then decided ones, newest first. */
export async function listMerchantDisputes(db: Db, actor: MerchantActor, opts: { limit?: number } = {}): Promise<DisputeRow[]> {
  return rows(db, ownedBy(actor, disputes.merchantId))
    .orderBy(openFirst, sql`case when ${disputes.state} in ('open', 'answered') then ${disputes.deadline} end asc`, desc(disputes.createdAt))
    .limit(opts.limit ?? 100);
}

export const DISPUTE_FILTERS = ['open', 'overdue', 'answered', 'decided', 'all'] as const;
export type DisputeFilter = (typeof DISPUTE_FILTERS)[number];

/** Staff's queue: by state, or overdue (open past the deadline with no answer), oldest deadline first. */
export async function listDisputeQueue(db: Db, actor: Actor, opts: { filter?: DisputeFilter; now?: Date; limit?: number } = {}): Promise<DisputeRow[]> {
  if (actor.kind !== 'staff') return [];
  const now = opts.now ?? new Date();
  const f = opts.filter ?? 'open';
  const where =
    f === 'open'
      ? inArray(disputes.state, ['open', 'answered'])
      : f === 'overdue'
        ? and(eq(disputes.state, 'open'), lt(disputes.deadline, now))
        : f === 'answered'
          ? eq(disputes.state, 'answered')
          : f === 'decided'
            ? inArray(disputes.state, ['won', 'lost'] as DisputeState[])
            : undefined;
  return rows(db, where)
    .orderBy(openFirst, asc(disputes.deadline), desc(disputes.createdAt))
    .limit(opts.limit ?? 200);
}

/** One dispute with its payment, for its merchant or staff; null for anyone else. */
export async function getDispute(db: Db, actor: Actor, id: string): Promise<DisputeRow | null> {
  if (!isUuid(id)) return null;
  const [row] = await rows(db, and(eq(disputes.id, id), ownedBy(actor, disputes.merchantId)));
  return row ?? null;
}

/** Whether an open dispute is past its deadline without an answer (flagged to staff, never decided by itself). */
export function isOverdue(d: Pick<Dispute, 'state' | 'deadline'>, now = new Date()): boolean {
  return d.state === 'open' && d.deadline.getTime() < now.getTime();
}

/** Staff find a payment by its tracking code to open a dispute on it. */
export async function paymentIdByTrackingCode(db: Db, staff: StaffActor, trackingCode: string): Promise<string | null> {
  assertStaff(staff);
  const [p] = await db.select({ id: payments.id }).from(payments).where(eq(payments.trackingCode, trackingCode));
  return p?.id ?? null;
}

/** The deadline `days` days from now, at the end of that day in Tehran (the bank counts whole days). */
export function deadlineIn(days: number, now = new Date()): Date {
  const tehranOffsetMs = 3.5 * 3600_000;
  const local = new Date(now.getTime() + tehranOffsetMs + days * 86_400_000);
  local.setUTCHours(23, 59, 59, 0);
  return new Date(local.getTime() - tehranOffsetMs);
}
