import { sql } from 'drizzle-orm';
import { boolean, check, jsonb, pgTable, text, uuid, varchar } from 'drizzle-orm/pg-core';
import { madeAt } from './columns';
import { users } from './users';

/**
 * Upstream credentials staff set on /admin/connectors, one row per connector kind ('paystar',
 * 'paystar-ivr', later top-up and POD providers); `lib/connectors` names the kinds and their fields.
 * A kind without a row runs on the environment's defaults. Read on every use (one primary-key
 * query), so a change holds at once on every instance.
 *
 * The secrets are one JSON object sealed by `lib/crypto/secretbox` (AES-256-GCM): a CHECK keeps
 * anything that is not a sealed value out of the column, so a plaintext secret cannot land here by
 * mistake. Staff recognise a secret by its last four characters only (`secretHints`).
 */
export const connectors = pgTable(
  'connectors',
  {
    id: varchar({ length: 40 }).primaryKey(),
    /** The non-secret settings (base URL, timeout), as the kind's schema reads them. */
    settings: jsonb().$type<Record<string, string | number>>().notNull().default({}),
    /** The secrets as `seal(JSON.stringify({ gatewayId, … }))`; null while none was saved. */
    secrets: text(),
    /** The last four characters of each saved secret, by field name. */
    secretHints: jsonb().$type<Record<string, string>>().notNull().default({}),
    /** Off: not offered to payers; payments already under way still verify. */
    enabled: boolean().notNull().default(true),
    updatedAt: madeAt(),
    updatedBy: uuid().references(() => users.id, { onDelete: 'set null' }),
  },
  (t) => [check('connectors_secrets_sealed', sql`${t.secrets} is null or ${t.secrets} ~ '^v1\\.[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]*\\.[A-Za-z0-9_-]+$'`)],
);

export type Connector = typeof connectors.$inferSelect;
