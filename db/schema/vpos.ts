import { sql } from 'drizzle-orm';
import { bigserial, boolean, check, date, index, integer, jsonb, pgEnum, pgTable, text, unique, uuid, varchar } from 'drizzle-orm/pg-core';
import { at, madeAt, requiredRef } from './columns';
import { minorUnits } from './money';
import { payments } from './payments';
import { platforms } from './services';
import { users } from './users';

/**
 * The virtual POS (issue 18): a company's own agreement with N Kolay, which pays the lira to the
 * company's bank. Dargah is the integration and the record, never the holder: lira payments live in
 * `payments` (currency TRY, amounts in kuruş) with their N Kolay details here, and post nothing to
 * the ledger.
 */

export const vposEnvironment = pgEnum('vpos_environment', ['test', 'production']);

/**
 * A virtual POS definition of a merchant's company. The four credentials are sealed together
 * (lib/crypto/secretbox, AES-256-GCM under the environment's key) and never read back to a page:
 * `hints` keeps only their last characters. Read per payment, so a change holds at once.
 */
export const vposDefinitions = pgTable(
  'vpos_definitions',
  {
    id: uuid().primaryKey().defaultRandom(),
    userId: requiredRef(() => users.id, 'cascade'),
    /** The company this POS collects for (a merchant may run several). */
    company: varchar({ length: 160 }).notNull(),
    name: varchar({ length: 80 }).notNull(),
    provider: varchar({ length: 20 }).notNull().default('nkolay'),
    environment: vposEnvironment().notNull(),
    /** `{ sx, sxList, sxCancel, secretKey }`, sealed. */
    secrets: text().notNull(),
    /** The last four characters of each credential, to tell them apart on the page. */
    hints: jsonb().$type<{ sx: string; sxList: string; sxCancel: string; secretKey: string }>().notNull(),
    use3d: boolean().notNull().default(true),
    /** 1 = single payment only. */
    maxInstallments: integer().notNull().default(1),
    enabled: boolean().notNull().default(true),
    lastTestedAt: at(),
    lastTestOk: boolean(),
    lastTestMessage: varchar({ length: 300 }),
    createdAt: madeAt(),
    updatedAt: madeAt(),
  },
  (t) => [index('vpos_definitions_user_idx').on(t.userId, t.createdAt), check('vpos_definitions_installments', sql`${t.maxInstallments} between 1 and 12`)],
);

/** The definition a platform's payments use unless the API names another. */
export const vposPlatformDefaults = pgTable('vpos_platform_defaults', {
  platformId: uuid()
    .primaryKey()
    .references(() => platforms.id, { onDelete: 'cascade' }),
  definitionId: requiredRef(() => vposDefinitions.id, 'cascade'),
});

export const vposChannel = pgEnum('vpos_channel', ['checkout', 'agent', 'manual']);

/** A lira payment's N Kolay side: which definition, who took it, and what the bank said. */
export const vposPayments = pgTable(
  'vpos_payments',
  {
    paymentId: uuid()
      .primaryKey()
      .references(() => payments.id, { onDelete: 'cascade' }),
    definitionId: requiredRef(() => vposDefinitions.id, 'restrict'),
    channel: vposChannel().notNull(),
    /** The agent who took it on the online-collection screen, or who entered it by hand. */
    takenBy: uuid().references(() => users.id, { onDelete: 'set null' }),
    /** N Kolay's reference of the sale (the transaction code the bank's list is matched on). */
    referenceCode: varchar({ length: 64 }),
    authCode: varchar({ length: 32 }),
    installments: integer().notNull().default(1),
    /** The bank's code and message as N Kolay gave them (Turkish), approved and declined alike. */
    bankCode: varchar({ length: 16 }),
    bankMessage: varchar({ length: 300 }),
    /** Why a manual entry was made (reconciliation), with its reconciliation item. */
    note: varchar({ length: 300 }),
    createdAt: madeAt(),
  },
  (t) => [unique('vpos_payments_reference_key').on(t.definitionId, t.referenceCode), index('vpos_payments_definition_idx').on(t.definitionId, t.createdAt)],
);

export const vposReversalKind = pgEnum('vpos_reversal_kind', ['cancel', 'refund']);
export const vposReversalState = pgEnum('vpos_reversal_state', ['processing', 'succeeded', 'failed', 'unknown']);

/**
 * A cancel (same Turkish day, full) or refund (later, full or partial) of a lira payment. Its amount
 * is reserved on `payments.refunded_amount` by a conditional update before N Kolay is called, so two
 * at once can never take back more than was paid; a failed one gives it back.
 */
export const vposReversals = pgTable(
  'vpos_reversals',
  {
    id: uuid().primaryKey().defaultRandom(),
    paymentId: requiredRef(() => payments.id, 'cascade'),
    kind: vposReversalKind().notNull(),
    amount: minorUnits().notNull(),
    state: vposReversalState().notNull().default('processing'),
    referenceCode: varchar({ length: 64 }),
    bankCode: varchar({ length: 16 }),
    message: varchar({ length: 300 }),
    /** Why, as the merchant or the API caller said (one line). */
    reason: varchar({ length: 300 }),
    /** The API key's mode; portal reversals follow the payment's. */
    livemode: boolean().notNull().default(false),
    /** A member of the merchant (portal) or null for the API. */
    requestedBy: uuid().references(() => users.id, { onDelete: 'set null' }),
    createdAt: madeAt(),
    decidedAt: at(),
  },
  (t) => [
    index('vpos_reversals_payment_idx').on(t.paymentId, t.createdAt),
    // The janitor's minute: reversals still undecided (never sent, or unanswered), oldest first.
    index('vpos_reversals_undecided_idx')
      .on(t.createdAt)
      .where(sql`${t.state} in ('processing', 'unknown')`),
    check('vpos_reversals_amount_positive', sql`${t.amount} > 0`),
  ],
);

export const vposReconKind = pgEnum('vpos_recon_kind', ['matched', 'bank_only', 'local_only', 'amount_differs', 'state_differs']);

/** One reconciliation of a definition's Turkish day against N Kolay's payment list. */
export const vposReconRuns = pgTable(
  'vpos_recon_runs',
  {
    id: uuid().primaryKey().defaultRandom(),
    definitionId: requiredRef(() => vposDefinitions.id, 'cascade'),
    day: date({ mode: 'string' }).notNull(),
    /** null: the nightly job. */
    ranBy: uuid().references(() => users.id, { onDelete: 'set null' }),
    ranAt: madeAt(),
    /** When N Kolay could not be asked: the reason, and no items. */
    error: varchar({ length: 300 }),
    counts: jsonb().$type<Partial<Record<'matched' | 'bank_only' | 'local_only' | 'amount_differs' | 'state_differs', number>>>().notNull().default({}),
  },
  (t) => [index('vpos_recon_runs_definition_day_idx').on(t.definitionId, t.day, t.ranAt)],
);

/** A finding of a run: what the bank had, what we had, and how it was resolved. */
export const vposReconItems = pgTable(
  'vpos_recon_items',
  {
    id: bigserial({ mode: 'bigint' }).primaryKey(),
    runId: requiredRef(() => vposReconRuns.id, 'cascade'),
    kind: vposReconKind().notNull(),
    paymentId: uuid().references(() => payments.id, { onDelete: 'set null' }),
    referenceCode: varchar({ length: 64 }),
    clientRefCode: varchar({ length: 64 }),
    bankAmount: minorUnits(),
    ourAmount: minorUnits(),
    bankState: varchar({ length: 40 }),
    ourState: varchar({ length: 40 }),
    /** The bank's row as listed, for the report (card masked by N Kolay). */
    bankRow: jsonb().$type<Record<string, unknown>>(),
    resolvedAt: at(),
    resolvedBy: uuid().references(() => users.id, { onDelete: 'set null' }),
    resolution: varchar({ length: 300 }),
  },
  (t) => [index('vpos_recon_items_run_idx').on(t.runId, t.kind)],
);

export type VposDefinition = typeof vposDefinitions.$inferSelect;
export type VposPayment = typeof vposPayments.$inferSelect;
export type VposReversal = typeof vposReversals.$inferSelect;
export type VposReconRun = typeof vposReconRuns.$inferSelect;
export type VposReconItem = typeof vposReconItems.$inferSelect;
