import { sql } from 'drizzle-orm';
import { check, index, pgEnum, pgTable, primaryKey, uniqueIndex, uuid, varchar } from 'drizzle-orm/pg-core';
import { at, madeAt, requiredRef } from './columns';
import { users } from './users';

/**
 * A business. Its id IS its founding owner's user id, so every existing `merchant_id` column (which
 * held the owner's user id when a business was one person) points at it unchanged and no `lib`
 * signature changes. Made with the owner's sign-up (or when an invited person starts one later).
 */
export const merchants = pgTable('merchants', {
  id: uuid()
    .primaryKey()
    .references(() => users.id, { onDelete: 'restrict' }),
  /** The name shown in the header's switcher; unset shows the KYC business name or the founder's name. */
  name: varchar({ length: 120 }),
  createdAt: madeAt(),
});

export const merchantRole = pgEnum('merchant_role', ['owner', 'admin', 'developer', 'accountant', 'support']);

/** Who works for a business, and as what: exactly one owner per business (a partial unique index). */
export const merchantMembers = pgTable(
  'merchant_members',
  {
    merchantId: requiredRef(() => merchants.id, 'cascade'),
    userId: requiredRef(() => users.id, 'cascade'),
    role: merchantRole().notNull(),
    /** Null for the founding owner. */
    invitedBy: uuid().references(() => users.id, { onDelete: 'set null' }),
    createdAt: madeAt(),
  },
  (t) => [
    primaryKey({ columns: [t.merchantId, t.userId] }),
    uniqueIndex('merchant_members_one_owner')
      .on(t.merchantId)
      .where(sql`${t.role} = 'owner'`),
    index('merchant_members_user_idx').on(t.userId, t.createdAt),
  ],
);

export const invitationState = pgEnum('merchant_invitation_state', ['pending', 'accepted', 'declined', 'revoked']);

/**
 * An invitation to a business, by mobile (the invitee may have no account yet). At most one pending
 * invitation per business and mobile; the invitee sees it after signing in with that mobile.
 */
export const merchantInvitations = pgTable(
  'merchant_invitations',
  {
    id: uuid().primaryKey().defaultRandom(),
    merchantId: requiredRef(() => merchants.id, 'cascade'),
    mobile: varchar({ length: 13 }).notNull(),
    role: merchantRole().notNull(),
    invitedBy: uuid().references(() => users.id, { onDelete: 'set null' }),
    state: invitationState().notNull().default('pending'),
    createdAt: madeAt(),
    decidedAt: at(),
  },
  (t) => [
    uniqueIndex('merchant_invitations_pending')
      .on(t.merchantId, t.mobile)
      .where(sql`${t.state} = 'pending'`),
    index('merchant_invitations_mobile_idx').on(t.mobile, t.state),
    // An invitation never makes a second owner: ownership passes only by transfer.
    check('merchant_invitations_not_owner', sql`${t.role} <> 'owner'`),
  ],
);

export type Merchant = typeof merchants.$inferSelect;
export type MerchantMember = typeof merchantMembers.$inferSelect;
export type MerchantInvitation = typeof merchantInvitations.$inferSelect;
export type MerchantMemberRole = (typeof merchantRole.enumValues)[number];
