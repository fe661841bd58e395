import { bigint, index, pgTable, primaryKey, text, uuid, varchar } from 'drizzle-orm/pg-core';
import { at, madeAt, requiredRef } from './columns';
import { users } from './users';

/**
 * A person's authenticator (TOTP, RFC 6238). The shared secret is sealed with lib/crypto (it must
 * be read back to check codes); `enabledAt` is null while the person has not yet confirmed a first
 * code (an enrolment begun and not finished). `lastVerifiedAt` is the last correct code or recovery
 * code: sensitive actions ask again when it is older than 15 minutes.
 */
export const twoFactor = pgTable('two_factor', {
  userId: requiredRef(() => users.id, 'cascade').primaryKey(),
  secretSealed: text().notNull(),
  enabledAt: at(),
  lastVerifiedAt: at(),
  createdAt: madeAt(),
});

/** The ten one-time recovery codes, kept only as keyed hashes; `usedAt` spends one. */
export const twoFactorRecoveryCodes = pgTable(
  'two_factor_recovery_codes',
  {
    id: uuid().primaryKey().defaultRandom(),
    userId: requiredRef(() => users.id, 'cascade'),
    codeHash: text().notNull(),
    usedAt: at(),
    createdAt: madeAt(),
  },
  (t) => [index('two_factor_recovery_codes_user_idx').on(t.userId)],
);

/**
 * The 30-second steps whose code was accepted, one row each: the primary key makes a code single
 * use in its window, however many requests bring it at once.
 */
export const twoFactorUsedSteps = pgTable(
  'two_factor_used_steps',
  {
    userId: requiredRef(() => users.id, 'cascade'),
    step: bigint({ mode: 'number' }).notNull(),
    usedAt: madeAt(),
  },
  (t) => [primaryKey({ columns: [t.userId, t.step] })],
);

/** Sessions (the cookie's `sid`) that passed the second factor; until then the guards refuse them. */
export const twoFactorSessions = pgTable(
  'two_factor_sessions',
  {
    sid: varchar({ length: 64 }).primaryKey(),
    userId: requiredRef(() => users.id, 'cascade'),
    verifiedAt: madeAt(),
    expiresAt: at().notNull(),
  },
  (t) => [index('two_factor_sessions_expires_idx').on(t.expiresAt)],
);

export type TwoFactor = typeof twoFactor.$inferSelect;
