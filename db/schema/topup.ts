import { sql } from 'drizzle-orm';
import { boolean, check, index, integer, jsonb, pgEnum, pgTable, primaryKey, text, unique, uuid, varchar } from 'drizzle-orm/pg-core';
import { at, madeAt, requiredRef } from './columns';
import { currency, knownCurrency, minorUnits } from './money';
import { payments } from './payments';
import { refunds } from './refunds';
import { platforms } from './services';
import { users } from './users';

/**
 * The charge gateway (mobile top-ups and internet packages): the provider's catalogue as last
 * synced, staff's commission rates, merchants' stores, and orders — paid by the buyer first, then
 * delivered upstream at most once, refunded automatically when delivery fails for good.
 */
export const topupOperator = pgEnum('topup_operator', ['mci', 'irancell', 'rightel', 'shatel', 'aptel', 'samantel', 'telekish', 'taliya']);
export const topupKind = pgEnum('topup_kind', ['direct', 'wonderful', 'shoorangiz', 'pin', 'package']);
export const topupSimType = pgEnum('topup_sim_type', ['prepaid', 'postpaid']);

export const topupProducts = pgTable(
  'topup_products',
  {
    id: uuid().primaryKey().defaultRandom(),
    provider: varchar({ length: 20 }).notNull(),
    upstreamId: varchar({ length: 80 }).notNull(),
    operator: topupOperator().notNull(),
    kind: topupKind().notNull(),
    simType: topupSimType().notNull(),
    titleFa: varchar({ length: 200 }).notNull(),
    titleEn: varchar({ length: 200 }),
    /** A fixed price (packages, PINs) or null when the buyer picks an amount within the rules below. */
    price: minorUnits(),
    minAmount: minorUnits(),
    maxAmount: minorUnits(),
    step: minorUnits(),
    /** A fixed list of allowed amounts (Rials, as strings), when the operator has one. */
    amounts: jsonb().$type<string[]>(),
    volumeMb: integer(),
    durationDays: integer(),
    /** The provider's discount to us, in basis points of the face amount: the margin to share. */
    marginBasisPoints: integer().notNull().default(0),
    /** Offered by the provider at the last sync. */
    upstreamActive: boolean().notNull().default(true),
    /** Hidden by staff: not offered, whatever the provider says. */
    hidden: boolean().notNull().default(false),
    syncedAt: madeAt(),
  },
  (t) => [
    unique('topup_products_upstream_key').on(t.provider, t.upstreamId),
    index('topup_products_operator_idx').on(t.provider, t.operator, t.kind),
    check('topup_products_margin', sql`${t.marginBasisPoints} between 0 and 10000`),
  ],
);

/** The merchant's share of the margin, per operator and product kind (basis points of the margin). */
export const topupCommissions = pgTable(
  'topup_commissions',
  {
    operator: topupOperator().notNull(),
    kind: topupKind().notNull(),
    commissionBasisPoints: integer().notNull(),
    updatedAt: madeAt(),
    updatedBy: uuid().references(() => users.id, { onDelete: 'set null' }),
  },
  (t) => [primaryKey({ columns: [t.operator, t.kind] }), check('topup_commissions_range', sql`${t.commissionBasisPoints} between 0 and 10000`)],
);

/** A merchant's hosted store: `/topup/<handle>`. */
export const topupStores = pgTable('topup_stores', {
  platformId: uuid()
    .primaryKey()
    .references(() => platforms.id, { onDelete: 'cascade' }),
  handle: varchar({ length: 32 }).notNull().unique('topup_stores_handle_key'),
  enabled: boolean().notNull().default(true),
  title: varchar({ length: 120 }).notNull(),
  supportPhone: varchar({ length: 20 }),
  updatedAt: madeAt(),
});

export const topupBulkState = pgEnum('topup_bulk_state', ['paid', 'finished']);

/**
 * A bulk top-up: a merchant's uploaded list, paid at once from the platform's withdrawable
 * balance (one posting for the total), each row an order of channel `bulk`. The client's key
 * makes a double submit pay once.
 */
export const topupBulks = pgTable(
  'topup_bulks',
  {
    id: uuid().primaryKey().defaultRandom(),
    platformId: requiredRef(() => platforms.id, 'restrict'),
    createdBy: requiredRef(() => users.id, 'restrict'),
    idempotencyKey: varchar({ length: 64 }).notNull(),
    rowCount: integer().notNull(),
    total: minorUnits().notNull(),
    currency: currency(),
    state: topupBulkState().notNull().default('paid'),
    createdAt: madeAt(),
  },
  (t) => [
    unique('topup_bulks_key').on(t.platformId, t.idempotencyKey),
    index('topup_bulks_platform_created_idx').on(t.platformId, t.createdAt),
    check('topup_bulks_total_positive', sql`${t.total} > 0 and ${t.rowCount} > 0`),
    knownCurrency('topup_bulks_currency_known', t.currency),
  ],
);

export const topupState = pgEnum('topup_state', ['awaiting_payment', 'paid', 'delivering', 'delivered', 'unknown', 'failed', 'canceled']);

export const topupOrders = pgTable(
  'topup_orders',
  {
    id: uuid().primaryKey().defaultRandom(),
    platformId: requiredRef(() => platforms.id, 'restrict'),
    paymentId: requiredRef(() => payments.id, 'restrict').unique('topup_orders_payment_key'),
    livemode: boolean().notNull(),
    /** The merchant's order id (unique per platform and mode); our upstream order id is this row's id. */
    orderId: varchar({ length: 64 }).notNull(),
    mobile: varchar({ length: 11 }).notNull(),
    operator: topupOperator().notNull(),
    productId: requiredRef(() => topupProducts.id, 'restrict'),
    provider: varchar({ length: 20 }).notNull(),
    upstreamId: varchar({ length: 80 }).notNull(),
    kind: topupKind().notNull(),
    title: varchar({ length: 200 }).notNull(),
    amount: minorUnits().notNull(),
    currency: currency(),
    /** Snapshots at the sale: the provider's margin and the merchant's share of it. */
    marginBasisPoints: integer().notNull(),
    commissionBasisPoints: integer().notNull(),
    /** What the merchant earned and the facilitator kept, once delivered. */
    commission: minorUnits(),
    state: topupState().notNull().default('awaiting_payment'),
    deliveryRef: varchar({ length: 120 }),
    /** A PIN product's code, sealed; its serial in the clear. */
    pinSealed: text(),
    pinSerial: varchar({ length: 60 }),
    failureReason: varchar({ length: 300 }),
    callbackUrl: varchar({ length: 500 }),
    /** Where it was sold: the API, the hosted store, or a bulk upload. */
    channel: varchar({ length: 10 }).notNull(),
    /** A claim while one worker talks to the provider; the others leave it alone. */
    deliveringUntil: at(),
    attempts: integer().notNull().default(0),
    nextInquiryAt: at(),
    refundId: uuid().references(() => refunds.id, { onDelete: 'set null' }),
    /** The bulk upload it was paid in (channel `bulk`). */
    bulkId: uuid().references(() => topupBulks.id, { onDelete: 'restrict' }),
    createdAt: madeAt(),
    updatedAt: madeAt(),
    deliveredAt: at(),
  },
  (t) => [
    unique('topup_orders_order_key').on(t.platformId, t.livemode, t.orderId),
    index('topup_orders_platform_created_idx').on(t.platformId, t.createdAt, t.id),
    index('topup_orders_bulk_idx').on(t.bulkId),
    index('topup_orders_due_idx')
      .on(t.nextInquiryAt)
      .where(sql`${t.state} in ('paid', 'delivering', 'unknown')`),
    index('topup_orders_awaiting_idx')
      .on(t.createdAt)
      .where(sql`${t.state} = 'awaiting_payment'`),
    check('topup_orders_amount_positive', sql`${t.amount} > 0`),
    knownCurrency('topup_orders_currency_known', t.currency),
  ],
);

export type TopupProduct = typeof topupProducts.$inferSelect;
export type TopupOrder = typeof topupOrders.$inferSelect;
export type TopupStore = typeof topupStores.$inferSelect;
export type TopupBulk = typeof topupBulks.$inferSelect;
