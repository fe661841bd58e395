import { sql } from 'drizzle-orm';
import { bigserial, boolean, check, date, index, integer, jsonb, pgEnum, pgTable, text, unique, uuid, varchar } from 'drizzle-orm/pg-core';
import { at, madeAt, requiredRef } from './columns';
import { currency, knownCurrency, minorUnits, minorUnitsFromZero } from './money';
import { platforms, services } from './services';
import { users } from './users';

/** Staff-set fee per service: fixed + amount × bp / 10 000, clamped to [min, max]. */
export const feeRules = pgTable(
  'fee_rules',
  {
    serviceId: varchar({ length: 32 })
      .primaryKey()
      .references(() => services.id),
    percentBasisPoints: integer().notNull().default(0),
    fixed: minorUnitsFromZero(),
    min: minorUnitsFromZero(),
    max: minorUnits(),
    currency: currency(),
    updatedAt: madeAt(),
    updatedBy: uuid().references(() => users.id, { onDelete: 'set null' }),
  },
  (t) => [
    check(
      'fee_rules_sane',
      sql`${t.percentBasisPoints} between 0 and 10000 and ${t.fixed} >= 0 and ${t.min} >= 0 and (${t.max} is null or ${t.max} >= ${t.min})`,
    ),
    knownCurrency('fee_rules_currency_known', t.currency),
  ],
);

export const displayUnit = pgEnum('display_unit', ['rial', 'toman']);

/** The OpenPay payment link of a platform: `/pay/<handle>`. */
export const paymentLinkSettings = pgTable(
  'payment_link_settings',
  {
    platformId: uuid()
      .primaryKey()
      .references(() => platforms.id, { onDelete: 'cascade' }),
    handle: varchar({ length: 32 }).notNull().unique('payment_link_settings_handle_key'),
    enabled: boolean().notNull().default(true),
    title: varchar({ length: 120 }).notNull(),
    displayUnit: displayUnit().notNull().default('rial'),
    gateways: text()
      .array()
      .notNull()
      .default(sql`'{}'::text[]`),
    minAmount: minorUnits().notNull(),
    maxAmount: minorUnits().notNull(),
    currency: currency(),
    acceptSlips: boolean().notNull().default(false),
    logoKey: varchar({ length: 200 }),
    /** Sealed HMAC key for signed links (`sig`). */
    signingKeyEncrypted: text().notNull(),
    updatedAt: madeAt(),
  },
  (t) => [knownCurrency('payment_link_settings_currency_known', t.currency)],
);

/** One-off links made through the API: fixed amount, expiry, usage limit. */
export const oneOffLinks = pgTable(
  'one_off_links',
  {
    id: uuid().primaryKey().defaultRandom(),
    platformId: requiredRef(() => platforms.id, 'cascade'),
    code: varchar({ length: 24 }).notNull().unique('one_off_links_code_key'),
    amount: minorUnits().notNull(),
    currency: currency(),
    description: varchar({ length: 255 }),
    expiresAt: at(),
    usageLimit: integer().notNull().default(1),
    usedCount: integer().notNull().default(0),
    livemode: boolean().notNull(),
    createdAt: madeAt(),
  },
  (t) => [
    check('one_off_links_usage', sql`${t.usedCount} between 0 and ${t.usageLimit} and ${t.amount} > 0`),
    knownCurrency('one_off_links_currency_known', t.currency),
  ],
);

export const paymentSource = pgEnum('payment_source', ['link', 'api', 'invoice', 'topup', 'ivr', 'split', 'pos']);
/** `balance`: paid from the merchant's own withdrawable balance (bulk top-ups), no gateway. */
export const paymentMethod = pgEnum('payment_method', ['online', 'slip', 'balance']);
export const paymentState = pgEnum('payment_state', ['created', 'redirected', 'succeeded', 'failed', 'canceled', 'unknown', 'awaiting_confirmation']);

/**
 * An attempt to collect an amount for an order of a platform. Online payments run
 * created → redirected → succeeded | failed | canceled | unknown; deposit slips run
 * awaiting_confirmation → succeeded | failed. Every move is a conditional update.
 */
export const payments = pgTable(
  'payments',
  {
    id: uuid().primaryKey().defaultRandom(),
    platformId: requiredRef(() => platforms.id, 'restrict'),
    source: paymentSource().notNull(),
    method: paymentMethod().notNull().default('online'),
    /** False for payments made with sandbox (test) keys: they never reach the ledger. */
    livemode: boolean().notNull(),
    amount: minorUnits().notNull(),
    currency: currency(),
    fee: minorUnits(),
    orderId: varchar({ length: 64 }).notNull(),
    trackingCode: varchar({ length: 11 }).notNull().unique('payments_tracking_code_key'),
    state: paymentState().notNull().default('created'),
    gateway: varchar({ length: 20 }),
    /** The gateway's handle for the session (token) and its reference once paid. */
    gatewayToken: varchar({ length: 120 }),
    gatewayRef: varchar({ length: 120 }),
    /** Where the payer pays on the gateway, kept so that opening the payment again lands there. */
    gatewayPageUrl: varchar({ length: 500 }),
    cardMasked: varchar({ length: 19 }),
    /** What the gateway's verify needs from its callback (never a full card number). */
    gatewayCallback: jsonb().$type<Record<string, string>>(),
    failureReason: varchar({ length: 300 }),
    payerName: varchar({ length: 120 }),
    payerMobile: varchar({ length: 11 }),
    payerPhone: varchar({ length: 20 }),
    description: varchar({ length: 500 }),
    /** What was bought (API `product`, e.g. a top-up package); reports group by it. */
    product: varchar({ length: 64 }),
    /** The amount came from a signed link or a one-off link: a retry may not change it. */
    amountLocked: boolean().notNull().default(false),
    /** Where the payer goes back to (API payments): on the platform's allow-list. */
    callbackUrl: varchar({ length: 500 }),
    oneOffLinkId: uuid().references(() => oneOffLinks.id, { onDelete: 'set null' }),
    createdAt: madeAt(),
    updatedAt: madeAt(),
    completedAt: at(),
    /** Set by the settlement run that moved this payment to the withdrawable balance. */
    settledAt: at(),
    /** What refunds not failed have taken back (never more than the amount: the refunds' guard). */
    refundedAmount: minorUnitsFromZero(),
    /** What refunds took from the pending balance before settlement; the settlement moves the rest. */
    pendingDebited: minorUnitsFromZero(),
    /** A claim on the payment while one process verifies it with the gateway; the others wait. */
    verifyingUntil: at(),
    nextInquiryAt: at(),
    inquiries: integer().notNull().default(0),
  },
  (t) => [
    unique('payments_order_key').on(t.platformId, t.livemode, t.orderId),
    unique('payments_gateway_token_key').on(t.gateway, t.gatewayToken),
    // Keyset pages of the reports, ties broken by id. Plain ascending: read backwards they give
    // DESC NULLS FIRST, which is what ORDER BY … DESC means; a DESC NULLS LAST index matches
    // neither direction of the default orderings, and PostgreSQL sorts instead.
    index('payments_platform_created_at_id_idx').on(t.platformId, t.createdAt, t.id),
    index('payments_created_at_id_idx').on(t.createdAt, t.id),
    index('payments_platform_amount_idx').on(t.platformId, t.amount, t.id),
    index('payments_payer_mobile_created_idx').on(t.payerMobile, t.createdAt),
    // The global search (lib/search): an order id, a bank reference or a card's last four across
    // every merchant (staff), newest first. Partial where the column is often empty (unpaid rows).
    index('payments_order_id_idx').on(t.orderId),
    index('payments_gateway_ref_idx')
      .on(t.gatewayRef)
      .where(sql`${t.gatewayRef} is not null`),
    index('payments_card_last4_created_idx')
      .on(sql`right(${t.cardMasked}, 4)`, t.createdAt)
      .where(sql`${t.cardMasked} is not null`),
    index('payments_unknown_idx')
      .on(t.nextInquiryAt)
      .where(sql`${t.state} = 'unknown'`),
    // The janitor's minutely question about payments at the bank: abandoned (updated_at long ago) or
    // a verify whose claim lapsed (verifying_until past). Few rows are `redirected` at any moment (the
    // janitor moves them on after 30 minutes), so both branches read this small index, not the table.
    index('payments_redirected_idx')
      .on(t.updatedAt)
      .where(sql`${t.state} = 'redirected'`),
    // The unpaid payments of a link (capped per link for anonymous payers): a handful per platform.
    index('payments_open_link_idx')
      .on(t.platformId)
      .where(sql`${t.source} = 'link' and ${t.oneOffLinkId} is null and ${t.state} in ('created', 'redirected', 'awaiting_confirmation')`),
    index('payments_unsettled_idx')
      .on(t.completedAt)
      .where(sql`${t.state} = 'succeeded' and ${t.settledAt} is null and ${t.livemode}`),
    check('payments_amount_positive', sql`${t.amount} > 0`),
    check('payments_refunded_within', sql`${t.refundedAmount} between 0 and ${t.amount} and ${t.pendingDebited} >= 0`),
    knownCurrency('payments_currency_known', t.currency),
    check('payments_card_masked', sql`${t.cardMasked} is null or ${t.cardMasked} ~ '^[0-9]{6}\\*{6}[0-9]{4}$'`),
  ],
);

/** Every request to and answer from a gateway, approved and declined alike. */
export const paymentAttempts = pgTable(
  'payment_attempts',
  {
    id: bigserial({ mode: 'bigint' }).primaryKey(),
    paymentId: requiredRef(() => payments.id, 'cascade'),
    action: varchar({ length: 20 }).notNull(),
    request: jsonb(),
    response: jsonb(),
    outcome: varchar({ length: 20 }).notNull(),
    reason: varchar({ length: 300 }),
    latencyMs: integer(),
    at: madeAt(),
  },
  (t) => [index('payment_attempts_payment_idx').on(t.paymentId, t.at)],
);

export const depositSlips = pgTable(
  'deposit_slips',
  {
    paymentId: uuid()
      .primaryKey()
      .references(() => payments.id, { onDelete: 'cascade' }),
    bank: varchar({ length: 32 }).notNull(),
    slipNumber: varchar({ length: 40 }).notNull(),
    depositDate: date({ mode: 'string' }).notNull(),
    imageKey: varchar({ length: 200 }),
    decidedBy: uuid().references(() => users.id, { onDelete: 'set null' }),
    decidedAt: at(),
    reason: varchar({ length: 300 }),
  },
  // The global search finds a slip by the number printed on it.
  (t) => [index('deposit_slips_slip_number_idx').on(t.slipNumber)],
);

/** Things staff must look at: amount mismatches, gateways answering nonsense. */
export const paymentAlerts = pgTable(
  'payment_alerts',
  {
    id: uuid().primaryKey().defaultRandom(),
    paymentId: uuid().references(() => payments.id, { onDelete: 'cascade' }),
    kind: varchar({ length: 40 }).notNull(),
    message: text().notNull(),
    createdAt: madeAt(),
    resolvedAt: at(),
    resolvedBy: uuid().references(() => users.id, { onDelete: 'set null' }),
  },
  (t) => [
    index('payment_alerts_open_idx')
      .on(t.createdAt)
      .where(sql`${t.resolvedAt} is null`),
  ],
);

/** The fake bank's own book (sandbox gateway): what the bank knows, apart from what we stored. */
export const sandboxBankSessions = pgTable(
  'sandbox_bank_sessions',
  {
    token: varchar({ length: 40 }).primaryKey(),
    amount: minorUnits().notNull(),
    currency: currency(),
    orderId: varchar({ length: 64 }).notNull(),
    callbackUrl: varchar({ length: 500 }).notNull(),
    state: varchar({ length: 20 }).notNull().default('new'),
    card: varchar({ length: 16 }),
    ref: varchar({ length: 40 }),
    reason: varchar({ length: 200 }),
    verifyCalls: integer().notNull().default(0),
    createdAt: madeAt(),
  },
  (t) => [knownCurrency('sandbox_bank_sessions_currency_known', t.currency)],
);

export const webhookEventState = pgEnum('webhook_event_state', ['pending', 'delivered', 'failed']);

/** An event for a platform's webhook; `id` is the Standard Webhooks `webhook-id`. */
export const webhookEvents = pgTable(
  'webhook_events',
  {
    id: varchar({ length: 40 }).primaryKey(),
    platformId: requiredRef(() => platforms.id, 'cascade'),
    type: varchar({ length: 60 }).notNull(),
    payload: jsonb().notNull(),
    state: webhookEventState().notNull().default('pending'),
    attempts: integer().notNull().default(0),
    createdAt: madeAt(),
    lastAttemptAt: at(),
  },
  (t) => [
    index('webhook_events_platform_idx').on(t.platformId, t.createdAt),
    // The worker's minute sweep for pending events whose delivery job was never sent (lib/webhooks/events.ts).
    index('webhook_events_pending_idx')
      .on(t.createdAt)
      .where(sql`state = 'pending'`),
  ],
);

export const webhookDeliveries = pgTable(
  'webhook_deliveries',
  {
    id: bigserial({ mode: 'bigint' }).primaryKey(),
    eventId: varchar({ length: 40 })
      .notNull()
      .references(() => webhookEvents.id, { onDelete: 'cascade' }),
    url: varchar({ length: 300 }).notNull(),
    status: integer(),
    latencyMs: integer(),
    response: varchar({ length: 500 }),
    error: varchar({ length: 300 }),
    at: madeAt(),
  },
  (t) => [index('webhook_deliveries_event_idx').on(t.eventId, t.at)],
);

/** One row per settlement run day, so that running it twice moves nothing twice. */
export const settlementRuns = pgTable(
  'settlement_runs',
  {
    runDate: date({ mode: 'string' }).primaryKey(),
    cutoff: at().notNull(),
    platforms: integer().notNull().default(0),
    total: minorUnitsFromZero(),
    currency: currency(),
    finishedAt: at(),
  },
  (t) => [knownCurrency('settlement_runs_currency_known', t.currency)],
);

export type Payment = typeof payments.$inferSelect;
export type PaymentLinkSettings = typeof paymentLinkSettings.$inferSelect;

export const exportState = pgEnum('export_state', ['queued', 'running', 'done', 'failed']);

/** A report export too large to stream at once: built by a job, kept 24 hours, for its owner only. */
export const reportExports = pgTable(
  'report_exports',
  {
    id: uuid().primaryKey().defaultRandom(),
    userId: requiredRef(() => users.id, 'cascade'),
    /**
     * The business a member asked for it for (null: staff). The job rebuilds the member's actor for
     * this business, and gives nothing if they are no longer in it or no longer read its reports.
     */
    merchantId: uuid(),
    /** The report's filters as the URL had them, and whether it was run by staff (all merchants). */
    filters: jsonb().$type<Record<string, string>>().notNull(),
    format: varchar({ length: 4 }).notNull(),
    state: exportState().notNull().default('queued'),
    total: integer().notNull().default(0),
    done: integer().notNull().default(0),
    storageKey: varchar({ length: 200 }),
    error: varchar({ length: 300 }),
    createdAt: madeAt(),
    finishedAt: at(),
  },
  (t) => [index('report_exports_user_idx').on(t.userId, t.createdAt)],
);
