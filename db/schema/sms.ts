import { index, integer, pgEnum, pgTable, text, uuid, varchar } from 'drizzle-orm/pg-core';
import { at, madeAt } from './columns';

export const smsStatus = pgEnum('sms_status', ['queued', 'sent', 'failed']);

/** Every SMS the portal sends, written before the send job runs so that none is ever lost. */
export const smsMessages = pgTable(
  'sms_messages',
  {
    id: uuid().primaryKey().defaultRandom(),
    mobile: varchar({ length: 11 }).notNull(),
    body: text().notNull(),
    provider: varchar({ length: 32 }).notNull(),
    status: smsStatus().notNull().default('queued'),
    attempts: integer().notNull().default(0),
    lastError: text(),
    providerMessageId: varchar({ length: 64 }),
    createdAt: madeAt(),
    sentAt: at(),
  },
  (t) => [index('sms_messages_mobile_created_idx').on(t.mobile, t.createdAt), index('sms_messages_status_created_idx').on(t.status, t.createdAt)],
);

export type SmsMessage = typeof smsMessages.$inferSelect;
