import { sql } from 'drizzle-orm';
import { check, index, integer, pgEnum, pgTable, primaryKey, uniqueIndex, uuid, varchar } from 'drizzle-orm/pg-core';
import { at, madeAt, requiredRef } from './columns';
import { currency, minorUnits, minorUnitsFromZero } from './money';
import { payoutBatches } from './payouts';
import { services } from './services';
import { users } from './users';

export const staffRole = pgEnum('staff_role', ['kyc', 'operations', 'finance', 'support', 'auditor', 'super_admin']);

/**
 * A staff member's roles, one row each (lib/staff/permissions.ts says what each may do). Rows
 * rather than an array column: a person holds several, each grant and removal is its own audited
 * change, the foreign key drops them with the user, and "who holds finance" is an indexed query.
 */
export const staffRoles = pgTable(
  'staff_roles',
  {
    userId: requiredRef(() => users.id, 'cascade'),
    role: staffRole().notNull(),
    grantedBy: uuid().references(() => users.id, { onDelete: 'set null' }),
    grantedAt: madeAt(),
  },
  (t) => [primaryKey({ name: 'staff_roles_pk', columns: [t.userId, t.role] }), index('staff_roles_role_idx').on(t.role)],
);

export const feeChangeState = pgEnum('fee_change_state', ['pending', 'approved', 'rejected']);

/**
 * A fee change waiting for a second operations approver (four eyes): the fee in force
 * (`fee_rules`) changes only when a different operations member approves it. One pending change
 * per service at a time.
 */
export const feeRuleChanges = pgTable(
  'fee_rule_changes',
  {
    id: uuid().primaryKey().defaultRandom(),
    serviceId: varchar({ length: 32 })
      .notNull()
      .references(() => services.id),
    percentBasisPoints: integer().notNull(),
    fixed: minorUnitsFromZero(),
    min: minorUnitsFromZero(),
    max: minorUnits(),
    currency: currency(),
    state: feeChangeState().notNull().default('pending'),
    proposedBy: requiredRef(() => users.id, 'restrict'),
    proposedAt: madeAt(),
    decidedBy: uuid().references(() => users.id, { onDelete: 'set null' }),
    decidedAt: at(),
  },
  (t) => [
    uniqueIndex('fee_rule_changes_one_pending_key')
      .on(t.serviceId)
      .where(sql`${t.state} = 'pending'`),
    index('fee_rule_changes_state_idx').on(t.state, t.proposedAt),
    check(
      'fee_rule_changes_sane',
      sql`${t.percentBasisPoints} between 0 and 10000 and ${t.fixed} >= 0 and ${t.min} >= 0 and (${t.max} is null or ${t.max} >= ${t.min})`,
    ),
    check('fee_rule_changes_second_person', sql`${t.decidedBy} is null or ${t.decidedBy} <> ${t.proposedBy} or ${t.state} = 'rejected'`),
  ],
);

/**
 * The second finance approval of a payout batch whose total is above the four-eyes threshold
 * (PAYOUT_BATCH_FOUR_EYES_MINOR): the builder is the first approver, this row the second, and the
 * batch is sent only with it. The database refuses the builder as the second.
 */
export const payoutBatchApprovals = pgTable('payout_batch_approvals', {
  batchId: uuid()
    .primaryKey()
    .references(() => payoutBatches.id, { onDelete: 'cascade' }),
  approvedBy: requiredRef(() => users.id, 'restrict'),
  approvedAt: madeAt(),
});

export type FeeRuleChange = typeof feeRuleChanges.$inferSelect;
