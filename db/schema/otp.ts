import { index, integer, pgEnum, pgTable, text, uuid, varchar } from 'drizzle-orm/pg-core';
import { at, madeAt } from './columns';

export const otpPurpose = pgEnum('otp_purpose', ['signup', 'reset']);

/**
 * One-time codes sent by SMS or e-mail. `mobile` holds what the code is bound to: a normalised
 * mobile, or a lower-cased e-mail address (a Turkish company's sign-up, a reset asked for by
 * e-mail). Only a keyed hash of the code is kept. After a correct entry the
 * row carries a ticket (also hashed) that lets the next step of the flow finish exactly once.
 */
export const otpCodes = pgTable(
  'otp_codes',
  {
    id: uuid().primaryKey().defaultRandom(),
    mobile: varchar({ length: 254 }).notNull(),
    purpose: otpPurpose().notNull(),
    codeHash: text().notNull(),
    ip: varchar({ length: 64 }).notNull(),
    attempts: integer().notNull().default(0),
    createdAt: madeAt(),
    expiresAt: at().notNull(),
    verifiedAt: at(),
    ticketHash: text(),
    ticketUsedAt: at(),
  },
  (t) => [index('otp_codes_mobile_created_idx').on(t.mobile, t.createdAt), index('otp_codes_ip_created_idx').on(t.ip, t.createdAt)],
);

export type OtpPurpose = (typeof otpPurpose.enumValues)[number];
