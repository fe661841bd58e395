import { sql } from 'drizzle-orm';
import { bigserial, boolean, check, index, integer, jsonb, pgEnum, pgTable, primaryKey, text, unique, uniqueIndex, uuid, varchar } from 'drizzle-orm/pg-core';
import { at, madeAt, requiredRef } from './columns';
import { currency, minorUnits, minorUnitsFromZero } from './money';
import { payments } from './payments';
import { refunds } from './refunds';
import { platforms } from './services';
import { users } from './users';

/**
 * Split payments for marketplaces (POD's split-invoice product, run natively on Dargah's ledger or
 * mirrored on POD). A marketplace is a platform of the split service; each of its beneficiaries is
 * a Dargah merchant with a receiving platform of its own, so each share lands in that party's own
 * balance and leaves through its own payouts.
 */
export const splitRail = pgEnum('split_rail', ['dargah', 'pod']);
/** Who pays the facilitator's fee on a split payment: the marketplace from its own share, or every party pro rata. */
export const splitFeePayer = pgEnum('split_fee_payer', ['marketplace', 'pro_rata']);

export const splitMarketplaces = pgTable('split_marketplaces', {
  platformId: uuid()
    .primaryKey()
    .references(() => platforms.id, { onDelete: 'cascade' }),
  rail: splitRail().notNull().default('dargah'),
  feePayer: splitFeePayer().notNull().default('marketplace'),
  /** POD's guild code of the marketplace's own invoices (the main invoice), on POD's rail. */
  podGuildCode: varchar({ length: 64 }),
  updatedAt: madeAt(),
});

export const beneficiaryKind = pgEnum('split_beneficiary_kind', ['merchant', 'sub_business']);
export const beneficiaryState = pgEnum('split_beneficiary_state', ['invited', 'active', 'declined', 'removed']);
/** The dealer permission a beneficiary gives the marketplace: none, for all its products, or for a listed few. */
export const dealerPermission = pgEnum('split_dealer_permission', ['none', 'all', 'products']);

/**
 * A party a marketplace shares with: another merchant invited by mobile (it accepts from its own
 * portal), or a sub-business the marketplace registered (a restricted merchant account of its own).
 */
export const splitBeneficiaries = pgTable(
  'split_beneficiaries',
  {
    id: uuid().primaryKey().defaultRandom(),
    marketplaceId: requiredRef(() => platforms.id, 'cascade'),
    kind: beneficiaryKind().notNull(),
    /** The mobile invited (09…); the account it belongs to is linked only when its owner accepts. */
    mobile: varchar({ length: 11 }).notNull(),
    userId: uuid().references(() => users.id, { onDelete: 'set null' }),
    /** The beneficiary's receiving platform for this marketplace: its shares' balance. */
    platformId: uuid().references(() => platforms.id, { onDelete: 'set null' }),
    displayName: varchar({ length: 120 }).notNull(),
    nationalId: varchar({ length: 11 }),
    guildCode: varchar({ length: 64 }),
    /** The business id of the beneficiary on POD, for invoices mirrored there. */
    podBusinessId: varchar({ length: 32 }),
    state: beneficiaryState().notNull().default('invited'),
    permission: dealerPermission().notNull().default('none'),
    /** The product codes the permission covers when it is `products`. */
    products: text()
      .array()
      .notNull()
      .default(sql`'{}'::text[]`),
    permissionChangedAt: at(),
    createdAt: madeAt(),
  },
  (t) => [
    unique('split_beneficiaries_mobile_key').on(t.marketplaceId, t.mobile),
    index('split_beneficiaries_mobile_idx').on(t.mobile),
    index('split_beneficiaries_user_idx').on(t.userId),
  ],
);

export const splitInvoiceState = pgEnum('split_invoice_state', ['open', 'paid', 'closed', 'canceled', 'expired']);

/** One line of an invoice: quantity × unit price − discount, in Rials. */
export type SplitItem = { description: string; productId: string | null; quantity: number; unitPrice: string; discount: string };

/**
 * A split invoice: what the buyer pays (the customer items) and how it is shared (the main part,
 * the marketplace's own, and one part per beneficiary). Only the customer invoice is payable; its
 * shares become withdrawable only after the marketplace closes it.
 */
export const splitInvoices = pgTable(
  'split_invoices',
  {
    id: uuid().primaryKey().defaultRandom(),
    seq: bigserial({ mode: 'bigint' }).notNull(),
    marketplaceId: requiredRef(() => platforms.id, 'restrict'),
    livemode: boolean().notNull(),
    rail: splitRail().notNull(),
    billNumber: varchar({ length: 64 }).notNull(),
    total: minorUnits().notNull(),
    currency: currency(),
    feePayer: splitFeePayer().notNull(),
    customerItems: jsonb().$type<SplitItem[]>().notNull(),
    description: varchar({ length: 300 }),
    payerName: varchar({ length: 120 }),
    payerMobile: varchar({ length: 11 }),
    payerEmail: varchar({ length: 200 }),
    callbackUrl: text(),
    state: splitInvoiceState().notNull().default('open'),
    verificationNeeded: boolean().notNull().default(false),
    verifiedAt: at(),
    expiresAt: at().notNull(),
    /** The payment the buyer is paying or paid (one at a time). */
    paymentId: uuid().references(() => payments.id, { onDelete: 'set null' }),
    fee: minorUnitsFromZero(),
    refundedAmount: minorUnitsFromZero(),
    paidAt: at(),
    closedAt: at(),
    /** When the settlement run had moved every part of a closed invoice (the run looks only at closed invoices without it). */
    settledAt: at(),
    closedBy: uuid().references(() => users.id, { onDelete: 'set null' }),
    /** POD's ids of the mirrored invoice, and the reference number of every POD call about it. */
    podInvoiceId: varchar({ length: 32 }),
    podReferences: text()
      .array()
      .notNull()
      .default(sql`'{}'::text[]`),
    createdAt: madeAt(),
  },
  (t) => [
    unique('split_invoices_bill_key').on(t.marketplaceId, t.livemode, t.billNumber),
    // One of our invoices per POD invoice: two adopting the same POD group (another marketplace's
    // bill number, or two racing retries) cannot both stand for it.
    uniqueIndex('split_invoices_pod_invoice_key')
      .on(t.podInvoiceId)
      .where(sql`${t.podInvoiceId} is not null`),
    // The lists: a marketplace's invoices newest first (keyset on seq), staff's of every marketplace.
    index('split_invoices_marketplace_idx').on(t.marketplaceId, t.seq),
    index('split_invoices_marketplace_state_idx').on(t.marketplaceId, t.state, t.seq),
    index('split_invoices_seq_idx').on(t.seq),
    index('split_invoices_payment_idx').on(t.paymentId),
    index('split_invoices_settle_idx')
      .on(t.closedAt)
      .where(sql`${t.state} = 'closed' and ${t.settledAt} is null`),
    check('split_invoices_total_positive', sql`${t.total} > 0 and ${t.refundedAmount} >= 0 and ${t.refundedAmount} <= ${t.total}`),
  ],
);

export const splitPartRole = pgEnum('split_part_role', ['main', 'sub']);

/** One party's share of an invoice, credited to its receiving platform. */
export const splitParts = pgTable(
  'split_parts',
  {
    id: uuid().primaryKey().defaultRandom(),
    invoiceId: requiredRef(() => splitInvoices.id, 'cascade'),
    position: integer().notNull(),
    role: splitPartRole().notNull(),
    beneficiaryId: uuid().references(() => splitBeneficiaries.id, { onDelete: 'restrict' }),
    platformId: requiredRef(() => platforms.id, 'restrict'),
    share: minorUnits().notNull(),
    items: jsonb().$type<SplitItem[]>().notNull(),
    description: varchar({ length: 300 }),
    addressRef: varchar({ length: 64 }),
    /** The part of the facilitator's fee this party paid (set when the payment succeeded). */
    fee: minorUnitsFromZero(),
    /** What refunds took back from this party, and how much of it came out of pending. */
    refunded: minorUnitsFromZero(),
    pendingDebited: minorUnitsFromZero(),
    /** The part of its fee the facilitator gave back to this party with refunds. */
    feeReturned: minorUnitsFromZero(),
    settledAt: at(),
    /** The invoice's making time, kept on the part so a beneficiary's latest parts come from one index. */
    createdAt: madeAt(),
  },
  (t) => [
    unique('split_parts_position_key').on(t.invoiceId, t.position),
    index('split_parts_platform_idx').on(t.platformId, t.invoiceId),
    index('split_parts_unsettled_idx')
      .on(t.platformId)
      .where(sql`${t.settledAt} is null`),
    index('split_parts_beneficiary_idx').on(t.beneficiaryId, t.createdAt),
    check('split_parts_share_sane', sql`${t.share} >= 0 and ${t.fee} >= 0 and ${t.fee} <= ${t.share} and ${t.refunded} >= 0`),
  ],
);

/** How a refund of a split payment was taken back from each party. */
export const splitRefundParts = pgTable(
  'split_refund_parts',
  {
    refundId: requiredRef(() => refunds.id, 'cascade'),
    partId: requiredRef(() => splitParts.id, 'cascade'),
    platformId: requiredRef(() => platforms.id, 'restrict'),
    /** The party's debit (its share of the refund less the fee given back for it). */
    amount: minorUnits().notNull(),
    /** The party's part of the refund, and the part of its fee given back with it (`amount = part − feeBack`). */
    part: minorUnits().notNull(),
    feeBack: minorUnits().notNull(),
    fromPending: minorUnits().notNull(),
    fromWithdrawable: minorUnits().notNull(),
  },
  (t) => [primaryKey({ columns: [t.refundId, t.partId] })],
);

export type SplitMarketplace = typeof splitMarketplaces.$inferSelect;
export type SplitBeneficiary = typeof splitBeneficiaries.$inferSelect;
export type SplitInvoice = typeof splitInvoices.$inferSelect;
export type SplitPart = typeof splitParts.$inferSelect;
export type SplitRefundPart = typeof splitRefundParts.$inferSelect;
