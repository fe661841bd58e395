import { bigserial, index, jsonb, pgTable, uuid, varchar } from 'drizzle-orm/pg-core';
import { madeAt } from './columns';

/**
 * The audit trail: one append-only row per change of configuration, keys, fees, KYC, money state
 * or permissions, written by `audit()` in the same transaction as the change (a rolled-back change
 * leaves no event). A trigger refuses UPDATE, DELETE and TRUNCATE. No foreign keys: a row must
 * never be rewritten by a cascade.
 */
export const auditEvents = pgTable(
  'audit_events',
  {
    id: bigserial({ mode: 'bigint' }).primaryKey(),
    at: madeAt(),
    /** merchant | staff | api | system */
    actorKind: varchar({ length: 10 }).notNull(),
    actorUserId: uuid(),
    /** The business the change was made for (its owner's user id today). */
    merchantId: uuid(),
    action: varchar({ length: 60 }).notNull(),
    objectType: varchar({ length: 40 }).notNull(),
    objectId: varchar({ length: 64 }).notNull(),
    before: jsonb(),
    after: jsonb(),
    ip: varchar({ length: 64 }),
    userAgent: varchar({ length: 300 }),
  },
  (t) => [
    index('audit_events_object_idx').on(t.objectType, t.objectId, t.at),
    index('audit_events_merchant_idx').on(t.merchantId, t.at),
    index('audit_events_at_idx').on(t.at),
    // The trail's pages read newest first by id, filtered by business, person or action.
    index('audit_events_merchant_id_idx').on(t.merchantId, t.id),
    index('audit_events_actor_id_idx').on(t.actorUserId, t.id),
    index('audit_events_action_id_idx').on(t.action, t.id),
  ],
);

export type AuditEvent = typeof auditEvents.$inferSelect;
