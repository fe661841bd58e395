import { sql } from 'drizzle-orm';
import { bigserial, boolean, check, index, integer, pgEnum, pgTable, primaryKey, smallint, unique, uuid, varchar } from 'drizzle-orm/pg-core';
import { at, madeAt, requiredRef } from './columns';
import { currency, knownCurrency, minorUnits } from './money';
import { payments } from './payments';
import { platforms } from './services';
import { users } from './users';

/**
 * Phone payments (PayStar's IVR product, run natively or on PayStar's rail). An IVR platform has
 * settings and two secrets an IVR operator uses: the IVR credential (Bearer, for the look-up) and
 * the trunk id (names the platform in IVR-to-IVR orders). Both are kept as keyed hashes only.
 */
export const ivrRail = pgEnum('ivr_rail', ['sandbox', 'paystar']);

export const ivrSettings = pgTable(
  'ivr_settings',
  {
    platformId: uuid()
      .primaryKey()
      .references(() => platforms.id, { onDelete: 'cascade' }),
    /** The merchant id the IVR hears and hands to the bank (`CALLERID(all)`'s second part): 8 digits. */
    merchantNumber: varchar({ length: 8 }).notNull().unique('ivr_settings_merchant_number_key'),
    /** Where the platform's phone payments run: the sandbox bank's IVR, or PayStar's. */
    rail: ivrRail().notNull().default('sandbox'),
    invoiceTtlMinutes: integer().notNull().default(1440),
    /** Wrong invoice ids one caller may key within the window before hearing error 5. */
    callerWrongCap: integer().notNull().default(5),
    callerWindowMinutes: integer().notNull().default(60),
    /** Failed payments of one invoice before it answers error 5. */
    invoiceFailCap: integer().notNull().default(3),
    credentialPrefix: varchar({ length: 24 }),
    credentialHash: varchar({ length: 64 }).unique('ivr_settings_credential_key'),
    trunkPrefix: varchar({ length: 24 }),
    trunkHash: varchar({ length: 64 }).unique('ivr_settings_trunk_key'),
    updatedAt: madeAt(),
  },
  (t) => [
    check(
      'ivr_settings_sane',
      sql`${t.invoiceTtlMinutes} between 5 and 43200 and ${t.callerWrongCap} between 1 and 100 and ${t.callerWindowMinutes} between 1 and 1440 and ${t.invoiceFailCap} between 1 and 100`,
    ),
  ],
);

export const ivrMode = pgEnum('ivr_mode', ['invoice', 'ivr_to_ivr']);
/**
 * `creating`: an API call with an Idempotency-Key on PayStar's rail commits the invoice first and
 * asks PayStar for its factor after the commit (the tracking code is a placeholder until then).
 */
export const ivrInvoiceState = pgEnum('ivr_invoice_state', ['open', 'canceled', 'creating']);

/**
 * An amount a caller pays by phone: an invoice an agent or the API made (mode 1), or an order the
 * merchant's own IVR made (mode 2). Paid or not is its current payment's state: one payment at a
 * time per invoice, so racing bank results meet on one payment row.
 */
export const ivrInvoices = pgTable(
  'ivr_invoices',
  {
    id: uuid().primaryKey().defaultRandom(),
    platformId: requiredRef(() => platforms.id, 'restrict'),
    mode: ivrMode().notNull(),
    rail: ivrRail().notNull(),
    livemode: boolean().notNull(),
    amount: minorUnits().notNull(),
    currency: currency(),
    orderId: varchar({ length: 64 }).notNull(),
    /** What the caller keys (the invoice id): ours, or PayStar's tracking code on its rail. */
    trackingCode: varchar({ length: 20 }).notNull(),
    customerName: varchar({ length: 120 }),
    email: varchar({ length: 200 }),
    phone: varchar({ length: 20 }),
    /** The caller number of the latest look-up. */
    callerNumber: varchar({ length: 20 }),
    state: ivrInvoiceState().notNull().default('open'),
    expiresAt: at().notNull(),
    paymentId: uuid().references(() => payments.id, { onDelete: 'set null' }),
    /** Look-ups that answered the invoice, and its payments that failed. */
    lookups: integer().notNull().default(0),
    failedPayments: integer().notNull().default(0),
    /** PayStar's rail: when to ask for the result next, and how often it was asked. */
    nextPollAt: at(),
    polls: integer().notNull().default(0),
    createdBy: uuid().references(() => users.id, { onDelete: 'set null' }),
    createdAt: madeAt(),
  },
  (t) => [
    unique('ivr_invoices_order_key').on(t.platformId, t.livemode, t.orderId),
    unique('ivr_invoices_tracking_key').on(t.platformId, t.trackingCode),
    index('ivr_invoices_platform_created_idx').on(t.platformId, t.createdAt, t.id),
    index('ivr_invoices_payment_idx').on(t.paymentId),
    // The staff's list of every merchant's invoices, newest first.
    index('ivr_invoices_created_idx').on(t.createdAt, t.id),
    // Rail invoices still waiting for PayStar's answer: the poller clears next_poll_at once their payment is final.
    index('ivr_invoices_poll_idx')
      .on(t.nextPollAt)
      .where(sql`${t.rail} = 'paystar' and ${t.state} = 'open' and ${t.nextPollAt} is not null`),
    // Invoices still waiting for their PayStar factor (state creating; written without the value,
    // which cannot be used in the migration that adds it): the janitor's minute.
    index('ivr_invoices_creating_idx')
      .on(t.createdAt)
      .where(sql`${t.state} not in ('open', 'canceled')`),
    check('ivr_invoices_amount_positive', sql`${t.amount} > 0`),
    knownCurrency('ivr_invoices_currency_known', t.currency),
  ],
);

/** Wrong invoice ids per caller and platform within a window: counted in one atomic upsert. */
export const ivrCallerStrikes = pgTable(
  'ivr_caller_strikes',
  {
    platformId: requiredRef(() => platforms.id, 'cascade'),
    caller: varchar({ length: 20 }).notNull(),
    windowStart: at().notNull(),
    count: integer().notNull(),
  },
  (t) => [primaryKey({ columns: [t.platformId, t.caller] })],
);

/** Every look-up and its answer (0 a transaction, 1–5 the document's errors), for staff's error rates. */
export const ivrLookups = pgTable(
  'ivr_lookups',
  {
    id: bigserial({ mode: 'bigint' }).primaryKey(),
    platformId: uuid().references(() => platforms.id, { onDelete: 'cascade' }),
    invoiceId: uuid().references(() => ivrInvoices.id, { onDelete: 'cascade' }),
    caller: varchar({ length: 20 }),
    mode: ivrMode().notNull(),
    code: smallint().notNull(),
    at: madeAt(),
  },
  (t) => [index('ivr_lookups_platform_at_idx').on(t.platformId, t.at), index('ivr_lookups_at_idx').on(t.at)],
);

export type IvrSettings = typeof ivrSettings.$inferSelect;
export type IvrInvoice = typeof ivrInvoices.$inferSelect;
