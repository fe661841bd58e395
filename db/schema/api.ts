import { bigserial, index, integer, jsonb, pgEnum, pgTable, primaryKey, smallint, uuid, varchar } from 'drizzle-orm/pg-core';
import { madeAt, requiredRef } from './columns';
import { apiKeys, platforms } from './services';

export const idempotencyState = pgEnum('idempotency_state', ['running', 'done']);

/** The first answer to a POST with an Idempotency-Key, replayed for 24 hours. */
export const idempotencyKeys = pgTable(
  'idempotency_keys',
  {
    keyId: requiredRef(() => apiKeys.id, 'cascade'),
    idempotencyKey: varchar({ length: 255 }).notNull(),
    requestHash: varchar({ length: 64 }).notNull(),
    state: idempotencyState().notNull().default('running'),
    responseStatus: smallint(),
    responseBody: jsonb(),
    createdAt: madeAt(),
  },
  (t) => [primaryKey({ name: 'idempotency_keys_pk', columns: [t.keyId, t.idempotencyKey] }), index('idempotency_keys_created_idx').on(t.createdAt)],
);

/** What the merchant sees of its API traffic: never bodies, never secrets. */
export const apiRequestLog = pgTable(
  'api_request_log',
  {
    id: bigserial({ mode: 'bigint' }).primaryKey(),
    platformId: uuid().references(() => platforms.id, { onDelete: 'cascade' }),
    keyPrefix: varchar({ length: 24 }),
    method: varchar({ length: 8 }).notNull(),
    path: varchar({ length: 200 }).notNull(),
    status: smallint().notNull(),
    latencyMs: integer().notNull(),
    at: madeAt(),
  },
  (t) => [index('api_request_log_platform_at_idx').on(t.platformId, t.at)],
);
