import { sql } from 'drizzle-orm';
import { bigserial, index, integer, pgEnum, pgTable, text, uuid, varchar } from 'drizzle-orm/pg-core';
import { at, madeAt } from './columns';

export const userRole = pgEnum('user_role', ['merchant', 'admin']);

export const users = pgTable(
  'users',
  {
    id: uuid().primaryKey().defaultRandom(),
    /** Normalised Iranian mobile, always `09xxxxxxxxx`. */
    mobile: varchar({ length: 11 }).notNull().unique('users_mobile_key'),
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
  (t) => [index('users_role_created_idx').on(t.role, t.createdAt)],
);

/**
 * Failed password logins, keyed by the mobile typed rather than by account, so that an unknown
 * mobile is throttled and locked exactly like a real one and the answers reveal nothing.
 */
export const loginFailures = pgTable(
  'login_failures',
  {
    id: bigserial({ mode: 'bigint' }).primaryKey(),
    mobile: varchar({ length: 11 }).notNull(),
    ip: varchar({ length: 64 }).notNull(),
    at: madeAt(),
  },
  (t) => [index('login_failures_mobile_at_idx').on(t.mobile, t.at)],
);

export const loginLocks = pgTable('login_locks', {
  mobile: varchar({ length: 11 }).primaryKey(),
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
