import { sql } from 'drizzle-orm';
import { boolean, index, integer, pgEnum, pgTable, text, unique, uuid, varchar } from 'drizzle-orm/pg-core';
import { at, madeAt, requiredRef } from './columns';
import { currency, knownCurrency, minorUnits } from './money';
import { users } from './users';

/** The ids of the catalogue's services (db/catalogue.ts adds them at every start). */
export const SERVICE_IDS = ['charge', 'payment', 'ivr', 'split', 'vpos'] as const;

/** The catalogue: charge gateway, payment gateway, IVR payments, split payments, virtual POS. */
export const services = pgTable('services', {
  id: varchar({ length: 32 }).primaryKey(),
  nameFa: varchar({ length: 100 }).notNull(),
  nameEn: varchar({ length: 100 }).notNull(),
  descriptionFa: text().notNull(),
  descriptionEn: text().notNull(),
  active: boolean().notNull().default(true),
  sortOrder: integer().notNull().default(0),
});

/** Versioned terms; the highest published version of a service is the one in force. */
export const serviceTerms = pgTable(
  'service_terms',
  {
    id: uuid().primaryKey().defaultRandom(),
    serviceId: varchar({ length: 32 })
      .notNull()
      .references(() => services.id),
    version: integer().notNull(),
    bodyFa: text().notNull(),
    bodyEn: text().notNull(),
    publishedAt: madeAt(),
    publishedBy: uuid().references(() => users.id, { onDelete: 'set null' }),
  },
  (t) => [unique('service_terms_version_key').on(t.serviceId, t.version)],
);

export const termsAcceptances = pgTable(
  'terms_acceptances',
  {
    id: uuid().primaryKey().defaultRandom(),
    userId: requiredRef(() => users.id, 'cascade'),
    termsId: uuid()
      .notNull()
      .references(() => serviceTerms.id),
    serviceId: varchar({ length: 32 }).notNull(),
    version: integer().notNull(),
    ip: varchar({ length: 64 }).notNull(),
    acceptedAt: madeAt(),
  },
  (t) => [unique('terms_acceptances_once_key').on(t.userId, t.termsId), index('terms_acceptances_user_service_idx').on(t.userId, t.serviceId)],
);

export const merchantServiceStatus = pgEnum('merchant_service_status', ['requested', 'active', 'suspended']);

/** A service a merchant has asked for (by accepting its terms). */
export const merchantServices = pgTable(
  'merchant_services',
  {
    id: uuid().primaryKey().defaultRandom(),
    userId: requiredRef(() => users.id, 'cascade'),
    serviceId: varchar({ length: 32 })
      .notNull()
      .references(() => services.id),
    status: merchantServiceStatus().notNull().default('requested'),
    createdAt: madeAt(),
  },
  (t) => [
    unique('merchant_services_once_key').on(t.userId, t.serviceId),
    // Staff's merchant list filtered by a service (the once key leads with the merchant).
    index('merchant_services_service_idx').on(t.serviceId, t.userId),
  ],
);

export const platformType = pgEnum('platform_type', ['website', 'app', 'bot', 'ivr', 'shop']);
export const platformStatus = pgEnum('platform_status', ['pending', 'approved', 'rejected', 'paused', 'suspended']);

/** Where the merchant sells; confirmed by the merchant (pending), then approved by staff for live use. */
export const platforms = pgTable(
  'platforms',
  {
    id: uuid().primaryKey().defaultRandom(),
    userId: requiredRef(() => users.id, 'cascade'),
    merchantServiceId: requiredRef(() => merchantServices.id, 'cascade'),
    type: platformType().notNull(),
    name: varchar({ length: 120 }).notNull(),
    address: varchar({ length: 300 }).notNull(),
    /** Rials a month, as the merchant expects. */
    expectedMonthlyVolume: minorUnits().notNull(),
    /** The currency of the expected volume (and of the platform's sales). */
    currency: currency(),
    callbackUrls: text()
      .array()
      .notNull()
      .default(sql`'{}'::text[]`),
    status: platformStatus().notNull().default('pending'),
    /** Where a merchant's pause returns to (approved or pending). */
    statusBeforePause: platformStatus(),
    decidedAt: at(),
    decidedBy: uuid().references(() => users.id, { onDelete: 'set null' }),
    decisionReason: text(),
    createdAt: madeAt(),
  },
  (t) => [
    index('platforms_user_idx').on(t.userId, t.createdAt),
    index('platforms_status_idx').on(t.status, t.createdAt),
    knownCurrency('platforms_currency_known', t.currency),
  ],
);

export const apiKeyEnvironment = pgEnum('api_key_environment', ['test', 'live']);

/** API keys, stored only as a keyed hash with a visible prefix. */
export const apiKeys = pgTable(
  'api_keys',
  {
    id: uuid().primaryKey().defaultRandom(),
    platformId: requiredRef(() => platforms.id, 'cascade'),
    environment: apiKeyEnvironment().notNull(),
    prefix: varchar({ length: 24 }).notNull(),
    hash: varchar({ length: 64 }).notNull().unique('api_keys_hash_key'),
    ipAllowList: text()
      .array()
      .notNull()
      .default(sql`'{}'::text[]`),
    createdAt: madeAt(),
    lastUsedAt: at(),
    /** Set when rolled with a grace period: the old key works until then. */
    expiresAt: at(),
    revokedAt: at(),
  },
  (t) => [index('api_keys_platform_idx').on(t.platformId, t.environment)],
);

export type Service = typeof services.$inferSelect;
export type Platform = typeof platforms.$inferSelect;
export type ApiKey = typeof apiKeys.$inferSelect;

/** Where a platform's events are sent; the signing secret is kept encrypted, shown to the merchant once. */
export const webhookEndpoints = pgTable('webhook_endpoints', {
  platformId: uuid()
    .primaryKey()
    .references(() => platforms.id, { onDelete: 'cascade' }),
  url: varchar({ length: 300 }).notNull(),
  secretEncrypted: text().notNull(),
  createdAt: madeAt(),
  updatedAt: madeAt(),
});
