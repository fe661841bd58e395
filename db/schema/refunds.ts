import { sql } from 'drizzle-orm';
import { boolean, check, index, integer, pgEnum, pgTable, uuid, varchar } from 'drizzle-orm/pg-core';
import { at, madeAt, requiredRef } from './columns';
import { disputes } from './disputes';
import { knownCurrency, minorUnits, minorUnitsFromZero } from './money';
import { takenFromPayment } from './taken';
import { users } from './users';

export const refundState = pgEnum('refund_state', ['awaiting_account', 'processing', 'succeeded', 'failed']);

/**
 * Money given back to a payer, in full or in part. On creation the merchant's share leaves the
 * platform's balances (pending for a payment not yet settled, else withdrawable) for the
 * facilitator's `refund_clearing`, with the fee given back from fee income when staff say so;
 * `fromPending + fromWithdrawable + feeReturned = amount` for live refunds. It then goes back
 * through the gateway's own refund (`method = gateway`) or as a payout to an account the payer
 * names from a signed SMS link (`method = payout`). A failed refund reverses its posting exactly.
 */
export const refunds = pgTable(
  'refunds',
  {
    ...takenFromPayment(),
    /** False for refunds of sandbox (test-key) payments: they never reach the ledger. */
    livemode: boolean().notNull(),
    /** The part of the facilitator's fee given back (staff setting), so the merchant pays less. */
    feeReturned: minorUnitsFromZero(),
    /** A lost dispute's refund: paid from the dispute's hold, not by the merchant's choice. */
    disputeId: uuid().references(() => disputes.id, { onDelete: 'restrict' }),
    fromHeld: minorUnitsFromZero(),
    /** A top-up that could not be delivered: its buyer is refunded from the money held for it. */
    fromTopup: minorUnitsFromZero(),
    reason: varchar({ length: 300 }).notNull(),
    state: refundState().notNull(),
    method: varchar({ length: 10 }).notNull(),
    gatewayRef: varchar({ length: 120 }),
    failureReason: varchar({ length: 300 }),
    /** Gateway refunds left without an answer: the janitor asks again from this time. */
    nextInquiryAt: at(),
    inquiries: integer().notNull().default(0),
    /** SHA-256 of the single-use token in the payer's SMS link; cleared when the payer uses it. */
    accountTokenHash: varchar({ length: 64 }).unique('refunds_account_token_key'),
    accountTokenExpiresAt: at(),
    requestedBy: uuid().references(() => users.id, { onDelete: 'set null' }),
    createdAt: madeAt(),
    completedAt: at(),
  },
  (t) => [
    index('refunds_payment_idx').on(t.paymentId, t.createdAt),
    index('refunds_platform_created_idx').on(t.platformId, t.createdAt, t.id),
    index('refunds_unknown_idx')
      .on(t.nextInquiryAt)
      .where(sql`${t.state} = 'processing' and ${t.method} = 'gateway'`),
    check('refunds_amount_positive', sql`${t.amount} > 0`),
    check('refunds_parts', sql`${t.fromPending} >= 0 and ${t.fromWithdrawable} >= 0 and ${t.feeReturned} >= 0 and ${t.fromHeld} >= 0 and ${t.fromTopup} >= 0`),
    check(
      'refunds_parts_sum',
      sql`not ${t.livemode} or ${t.fromPending} + ${t.fromWithdrawable} + ${t.feeReturned} + ${t.fromHeld} + ${t.fromTopup} = ${t.amount}`,
    ),
    check('refunds_method_known', sql`${t.method} in ('gateway', 'payout')`),
    knownCurrency('refunds_currency_known', t.currency),
  ],
);

/**
 * The account a payer names for a refund payout. A returned payout asks the payer again, so a
 * refund may have several; each payout keeps the one it was sent to.
 */
export const refundAccounts = pgTable(
  'refund_accounts',
  {
    id: uuid().primaryKey().defaultRandom(),
    refundId: requiredRef(() => refunds.id, 'restrict'),
    sheba: varchar({ length: 26 }).notNull(),
    bankCode: varchar({ length: 8 }),
    holderName: varchar({ length: 150 }).notNull(),
    createdAt: madeAt(),
  },
  (t) => [index('refund_accounts_refund_idx').on(t.refundId), check('refund_accounts_sheba_shape', sql`${t.sheba} ~ '^IR[0-9]{24}$'`)],
);

/** The sandbox bank's book of refunds (its refund API is idempotent on our refund id). */
export const sandboxBankRefunds = pgTable('sandbox_bank_refunds', {
  refundId: uuid().primaryKey(),
  token: varchar({ length: 40 }).notNull(),
  amount: minorUnits().notNull(),
  state: varchar({ length: 20 }).notNull(),
  ref: varchar({ length: 40 }),
  reason: varchar({ length: 200 }),
  createdAt: madeAt(),
});

export type Refund = typeof refunds.$inferSelect;
export type RefundState = (typeof refundState.enumValues)[number];
export type RefundAccount = typeof refundAccounts.$inferSelect;
