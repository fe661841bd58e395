import { sql } from 'drizzle-orm';
import { bigserial, check, foreignKey, index, pgEnum, pgTable, unique, uuid, varchar } from 'drizzle-orm/pg-core';
import { madeAt, requiredRef } from './columns';
import { currency, knownCurrency, minorUnits, minorUnitsFromZero } from './money';
import { platforms } from './services';

export const ledgerAccountKind = pgEnum('ledger_account_kind', [
  'platform_pending',
  'platform_withdrawable',
  'gateway_clearing',
  'fee_income',
  'payout_clearing',
  /** Money that left for merchants' (or payers') banks: paid payouts end here. */
  'payouts_out',
  /** Refunds on their way back to payers (by the gateway or a refund payout). */
  'refund_clearing',
  /** Per platform: money held for an open dispute, out of reach of withdrawals. */
  'platform_held',
  /** Per platform: what the merchant owes when a hold found too little (its balance goes below zero). */
  'platform_owed',
  /** Top-ups paid by buyers and not yet delivered (or refunded): the facilitator holds them. */
  'topup_clearing',
  /** What delivered top-ups cost at the provider (paid from the facilitator's wallet there). */
  'topup_provider',
]);

/**
 * Ledger accounts. For the platforms' accounts `balance` is the sum of the account's lines, kept in
 * the same transaction as each posting so that the CHECK below can stop a withdrawable balance
 * from going negative; the facilitator's own accounts are summed from their lines instead.
 */
export const ledgerAccounts = pgTable(
  'ledger_accounts',
  {
    id: uuid().primaryKey().defaultRandom(),
    kind: ledgerAccountKind().notNull(),
    /** Set for the per-platform accounts; null for the facilitator's own. */
    platformId: uuid().references(() => platforms.id, { onDelete: 'restrict' }),
    /** An account holds one currency; its lines carry the same code (enforced by the foreign key below). */
    currency: currency(),
    balance: minorUnitsFromZero(),
    createdAt: madeAt(),
  },
  (t) => [
    unique('ledger_accounts_kind_platform_key').on(t.kind, t.platformId, t.currency).nullsNotDistinct(),
    unique('ledger_accounts_id_currency_key').on(t.id, t.currency),
    check('ledger_withdrawable_not_negative', sql`${t.kind} <> 'platform_withdrawable' or ${t.balance} >= 0`),
    knownCurrency('ledger_accounts_currency_known', t.currency),
  ],
);

/** A posting: one business event, identified by (kind, reference) so that it happens once. */
export const ledgerPostings = pgTable(
  'ledger_postings',
  {
    id: uuid().primaryKey().defaultRandom(),
    kind: varchar({ length: 40 }).notNull(),
    reference: varchar({ length: 120 }).notNull(),
    memo: varchar({ length: 300 }),
    createdAt: madeAt(),
  },
  (t) => [unique('ledger_postings_once_key').on(t.kind, t.reference), index('ledger_postings_created_idx').on(t.createdAt)],
);

/** Signed amounts in the account's currency; a posting's lines sum to zero per currency. Append-only. */
export const ledgerLines = pgTable(
  'ledger_lines',
  {
    id: bigserial({ mode: 'bigint' }).primaryKey(),
    postingId: requiredRef(() => ledgerPostings.id, 'restrict'),
    accountId: requiredRef(() => ledgerAccounts.id, 'restrict'),
    amount: minorUnits().notNull(),
    currency: currency(),
  },
  (t) => [
    // A line is in its account's currency: the pair must exist on the account.
    foreignKey({ name: 'ledger_lines_account_currency_fk', columns: [t.accountId, t.currency], foreignColumns: [ledgerAccounts.id, ledgerAccounts.currency] }),
    index('ledger_lines_account_idx').on(t.accountId),
    index('ledger_lines_posting_idx').on(t.postingId),
    check('ledger_line_not_zero', sql`${t.amount} <> 0`),
  ],
);

export type LedgerAccountKind = (typeof ledgerAccountKind.enumValues)[number];
