import { and, eq } from 'drizzle-orm';
import type { z } from 'zod';
import type { Db, Tx } from '@/db';
import { depositSlips, payments, platforms, type Payment } from '@/db/schema';
import { ownedBy, type MerchantActor, type StaffActor } from '@/lib/actor';
import { audit } from '@/lib/audit';
import { err, ok, type Result } from '@/lib/result';
import type { slipDecisionSchema } from '@/lib/validation/payments';
import { fail, succeed } from './index';

/**
 * The merchant (or staff) confirms a slip matches the bank account — only then does it count —
 * or rejects it with a reason. Twenty at once decide it once; a merchant and staff deciding at
 * once leave the winner's decision.
 */
export async function decideSlip(
  db: Db,
  actor: MerchantActor | StaffActor,
  input: z.output<typeof slipDecisionSchema>,
): Promise<Result<Payment, 'notFound' | 'alreadyDecided'>> {
  const { paymentId, approve, reason } = input;
  const [row] = await db
    .select({ payment: payments, merchantId: platforms.userId })
    .from(payments)
    .innerJoin(platforms, eq(platforms.id, payments.platformId))
    .where(and(eq(payments.id, paymentId), eq(payments.method, 'slip'), ownedBy(actor, platforms.userId)));
  if (!row) return err('notFound');
  if (row.payment.state !== 'awaiting_confirmation') return err('alreadyDecided');
  // The slip records who decided, and the audit trail the decision, inside the move's own
  // transaction and only for the call that moved the payment: a racing loser changes nothing.
  const record = async (tx: Tx, moved: Payment) => {
    await tx
      .update(depositSlips)
      .set({ decidedBy: actor.userId, decidedAt: new Date(), reason: reason || null })
      .where(eq(depositSlips.paymentId, paymentId));
    await audit(tx, actor, {
      action: approve ? 'deposit_slip.approved' : 'deposit_slip.rejected',
      objectType: 'payment',
      objectId: paymentId,
      merchantId: row.merchantId,
      before: { state: row.payment.state },
      after: { state: moved.state, reason: reason || null },
    });
  };
  const moved = approve
    ? await succeed(db, row.payment, { ref: null, cardMasked: null }, ['awaiting_confirmation'], record)
    : await fail(db, row.payment, reason, { from: ['awaiting_confirmation'], within: record });
  if (!moved.moved || !moved.payment) return err('alreadyDecided');
  return ok(moved.payment);
}
