import { index, integer, jsonb, pgEnum, pgTable, text, uuid, varchar } from 'drizzle-orm/pg-core';
import { at, madeAt, requiredRef } from './columns';
import { users } from './users';

/** Iranian natural and legal persons, and a Turkish company (which may use only the virtual POS). */
export const personKind = pgEnum('person_kind', ['natural', 'legal', 'turkish_company']);
export const kycStatus = pgEnum('kyc_status', ['draft', 'submitted', 'approved', 'rejected', 'suspended']);
export const kycDecision = pgEnum('kyc_decision', ['approved', 'rejected']);

/**
 * A merchant's customer information: the working copy (identity + financial, as JSON validated
 * by lib/validation/kyc) and, apart from it, what staff last approved, which stays in force
 * while a change is in review.
 */
export const kycProfiles = pgTable(
  'kyc_profiles',
  {
    id: uuid().primaryKey().defaultRandom(),
    userId: uuid()
      .notNull()
      .unique('kyc_profiles_user_key')
      .references(() => users.id, { onDelete: 'cascade' }),
    kind: personKind().notNull(),
    status: kycStatus().notNull().default('draft'),
    identity: jsonb().$type<Record<string, string>>().notNull().default({}),
    financial: jsonb().$type<Record<string, string>>().notNull().default({}),
    approvedKind: personKind(),
    approvedIdentity: jsonb().$type<Record<string, string>>(),
    approvedFinancial: jsonb().$type<Record<string, string>>(),
    approvedAt: at(),
    submittedAt: at(),
    decidedAt: at(),
    decidedBy: uuid().references(() => users.id, { onDelete: 'set null' }),
    /** From the last rejection: staff's reason per field (`identity.nationalCode`, …) and a note. */
    rejectionReasons: jsonb().$type<Record<string, string>>(),
    rejectionNote: text(),
    /**
     * Staff suspended the approved business (fraud, a court order, documents found false): the
     * reason shown to the merchant, and the platforms the suspension stopped, so that lifting it
     * restores exactly those and not one staff suspended on its own.
     */
    suspensionReason: text(),
    suspendedAt: at(),
    /** Platform id → its state before the suspension stopped it. */
    suspendedPlatforms: jsonb().$type<Record<string, 'pending' | 'approved' | 'paused'>>(),
    version: integer().notNull().default(1),
    createdAt: madeAt(),
    updatedAt: madeAt(),
  },
  (t) => [
    index('kyc_profiles_status_submitted_idx').on(t.status, t.submittedAt),
    index('kyc_profiles_kind_idx').on(t.kind),
    // Staff's merchant list finds a merchant by national code, legal id or province: one containment
    // index (`identity @> '{"nationalCode": "…"}'`) serves every key of the form.
    index('kyc_profiles_identity_idx').using('gin', t.identity.op('jsonb_path_ops')),
  ],
);

/** Every submission as it was sent, with the decision on it: the review history. */
export const kycSubmissions = pgTable(
  'kyc_submissions',
  {
    id: uuid().primaryKey().defaultRandom(),
    profileId: requiredRef(() => kycProfiles.id, 'cascade'),
    kind: personKind().notNull(),
    identity: jsonb().$type<Record<string, string>>().notNull(),
    financial: jsonb().$type<Record<string, string>>().notNull(),
    submittedAt: madeAt(),
    decision: kycDecision(),
    decidedBy: uuid().references(() => users.id, { onDelete: 'set null' }),
    decidedAt: at(),
    fieldReasons: jsonb().$type<Record<string, string>>(),
    note: text(),
  },
  (t) => [index('kyc_submissions_profile_idx').on(t.profileId, t.submittedAt)],
);

export type KycProfile = typeof kycProfiles.$inferSelect;
export type KycStatus = (typeof kycStatus.enumValues)[number];

/**
 * Iranian documents, then the six a Turkish company gives (what N Kolay's application asks for):
 * vergi levhası, imza sirküsü, faaliyet belgesi, sicil kayıt belgesi, kimlik fotokopisi, ticaret sicil gazetesi.
 */
export const kycDocumentKind = pgEnum('kyc_document_kind', [
  'national_card',
  'gazette',
  'ceo_national_card',
  'tax_plate',
  'signature_circular',
  'activity_certificate',
  'registry_record',
  'id_copy',
  'trade_registry_gazette',
]);

/** Uploaded documents; the newest of each kind is the one in use. The bytes live in FileStorage. */
export const kycDocuments = pgTable(
  'kyc_documents',
  {
    id: uuid().primaryKey().defaultRandom(),
    userId: requiredRef(() => users.id, 'cascade'),
    kind: kycDocumentKind().notNull(),
    storageKey: varchar({ length: 200 }).notNull(),
    contentType: varchar({ length: 40 }).notNull(),
    size: integer().notNull(),
    sha256: varchar({ length: 64 }).notNull(),
    originalName: varchar({ length: 200 }).notNull(),
    createdAt: madeAt(),
  },
  (t) => [index('kyc_documents_user_kind_idx').on(t.userId, t.kind, t.createdAt)],
);

export type KycDocument = typeof kycDocuments.$inferSelect;
export type KycDocumentKind = (typeof kycDocumentKind.enumValues)[number];
