import { index, integer, pgTable, text, uuid, varchar } from 'drizzle-orm/pg-core';
import { at, madeAt } from './columns';
import { smsStatus } from './sms';

/**
 * Every e-mail the portal sends, written before the send job runs so that none is ever lost: a
 * failed SMTP delivery stays here with its error and is retried; `/dev/email` reads it in
 * development and tests. The status enum is the SMS outbox's (queued → sent | failed).
 */
export const emailMessages = pgTable(
  'email_messages',
  {
    id: uuid().primaryKey().defaultRandom(),
    to: varchar({ length: 254 }).notNull(),
    subject: varchar({ length: 300 }).notNull(),
    body: text().notNull(),
    status: smsStatus().notNull().default('queued'),
    attempts: integer().notNull().default(0),
    lastError: text(),
    providerMessageId: varchar({ length: 300 }),
    createdAt: madeAt(),
    sentAt: at(),
  },
  (t) => [index('email_messages_to_created_idx').on(t.to, t.createdAt), index('email_messages_status_created_idx').on(t.status, t.createdAt)],
);

export type EmailMessage = typeof emailMessages.$inferSelect;
