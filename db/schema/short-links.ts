import { check, index, pgTable, varchar } from 'drizzle-orm/pg-core';
import { sql } from 'drizzle-orm';
import { madeAt, requiredRef } from './columns';
import { platforms } from './services';

/**
 * A short link (`/s/<code>`) to a payment link the merchant built: the code answers a 302 to the
 * stored path and query (`/pay/<handle>?amount=…&sig=…`), on our own origin, so a stored row can
 * never send a payer to another site.
 */
export const shortLinks = pgTable(
  'short_links',
  {
    code: varchar({ length: 16 }).primaryKey(),
    platformId: requiredRef(() => platforms.id, 'cascade'),
    /** The path and query of the built link, always starting with `/pay/`. */
    target: varchar({ length: 2000 }).notNull(),
    createdAt: madeAt(),
  },
  (t) => [index('short_links_platform_idx').on(t.platformId, t.createdAt), check('short_links_target_local', sql`${t.target} like '/pay/%'`)],
);
