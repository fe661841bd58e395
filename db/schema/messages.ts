import { sql } from 'drizzle-orm';
import { boolean, check, index, integer, jsonb, pgEnum, pgTable, text, unique, uuid, varchar } from 'drizzle-orm/pg-core';
import { at, madeAt, requiredRef } from './columns';
import { users } from './users';

export const messageSource = pgEnum('message_source', ['system', 'staff']);
export const messageCategory = pgEnum('message_category', ['kyc', 'platform', 'settlement', 'webhook', 'reminder', 'announcement']);
export const broadcastState = pgEnum('broadcast_state', ['queued', 'sending', 'sent']);

/** Who a staff message goes to. */
export type BroadcastTarget =
  | { kind: 'all' }
  | { kind: 'merchant'; userId: string }
  | { kind: 'service'; serviceId: string }
  | { kind: 'kyc'; status: 'none' | 'draft' | 'submitted' | 'approved' | 'rejected' }
  | { kind: 'province'; province: string };

/** A staff message to one merchant or a segment; a job writes one inbox row per recipient. */
export const broadcasts = pgTable(
  'broadcasts',
  {
    id: uuid().primaryKey().defaultRandom(),
    authorId: uuid().references(() => users.id, { onDelete: 'set null' }),
    title: varchar({ length: 200 }).notNull(),
    body: text().notNull(),
    link: varchar({ length: 300 }),
    /** Also text each recipient. */
    sms: boolean().notNull().default(false),
    target: jsonb().$type<BroadcastTarget>().notNull(),
    state: broadcastState().notNull().default('queued'),
    recipients: integer().notNull().default(0),
    createdAt: madeAt(),
    sentAt: at(),
  },
  (t) => [index('broadcasts_created_idx').on(t.createdAt), check('broadcasts_body_len', sql`char_length(${t.body}) <= 5000`)],
);

/**
 * One merchant's inbox row. System messages keep the template and its values, so each reader
 * sees them in their own language; the stored title and body are the Persian text (for search
 * and SMS). Staff messages are stored as written and always shown as text.
 */
export const messages = pgTable(
  'messages',
  {
    id: uuid().primaryKey().defaultRandom(),
    userId: requiredRef(() => users.id, 'cascade'),
    broadcastId: uuid().references(() => broadcasts.id, { onDelete: 'cascade' }),
    source: messageSource().notNull(),
    category: messageCategory().notNull(),
    template: varchar({ length: 40 }),
    params: jsonb().$type<Record<string, string>>(),
    title: varchar({ length: 200 }).notNull(),
    body: text().notNull(),
    /** A path inside the portal (always starts with a single `/`). */
    link: varchar({ length: 300 }),
    important: boolean().notNull().default(false),
    /** Makes a system message idempotent per merchant (e.g. one reminder per event). */
    dedupeKey: varchar({ length: 120 }),
    readAt: at(),
    archivedAt: at(),
    createdAt: madeAt(),
  },
  (t) => [
    index('messages_user_created_idx').on(t.userId, t.createdAt),
    index('messages_user_unread_idx')
      .on(t.userId)
      .where(sql`${t.readAt} is null and ${t.archivedAt} is null`),
    unique('messages_user_dedupe_key').on(t.userId, t.dedupeKey),
    unique('messages_broadcast_user_key').on(t.broadcastId, t.userId),
    check('messages_link_internal', sql`${t.link} is null or ${t.link} ~ '^/([^/\\\\]|$)'`),
    check('messages_body_len', sql`char_length(${t.body}) <= 5000`),
  ],
);

export const eventColor = pgEnum('event_color', ['blue', 'green', 'amber', 'red', 'violet', 'slate']);

/** A merchant's own note on the calendar, with an optional reminder sent once. */
export const events = pgTable(
  'events',
  {
    id: uuid().primaryKey().defaultRandom(),
    userId: requiredRef(() => users.id, 'cascade'),
    title: varchar({ length: 120 }).notNull(),
    description: text().notNull().default(''),
    startsAt: at().notNull(),
    endsAt: at(),
    color: eventColor().notNull().default('blue'),
    /** Minutes before the start; null = no reminder. */
    remindMinutes: integer(),
    remindAt: at(),
    remindSms: boolean().notNull().default(false),
    remindedAt: at(),
    createdAt: madeAt(),
    updatedAt: madeAt(),
  },
  (t) => [
    index('events_user_starts_idx').on(t.userId, t.startsAt),
    index('events_due_idx')
      .on(t.remindAt)
      .where(sql`${t.remindedAt} is null and ${t.remindAt} is not null`),
    check('events_end_after_start', sql`${t.endsAt} is null or ${t.endsAt} >= ${t.startsAt}`),
    check('events_description_len', sql`char_length(${t.description}) <= 2000`),
  ],
);

export type Message = typeof messages.$inferSelect;
export type Broadcast = typeof broadcasts.$inferSelect;
export type CalendarEvent = typeof events.$inferSelect;
