import { sql } from 'drizzle-orm';
import { check, index, jsonb, pgEnum, pgTable, text, uniqueIndex, uuid, varchar } from 'drizzle-orm/pg-core';
import { at, madeAt } from './columns';
import { knownCurrency, minorUnitsFromZero } from './money';
import { takenFromPayment } from './taken';
import { users } from './users';

export const disputeState = pgEnum('dispute_state', ['open', 'answered', 'won', 'lost']);

/**
 * A payer's complaint through the bank (a Shaparak complaint), recorded by staff. Opening it holds
 * the amount at once — from the payment's pending part, then withdrawable, any shortfall owed by
 * the merchant (`fromPending + fromWithdrawable + owed = amount`) — in the platform's `held`
 * account, which withdrawals cannot touch. Won, the hold goes back where it came from; lost, it
 * goes to the payer as a refund, plus the dispute fee if staff set one.
 */
export const disputes = pgTable(
  'disputes',
  {
    ...takenFromPayment(),
    owed: minorUnitsFromZero(),
    /** The bank's reason and its reference for the complaint. */
    reason: varchar({ length: 300 }).notNull(),
    bankReference: varchar({ length: 60 }),
    /** The bank's deadline for the merchant's answer. */
    deadline: at().notNull(),
    state: disputeState().notNull().default('open'),
    answer: text(),
    /** Evidence files: storage keys with their names and types. */
    evidence: jsonb()
      .$type<{ key: string; name: string; type: string; size: number }[]>()
      .notNull()
      .default(sql`'[]'::jsonb`),
    answeredAt: at(),
    decisionReason: text(),
    fee: minorUnitsFromZero(),
    openedBy: uuid().references(() => users.id, { onDelete: 'set null' }),
    decidedBy: uuid().references(() => users.id, { onDelete: 'set null' }),
    decidedAt: at(),
    createdAt: madeAt(),
  },
  (t) => [
    index('disputes_merchant_idx').on(t.merchantId, t.state, t.deadline),
    index('disputes_state_deadline_idx').on(t.state, t.deadline),
    index('disputes_payment_idx').on(t.paymentId),
    // One dispute at a time per payment: the bank's next complaint waits for this one's decision.
    uniqueIndex('disputes_one_open_key')
      .on(t.paymentId)
      .where(sql`${t.state} in ('open', 'answered')`),
    check('disputes_amount_positive', sql`${t.amount} > 0 and ${t.fee} >= 0`),
    check(
      'disputes_parts',
      sql`${t.fromPending} >= 0 and ${t.fromWithdrawable} >= 0 and ${t.owed} >= 0 and ${t.fromPending} + ${t.fromWithdrawable} + ${t.owed} = ${t.amount}`,
    ),
    knownCurrency('disputes_currency_known', t.currency),
  ],
);

export type Dispute = typeof disputes.$inferSelect;
export type DisputeState = (typeof disputeState.enumValues)[number];
