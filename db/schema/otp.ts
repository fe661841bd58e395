import { index, integer, pgEnum, pgTable, text, timestamp, uuid, varchar } from 'drizzle-orm/pg-core';

export const otpPurpose = pgEnum('otp_purpose', ['signup', 'reset']);

/**
 * One-time codes sent by SMS. Only a keyed hash of the code is kept. After a correct entry the
 * row carries a ticket (also hashed) that lets the next step of the flow finish exactly once.
 */
export const otpCodes = pgTable(
  'otp_codes',
  {
    id: uuid().primaryKey().defaultRandom(),
    mobile: varchar({ length: 11 }).notNull(),
    purpose: otpPurpose().notNull(),
    codeHash: text().notNull(),
    ip: varchar({ length: 64 }).notNull(),
    attempts: integer().notNull().default(0),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    expiresAt: timestamp({ withTimezone: true }).notNull(),
    verifiedAt: timestamp({ withTimezone: true }),
    ticketHash: text(),
    ticketUsedAt: timestamp({ withTimezone: true }),
  },
  (t) => [index('otp_codes_mobile_created_idx').on(t.mobile, t.createdAt), index('otp_codes_ip_created_idx').on(t.ip, t.createdAt)],
);

export type OtpPurpose = (typeof otpPurpose.enumValues)[number];
