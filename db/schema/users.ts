import { sql } from 'drizzle-orm';
import { bigserial, check, index, integer, pgEnum, pgTable, text, uuid, varchar } from 'drizzle-orm/pg-core';
import { at, madeAt } from './columns';

export const userRole = pgEnum('user_role', ['merchant', 'admin']);

export const users = pgTable(
  'users',
  {
    id: uuid().primaryKey().defaultRandom(),
    /**
     * Normalised mobile: an Iranian `09xxxxxxxxx`, or (Turkish companies only) a Turkish
     * `+905xxxxxxxxx` in E.164, which the Iranian SMS provider cannot reach.
     */
    mobile: varchar({ length: 13 }).notNull().unique('users_mobile_key'),
    /** Lower-cased e-mail address; where set, notices and codes go there too (lib/notify). */
    email: varchar({ length: 254 }).unique('users_email_key'),
    /** The language e-mails are written in (`fa`, `en`, `tr`); unset is Persian. */
    locale: varchar({ length: 5 }),
    firstName: varchar({ length: 100 }).notNull(),
    lastName: varchar({ length: 100 }).notNull(),
    passwordHash: text().notNull(),
    role: userRole().notNull().default('merchant'),
    /** Bumped to revoke every session cookie issued before (logout everywhere, password change, reset). */
    sessionVersion: integer().notNull().default(1),
    passwordChangedAt: madeAt(),
    createdAt: madeAt(),
    updatedAt: at()
      .notNull()
      .defaultNow()
      .$onUpdate(() => sql`now()`),
  },
  (t) => [index('users_role_created_idx').on(t.role, t.createdAt), check('users_email_lower', sql`email = lower(email)`)],
);

/**
 * Failed password logins, keyed by the identifier typed (a normalised mobile or a lower-cased
 * e-mail, in the `mobile` column) rather than by account, so that an unknown one is throttled and
 * locked exactly like a real one and the answers reveal nothing.
 */
export const loginFailures = pgTable(
  'login_failures',
  {
    id: bigserial({ mode: 'bigint' }).primaryKey(),
    mobile: varchar({ length: 254 }).notNull(),
    ip: varchar({ length: 64 }).notNull(),
    at: madeAt(),
  },
  (t) => [index('login_failures_mobile_at_idx').on(t.mobile, t.at)],
);

export const loginLocks = pgTable('login_locks', {
  mobile: varchar({ length: 254 }).primaryKey(),
  lockedUntil: at().notNull(),
});

export type User = typeof users.$inferSelect;
export type UserRole = (typeof userRole.enumValues)[number];

/**
 * Sessions ended by "sign out" on their device: the cookie is a signed token that a copy taken
 * earlier could still present, so its id stays here until the token could no longer be valid.
 */
export const revokedSessions = pgTable(
  'revoked_sessions',
  {
    sid: varchar({ length: 64 }).primaryKey(),
    expiresAt: at().notNull(),
  },
  (t) => [index('revoked_sessions_expires_idx').on(t.expiresAt)],
);
