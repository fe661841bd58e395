import { randomBytes } from 'node:crypto';
import { and, asc, eq, inArray, isNull, sql } from 'drizzle-orm';
import type { Db } from '@/db';
import { bankAccounts, payoutBatchApprovals, payoutBatches, payouts, platforms, refundAccounts, users, type PayoutBatch } from '@/db/schema';
import type { Actor, StaffActor } from '@/lib/actor';
import { audit } from '@/lib/audit';
import { env } from '@/lib/env';
import { assertStaffMay } from '@/lib/staff/permissions';
import { tehranIso } from '@/lib/date/tehran';
import { err, ok, type Result } from '@/lib/result';
import { getStorage, type FileStorage } from '@/lib/storage';
import { isUuid } from '@/lib/validation/ids';
import { markPayoutSent, settlePayout } from '.';
import { destination, toMerchantAccount, toRefundAccount } from './destination';
import { payaFileRail } from './rails/paya-file';
import type { FileRail, RailParseError, RailTransfer } from './rails/types';

/**
 * Payout batches: approved payouts gathered into one bank file (the file rail), sent, and settled
 * from the bank's answer. The claim is one conditional UPDATE — `batch_id` is set only where the
 * payout is `approved` and in no batch — so racing builds split the payouts between them, a payout
 * is in one batch at most, and nothing canceled or rejected is ever in one. Building, the file and
 * its storage are one transaction: a build that fails leaves no batch and no claimed payout.
 *
 * Sending and settling go through `markPayoutSent` / `settlePayout` in `lib/payouts`, one payout at
 * a time, so each keeps its own conditional move, posting and audit event; the batch closes when
 * every payout in it is paid or returned. Staff only: any other actor gets nothing.
 */
export const DEFAULT_RAIL: FileRail = payaFileRail;

/** A payout's reference in the bank file: its id without dashes (32 hex digits). */
export function transferReference(payoutId: string): string {
  return payoutId.replace(/-/g, '').toLowerCase();
}

function isStaff(actor: Actor): actor is StaffActor {
  return actor.kind === 'staff';
}

class NothingToBatch extends Error {}

export type BuildOptions = { storage?: FileStorage; rail?: FileRail; now?: Date };

/** Builds one batch from the approved payouts chosen (all approved payouts in no batch when none are named). */
export async function buildBatch(db: Db, actor: Actor, input: { payoutIds?: string[] }, opts: BuildOptions = {}): Promise<Result<PayoutBatch>> {
  if (!isStaff(actor)) return err('notFound');
  assertStaffMay(actor, 'payouts');
  const ids = input.payoutIds?.filter(isUuid);
  if (input.payoutIds && !ids?.length) return err('nothingToBatch');
  const rail = opts.rail ?? DEFAULT_RAIL;
  const storage = opts.storage ?? getStorage();
  const now = opts.now ?? new Date();
  const reference = `PAYA-${tehranIso(now).replace(/-/g, '')}-${randomBytes(4).toString('hex').toUpperCase()}`;
  try {
    return await db.transaction(async (tx) => {
      const [batch] = await tx
        .insert(payoutBatches)
        .values({ reference, rail: rail.id, count: 0, total: 0n, currency: 'IRR', createdBy: actor.userId, createdAt: now })
        .returning();
      const claimed = await tx
        .update(payouts)
        .set({ batchId: batch.id })
        .where(
          and(
            eq(payouts.state, 'approved'),
            isNull(payouts.batchId),
            // Bank files carry Rials, to a merchant's sheba or to one a payer named for a refund.
            eq(payouts.currency, 'IRR'),
            ids ? inArray(payouts.id, ids) : undefined,
          ),
        )
        .returning({ id: payouts.id });
      if (claimed.length === 0) throw new NothingToBatch();
      const rows = await tx
        .select({ payout: payouts, sheba: destination.sheba, holderName: destination.holderName, platformName: platforms.name })
        .from(payouts)
        .leftJoin(bankAccounts, toMerchantAccount)
        .leftJoin(refundAccounts, toRefundAccount)
        .innerJoin(platforms, eq(platforms.id, payouts.platformId))
        .where(eq(payouts.batchId, batch.id))
        .orderBy(asc(payouts.requestedAt), asc(payouts.id));
      const transfers: RailTransfer[] = rows.map(({ payout: p, sheba, holderName, platformName }) => ({
        payoutId: p.id,
        reference: transferReference(p.id),
        sheba,
        amount: p.amount - p.fee,
        holderName,
        description: p.destination === 'refund_account' ? `بازگشت وجه ${platformName}` : p.description?.trim() || `تسویه ${platformName}`,
      }));
      const total = transfers.reduce((s, t) => s + t.amount, 0n);
      const file = await rail.buildFile({ reference, createdAt: now, transfers });
      const fileKey = `payout-batches/${batch.id}`;
      await storage.put(fileKey, file.bytes, file.contentType);
      const [built] = await tx.update(payoutBatches).set({ count: transfers.length, total, fileKey }).where(eq(payoutBatches.id, batch.id)).returning();
      await audit(tx, actor, {
        action: 'build',
        objectType: 'payout_batch',
        objectId: batch.id,
        merchantId: null,
        after: { reference, count: transfers.length, total, rail: rail.id },
      });
      return ok(built);
    });
  } catch (e) {
    if (e instanceof NothingToBatch) return err('nothingToBatch');
    throw e;
  }
}

async function findBatch(db: Db, id: string): Promise<PayoutBatch | null> {
  if (!isUuid(id)) return null;
  const [b] = await db.select().from(payoutBatches).where(eq(payoutBatches.id, id));
  return b ?? null;
}

/** The built file, for staff to download. */
export async function getBatchFile(
  db: Db,
  actor: Actor,
  batchId: string,
  opts: { storage?: FileStorage } = {},
): Promise<{ bytes: Buffer; contentType: string; fileName: string } | null> {
  if (!isStaff(actor)) return null;
  assertStaffMay(actor, 'payouts', 'read');
  const batch = await findBatch(db, batchId);
  if (!batch?.fileKey) return null;
  const bytes = await (opts.storage ?? getStorage()).get(batch.fileKey);
  if (!bytes) return null;
  return { bytes, contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', fileName: `${batch.reference}.xlsx` };
}

/**
 * The file went to the bank: the batch moves built → sent and every payout in it approved → sent.
 * Asked again on a sent batch it finishes any payout a crash left behind.
 */
export async function markBatchSent(db: Db, actor: Actor, input: { batchId: string }, opts: FourEyesOptions = {}): Promise<Result<{ sent: number }>> {
  if (!isStaff(actor)) return err('notFound');
  assertStaffMay(actor, 'payouts');
  const batch = await findBatch(db, input.batchId);
  if (!batch) return err('notFound');
  if (batch.state === 'closed') return err('batchClosed');
  if (batch.state === 'built') {
    const refused = await db.transaction(async (tx) => {
      // Four eyes: above the threshold the batch goes out only with a second approver's row (read in the move's transaction).
      if (needsSecondApproval(batch, opts)) {
        const [second] = await tx.select().from(payoutBatchApprovals).where(eq(payoutBatchApprovals.batchId, batch.id));
        if (!second) return true;
      }
      const [moved] = await tx
        .update(payoutBatches)
        .set({ state: 'sent', sentAt: new Date() })
        .where(and(eq(payoutBatches.id, batch.id), eq(payoutBatches.state, 'built')))
        .returning();
      if (moved)
        await audit(tx, actor, {
          action: 'send',
          objectType: 'payout_batch',
          objectId: batch.id,
          merchantId: null,
          before: { state: 'built' },
          after: { state: 'sent' },
        });
      return false;
    });
    if (refused) return err('batchNeedsSecondApproval');
  }
  const waiting = await db
    .select({ id: payouts.id })
    .from(payouts)
    .where(and(eq(payouts.batchId, batch.id), eq(payouts.state, 'approved')));
  let sent = 0;
  for (const p of waiting) if ((await markPayoutSent(db, actor, { payoutId: p.id })).ok) sent++;
  return ok({ sent });
}

export type FourEyesOptions = { fourEyesAboveMinor?: bigint };

/** Whether a built batch needs a second finance approver before it is sent (its total is above PAYOUT_BATCH_FOUR_EYES_MINOR). */
export function needsSecondApproval(batch: Pick<PayoutBatch, 'total'>, opts: FourEyesOptions = {}): boolean {
  return batch.total > (opts.fourEyesAboveMinor ?? env().PAYOUT_BATCH_FOUR_EYES_MINOR);
}

/** The second approval of a batch, if given: who (id and name) and when. */
export async function batchApproval(db: Db, actor: Actor, batchId: string): Promise<{ approvedBy: string; name: string; approvedAt: Date } | null> {
  if (!isStaff(actor) || !isUuid(batchId)) return null;
  assertStaffMay(actor, 'payouts', 'read');
  const [row] = await db
    .select({ approvedBy: payoutBatchApprovals.approvedBy, approvedAt: payoutBatchApprovals.approvedAt, first: users.firstName, last: users.lastName })
    .from(payoutBatchApprovals)
    .innerJoin(users, eq(users.id, payoutBatchApprovals.approvedBy))
    .where(eq(payoutBatchApprovals.batchId, batchId));
  return row ? { approvedBy: row.approvedBy, name: `${row.first} ${row.last}`, approvedAt: row.approvedAt } : null;
}

/**
 * The second finance approver of a built batch (four eyes): anyone with the finance role but the
 * staff member who built it (its first approver). Refused with `fourEyesSamePerson` for the
 * builder; a second approval of the same batch is `alreadyDecided`.
 */
export async function approveBatch(db: Db, actor: Actor, input: { batchId: string }): Promise<Result> {
  if (!isStaff(actor)) return err('notFound');
  assertStaffMay(actor, 'payouts');
  return db.transaction(async (tx): Promise<Result> => {
    const [batch] = isUuid(input.batchId) ? await tx.select().from(payoutBatches).where(eq(payoutBatches.id, input.batchId)).for('update') : [];
    if (!batch) return err('notFound');
    if (batch.state !== 'built') return err('alreadyDecided');
    if (batch.createdBy === actor.userId) return err('fourEyesSamePerson');
    const [row] = await tx.insert(payoutBatchApprovals).values({ batchId: batch.id, approvedBy: actor.userId }).onConflictDoNothing().returning();
    if (!row) return err('alreadyDecided');
    await audit(tx, actor, {
      action: 'approve',
      objectType: 'payout_batch',
      objectId: batch.id,
      merchantId: null,
      before: { state: 'built', createdBy: batch.createdBy },
      after: { approvedBy: actor.userId, total: batch.total },
    });
    return ok();
  });
}

/** Closes a sent batch once every payout in it is paid or returned (one of racing closers wins; the rest find it closed). */
export async function closeBatchIfDone(db: Db, batchId: string): Promise<boolean> {
  const closed = await db
    .update(payoutBatches)
    .set({ state: 'closed', closedAt: new Date() })
    .where(
      and(
        eq(payoutBatches.id, batchId),
        eq(payoutBatches.state, 'sent'),
        sql`not exists (select 1 from ${payouts} where ${payouts.batchId} = ${batchId} and ${payouts.state} not in ('paid', 'returned'))`,
      ),
    )
    .returning({ id: payoutBatches.id });
  return closed.length > 0;
}

export type SettleInput = { batchId: string; payoutId: string; outcome: 'paid' | 'returned'; bankRef?: string; reason?: string };

/** One payout of a batch paid or returned by hand, with the bank's reference or the return reason. */
export async function settleBatchPayout(db: Db, actor: Actor, input: SettleInput): Promise<Result> {
  if (!isStaff(actor)) return err('notFound');
  assertStaffMay(actor, 'payouts');
  if (!isUuid(input.batchId) || !isUuid(input.payoutId)) return err('notFound');
  const [inBatch] = await db
    .select({ id: payouts.id })
    .from(payouts)
    .where(and(eq(payouts.id, input.payoutId), eq(payouts.batchId, input.batchId)));
  if (!inBatch) return err('notFound');
  const r = await settlePayout(db, actor, {
    payoutId: input.payoutId,
    outcome: input.outcome,
    bankRef: input.bankRef?.trim() || undefined,
    reason: input.reason,
  });
  if (!r.ok) return r;
  await closeBatchIfDone(db, input.batchId);
  return ok();
}

export type ResultRowError = { line: number; error: RailParseError['error'] | 'rowAmbiguous' | 'alreadySettled' };
export type ResultSummary = { paid: number; returned: number; unchanged: number; errors: ResultRowError[]; closed: boolean };

/**
 * The bank's result file for a sent batch: each row matched to a payout of this batch by our
 * reference (else by sheba, when only one payout of the batch goes to it) and settled. Uploading
 * the same file twice changes nothing the second time: a payout already in the row's state counts
 * as unchanged, so a returned payout is credited back once.
 */
export async function applyBatchResult(
  db: Db,
  actor: Actor,
  input: { batchId: string; bytes: Buffer },
  opts: { rail?: FileRail } = {},
): Promise<Result<ResultSummary>> {
  if (!isStaff(actor)) return err('notFound');
  assertStaffMay(actor, 'payouts');
  const batch = await findBatch(db, input.batchId);
  if (!batch) return err('notFound');
  if (batch.state === 'built') return err('batchNotSent');
  const parsed = await (opts.rail ?? DEFAULT_RAIL).parseResult(input.bytes);
  if (!parsed) return err('resultFileInvalid');
  const members = await db
    .select({ id: payouts.id, state: payouts.state, sheba: destination.sheba })
    .from(payouts)
    .leftJoin(bankAccounts, toMerchantAccount)
    .leftJoin(refundAccounts, toRefundAccount)
    .where(eq(payouts.batchId, batch.id));
  const byRef = new Map(members.map((m) => [transferReference(m.id), m]));
  const bySheba = new Map<string, (typeof members)[number][]>();
  for (const m of members) bySheba.set(m.sheba, [...(bySheba.get(m.sheba) ?? []), m]);

  const summary: ResultSummary = { paid: 0, returned: 0, unchanged: 0, errors: [...parsed.errors], closed: false };
  for (const row of parsed.outcomes) {
    let member = row.reference ? byRef.get(row.reference) : undefined;
    if (!member && row.sheba) {
      const same = bySheba.get(row.sheba) ?? [];
      if (same.length > 1) {
        summary.errors.push({ line: row.line, error: 'rowAmbiguous' });
        continue;
      }
      member = same[0];
    }
    if (!member) {
      summary.errors.push({ line: row.line, error: 'rowUnmatched' });
      continue;
    }
    const r = await settlePayout(db, actor, { payoutId: member.id, outcome: row.outcome, bankRef: row.bankRef ?? undefined, reason: row.reason ?? undefined });
    if (r.ok) summary[row.outcome]++;
    else {
      const [now] = await db.select({ state: payouts.state }).from(payouts).where(eq(payouts.id, member.id));
      if (now?.state === row.outcome) summary.unchanged++;
      else summary.errors.push({ line: row.line, error: 'alreadySettled' });
    }
  }
  summary.errors.sort((a, b) => a.line - b.line);
  summary.closed = (await closeBatchIfDone(db, batch.id)) || (await findBatch(db, batch.id))?.state === 'closed';
  return ok(summary);
}
