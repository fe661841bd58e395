import { index, pgTable, timestamp, varchar } from 'drizzle-orm/pg-core';

/**
 * One row per throttled thing (an API platform, a client address on a public page, a payer's
 * mobile…): its GCRA "theoretical arrival time". A request is allowed when moving the TAT one
 * emission interval later keeps it within the window of now; the move is one conditional upsert.
 */
export const rateLimits = pgTable(
  'rate_limits',
  {
    key: varchar({ length: 200 }).primaryKey(),
    tat: timestamp({ withTimezone: true, precision: 3 }).notNull(),
  },
  (t) => [index('rate_limits_tat_idx').on(t.tat)],
);
