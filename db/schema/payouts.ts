import { sql } from 'drizzle-orm';
import { bigint, boolean, check, index, pgEnum, pgTable, text, timestamp, uniqueIndex, uuid, varchar } from 'drizzle-orm/pg-core';
import { currency, knownCurrency } from './money';
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
    merchantId: uuid()
      .notNull()
      .references(() => users.id, { onDelete: 'restrict' }),
    platformId: uuid().references(() => platforms.id, { onDelete: 'restrict' }),
    sheba: varchar({ length: 26 }).notNull(),
    bankCode: varchar({ length: 8 }),
    holderName: varchar({ length: 150 }).notNull(),
    /** kyc: copied from approved customer information; merchant: added by the merchant. */
    source: varchar({ length: 10 }).notNull(),
    status: bankAccountStatus().notNull().default('pending'),
    reason: text(),
    decidedBy: uuid().references(() => users.id, { onDelete: 'set null' }),
    decidedAt: timestamp({ withTimezone: true }),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
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
    merchantId: uuid()
      .notNull()
      .references(() => users.id, { onDelete: 'restrict' }),
    platformId: uuid()
      .notNull()
      .references(() => platforms.id, { onDelete: 'restrict' }),
    destination: varchar({ length: 20 }).notNull().default('merchant_account'),
    bankAccountId: uuid().references(() => bankAccounts.id, { onDelete: 'restrict' }),
    amount: bigint({ mode: 'bigint' }).notNull(),
    fee: bigint({ mode: 'bigint' })
      .notNull()
      .default(sql`0`),
    currency: currency(),
    state: payoutState().notNull().default('requested'),
    description: varchar({ length: 200 }),
    /** Why staff rejected it, or why the bank returned it. */
    reason: text(),
    bankRef: varchar({ length: 60 }),
    /** Made by the automatic daily settlement rather than by a person. */
    auto: boolean().notNull().default(false),
    requestedBy: uuid().references(() => users.id, { onDelete: 'set null' }),
    decidedBy: uuid().references(() => users.id, { onDelete: 'set null' }),
    requestedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    decidedAt: timestamp({ withTimezone: true }),
    sentAt: timestamp({ withTimezone: true }),
    completedAt: timestamp({ withTimezone: true }),
  },
  (t) => [
    index('payouts_platform_requested_idx').on(t.platformId, t.requestedAt),
    index('payouts_merchant_requested_idx').on(t.merchantId, t.requestedAt),
    index('payouts_state_requested_idx').on(t.state, t.requestedAt),
    check('payouts_amount_positive', sql`${t.amount} > 0 and ${t.fee} >= 0 and ${t.fee} < ${t.amount}`),
    check('payouts_destination_known', sql`${t.destination} in ('merchant_account', 'refund_account')`),
    check('payouts_merchant_account_named', sql`${t.destination} <> 'merchant_account' or ${t.bankAccountId} is not null`),
    knownCurrency('payouts_currency_known', t.currency),
  ],
);

export type BankAccount = typeof bankAccounts.$inferSelect;
export type Payout = typeof payouts.$inferSelect;
export type PayoutState = (typeof payoutState.enumValues)[number];
