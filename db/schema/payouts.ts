import { sql } from 'drizzle-orm';
import { boolean, check, date, index, integer, pgEnum, pgTable, primaryKey, text, uniqueIndex, uuid, varchar } from 'drizzle-orm/pg-core';
import { at, madeAt, requiredRef } from './columns';
import type { AnyPgColumn } from 'drizzle-orm/pg-core';
import { currency, knownCurrency, minorUnits, minorUnitsFromZero } from './money';
import { refundAccounts, refunds } from './refunds';
import { platforms } from './services';
import { users } from './users';

export const bankAccountStatus = pgEnum('bank_account_status', ['pending', 'approved', 'rejected', 'removed']);

/**
 * A merchant's destination accounts (sheba), for the whole business (`platformId` null) or one
 * sales platform. The one from approved customer information starts approved; any other waits for
 * staff, who check that the holder is the merchant.
 */
export const bankAccounts = pgTable(
  'bank_accounts',
  {
    id: uuid().primaryKey().defaultRandom(),
    merchantId: requiredRef(() => users.id, 'restrict'),
    platformId: uuid().references(() => platforms.id, { onDelete: 'restrict' }),
    sheba: varchar({ length: 26 }).notNull(),
    bankCode: varchar({ length: 8 }),
    holderName: varchar({ length: 150 }).notNull(),
    /** kyc: copied from approved customer information; merchant: added by the merchant. */
    source: varchar({ length: 10 }).notNull(),
    status: bankAccountStatus().notNull().default('pending'),
    reason: text(),
    decidedBy: uuid().references(() => users.id, { onDelete: 'set null' }),
    decidedAt: at(),
    createdAt: madeAt(),
  },
  (t) => [
    uniqueIndex('bank_accounts_merchant_sheba_key')
      .on(t.merchantId, t.sheba)
      .where(sql`${t.status} <> 'removed'`),
    index('bank_accounts_status_idx').on(t.status, t.createdAt),
    check('bank_accounts_sheba_shape', sql`${t.sheba} ~ '^IR[0-9]{24}$'`),
    check('bank_accounts_source_known', sql`${t.source} in ('kyc', 'merchant')`),
  ],
);

export const payoutState = pgEnum('payout_state', ['requested', 'approved', 'sent', 'paid', 'returned', 'canceled', 'rejected']);

/**
 * Money going out. One model for every destination: a merchant's approved bank account now, a
 * payer's refund account for refunds later; both travel the same states and postings. On request
 * the amount leaves withdrawable for "payouts in flight" (ledger `payout_clearing`); paid, it
 * leaves to `payouts_out`; returned, rejected or canceled, it comes back to withdrawable.
 */
export const payouts = pgTable(
  'payouts',
  {
    id: uuid().primaryKey().defaultRandom(),
    merchantId: requiredRef(() => users.id, 'restrict'),
    platformId: requiredRef(() => platforms.id, 'restrict'),
    destination: varchar({ length: 20 }).notNull().default('merchant_account'),
    bankAccountId: uuid().references(() => bankAccounts.id, { onDelete: 'restrict' }),
    /** A refund payout: the refund it carries and the account the payer named for it. */
    refundId: uuid().references(() => refunds.id, { onDelete: 'restrict' }),
    refundAccountId: uuid().references(() => refundAccounts.id, { onDelete: 'restrict' }),
    amount: minorUnits().notNull(),
    fee: minorUnitsFromZero(),
    currency: currency(),
    state: payoutState().notNull().default('requested'),
    description: varchar({ length: 200 }),
    /** Why staff rejected it, or why the bank returned it. */
    reason: text(),
    bankRef: varchar({ length: 60 }),
    /** Made by the automatic daily settlement rather than by a person. */
    auto: boolean().notNull().default(false),
    /** The bank file it went out in; a payout is in one batch at most. */
    batchId: uuid().references((): AnyPgColumn => payoutBatches.id, { onDelete: 'restrict' }),
    requestedBy: uuid().references(() => users.id, { onDelete: 'set null' }),
    decidedBy: uuid().references(() => users.id, { onDelete: 'set null' }),
    requestedAt: madeAt(),
    decidedAt: at(),
    sentAt: at(),
    completedAt: at(),
  },
  (t) => [
    index('payouts_platform_requested_idx').on(t.platformId, t.requestedAt),
    index('payouts_merchant_requested_idx').on(t.merchantId, t.requestedAt),
    index('payouts_state_requested_idx').on(t.state, t.requestedAt),
    index('payouts_batch_idx').on(t.batchId),
    index('payouts_refund_idx')
      .on(t.refundId)
      .where(sql`${t.refundId} is not null`),
    check('payouts_amount_positive', sql`${t.amount} > 0 and ${t.fee} >= 0 and ${t.fee} < ${t.amount}`),
    check('payouts_destination_known', sql`${t.destination} in ('merchant_account', 'refund_account')`),
    check('payouts_merchant_account_named', sql`${t.destination} <> 'merchant_account' or ${t.bankAccountId} is not null`),
    check('payouts_refund_account_named', sql`${t.destination} <> 'refund_account' or (${t.refundId} is not null and ${t.refundAccountId} is not null)`),
    knownCurrency('payouts_currency_known', t.currency),
  ],
);

export const payoutBatchState = pgEnum('payout_batch_state', ['built', 'sent', 'closed']);

/**
 * A bank file of approved payouts (the file-based rail: a bank's group Paya transfer upload).
 * Built once with its total and count; marked sent when uploaded to the bank; closed when every
 * payout in it is paid or returned.
 */
export const payoutBatches = pgTable(
  'payout_batches',
  {
    id: uuid().primaryKey().defaultRandom(),
    /** The batch reference written into the file and quoted to the bank. */
    reference: varchar({ length: 40 }).notNull().unique('payout_batches_reference_key'),
    rail: varchar({ length: 30 }).notNull(),
    state: payoutBatchState().notNull().default('built'),
    count: integer().notNull(),
    total: minorUnits().notNull(),
    currency: currency(),
    /** Storage key of the built file. */
    fileKey: varchar({ length: 200 }),
    createdBy: uuid().references(() => users.id, { onDelete: 'set null' }),
    createdAt: madeAt(),
    sentAt: at(),
    closedAt: at(),
  },
  (t) => [index('payout_batches_created_idx').on(t.createdAt), knownCurrency('payout_batches_currency_known', t.currency)],
);

/** A platform's payout settings: the default account and the automatic daily settlement (off by default). */
export const payoutSettings = pgTable('payout_settings', {
  platformId: uuid()
    .primaryKey()
    .references(() => platforms.id, { onDelete: 'cascade' }),
  defaultBankAccountId: uuid().references(() => bankAccounts.id, { onDelete: 'set null' }),
  autoEnabled: boolean().notNull().default(false),
  /** Automatic settlement leaves this much in withdrawable and sends the rest. */
  autoKeep: minorUnitsFromZero(),
  updatedAt: madeAt(),
});

/** One automatic settlement per platform per day, however many workers race (the insert is the claim). */
export const payoutAutoRuns = pgTable(
  'payout_auto_runs',
  {
    platformId: requiredRef(() => platforms.id, 'cascade'),
    runDate: date({ mode: 'string' }).notNull(),
    payoutId: uuid().references(() => payouts.id, { onDelete: 'set null' }),
    at: madeAt(),
  },
  (t) => [primaryKey({ name: 'payout_auto_runs_pk', columns: [t.platformId, t.runDate] })],
);

/** Staff-set limits and the transfer fee (one row, `id` = 1). */
export const payoutRules = pgTable(
  'payout_rules',
  {
    id: integer().primaryKey().default(1),
    min: minorUnits().notNull(),
    max: minorUnits().notNull(),
    dailyCap: minorUnits().notNull(),
    fee: minorUnits().notNull(),
    /** A refund gives the facilitator's fee back pro rata (true) or keeps it (false, the default). */
    refundReturnsFee: boolean().notNull().default(false),
    /** Charged to the merchant when a dispute is lost (0: none). */
    disputeFee: minorUnitsFromZero(),
    updatedBy: uuid().references(() => users.id, { onDelete: 'set null' }),
    updatedAt: madeAt(),
  },
  (t) => [
    check('payout_rules_one_row', sql`${t.id} = 1`),
    check('payout_rules_sane', sql`${t.min} > 0 and ${t.max} >= ${t.min} and ${t.dailyCap} >= ${t.max} and ${t.fee} >= 0 and ${t.fee} < ${t.min}`),
  ],
);

export type PayoutBatch = typeof payoutBatches.$inferSelect;
export type PayoutSettings = typeof payoutSettings.$inferSelect;
export type BankAccount = typeof bankAccounts.$inferSelect;
export type Payout = typeof payouts.$inferSelect;
export type PayoutState = (typeof payoutState.enumValues)[number];
