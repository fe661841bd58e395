import { z } from 'zod';
import { findProvince, isCityOf } from '@/lib/geo/provinces';
import { DOCUMENTS_FOR } from '@/lib/kyc/document-kinds';
import { toAsciiDigits } from './digits';
import { normalizeJalaliDate } from './jalali';
import { normalised } from './shared';
import {
  cardMatchesSheba,
  normalizeCardNumber,
  normalizeLandline,
  normalizeLegalId,
  normalizeNationalCode,
  normalizePostalCode,
  normalizeSheba,
} from './identifiers';
import { CONTROL_CHARS, multiLine, singleLine } from './text';
import {
  postalCodeOfProvince,
  turkishCompanyFields,
  turkishCompanyFinancialFields,
  turkishCompanyFinancialSchema,
  turkishCompanyIdentitySchema,
} from './turkey';

/**
 * Customer information (KYC) schemas, shared by the forms and the server. Messages are keys
 * under `errors.*`. A draft accepts any subset of fields (each still checked when filled), so
 * nothing typed is lost; submitting needs the full schema.
 */

const text = (max: number) => z.string({ error: 'required' }).trim().refine(singleLine, CONTROL_CHARS).max(max, 'tooLong');
const required = (max: number) => text(max).min(1, 'required');
/** Letters (any script), spaces and the few marks names and company names use; no markup. */
const nameLike = (max: number) => required(max).regex(/^[\p{L}\p{M}\p{N}\s\u200c'’.\-()&،,]+$/u, 'nameInvalid');

export { normalizeJalaliDate };

const digitsOnly = (min: number, max: number) => (raw: string) => {
  const s = toAsciiDigits(raw).replace(/[\s\-]/g, '');
  return new RegExp(`^\\d{${min},${max}}$`).test(s) ? s : null;
};

const nationalCode = (req: boolean) => normalised(normalizeNationalCode, 'nationalCodeInvalid', { required: req });
const jalaliDate = (req: boolean) => normalised((r) => normalizeJalaliDate(r), 'dateInvalid', { required: req });
const landline = normalised(normalizeLandline, 'landlineInvalid', { required: false });
const postalCode = normalised(normalizePostalCode, 'postalCodeInvalid', { required: false });
const email = z
  .string({ error: 'required' })
  .trim()
  .refine(singleLine, CONTROL_CHARS)
  .max(254, 'tooLong')
  .refine((v) => v === '' || z.email().safeParse(v).success, 'emailInvalid');
/** Address and contact, the same for both kinds of person. */
const contact = {
  landline,
  email,
  province: required(40),
  city: required(60),
  address: text(500),
  postalCode,
};

export const companyTypes = ['private_joint_stock', 'public_joint_stock', 'limited_liability', 'cooperative', 'partnership', 'institute', 'other'] as const;

const naturalFields = z.object({
  firstName: nameLike(100),
  lastName: nameLike(100),
  fatherName: text(100).regex(/^[\p{L}\p{M}\s\u200c'’-]*$/u, 'nameInvalid'),
  birthCertificateNumber: normalised(digitsOnly(1, 10), 'birthCertificateInvalid', { required: false }),
  nationalCode: nationalCode(true),
  birthDate: jalaliDate(true),
  ...contact,
});

const legalFields = z.object({
  companyName: nameLike(200),
  companyType: z.enum(companyTypes, { error: 'required' }),
  registrationNumber: normalised(digitsOnly(1, 12), 'registrationNumberInvalid', { required: true }),
  legalId: normalised(normalizeLegalId, 'legalIdInvalid', { required: true }),
  economicCode: normalised(digitsOnly(11, 14), 'economicCodeInvalid', { required: false }),
  registrationDate: jalaliDate(true),
  ceoNationalCode: nationalCode(true),
  ceoFullName: nameLike(150),
  ...contact,
});

/**
 * Cross-field rules run even when other fields failed (`always`): zod skips a refinement after any
 * failed field otherwise, and the first submit would not show these beside the missing fields.
 * They read only what is valid by itself, so a malformed value is refused once, by its own rule.
 */
const always = { when: () => true };

/** The province must be one of the 31, and the city one of that province's. */
function knownPlace(v: { province?: unknown; city?: unknown }, ctx: z.RefinementCtx) {
  const province = typeof v.province === 'string' ? v.province.trim() : '';
  const city = typeof v.city === 'string' ? v.city.trim() : '';
  if (province && !findProvince(province)) ctx.addIssue({ code: 'custom', path: ['province'], message: 'provinceInvalid' });
  else if (province && city && !isCityOf(province, city)) ctx.addIssue({ code: 'custom', path: ['city'], message: 'cityInvalid' });
}

export const naturalIdentitySchema = naturalFields.superRefine(knownPlace, always);
export const legalIdentitySchema = legalFields.superRefine(knownPlace, always);

export const financialFields = z.object({
  accountHolder: nameLike(150),
  sheba: normalised(normalizeSheba, 'shebaInvalid', { required: true }),
  accountNumber: normalised(digitsOnly(5, 20), 'accountNumberInvalid', { required: true }),
  cardNumber: normalised(normalizeCardNumber, 'cardNumberInvalid', { required: false }),
});

function sameBank(v: { sheba?: unknown; cardNumber?: unknown }, ctx: z.RefinementCtx) {
  const card = typeof v.cardNumber === 'string' && v.cardNumber ? normalizeCardNumber(v.cardNumber) : null;
  const sheba = typeof v.sheba === 'string' && v.sheba ? normalizeSheba(v.sheba) : null;
  if (card && sheba && !cardMatchesSheba(card, sheba)) ctx.addIssue({ code: 'custom', path: ['cardNumber'], message: 'cardBankMismatch' });
}

export const financialSchema = financialFields.superRefine(sameBank, always);

export type NaturalIdentity = z.output<typeof naturalIdentitySchema>;
export type LegalIdentity = z.output<typeof legalIdentitySchema>;
export type Financial = z.output<typeof financialSchema>;
/** Iranian natural and legal persons, and a Turkish company (lib/validation/turkey.ts holds its fields). */
export const PERSON_KINDS = ['natural', 'legal', 'turkish_company'] as const;
export type PersonKind = (typeof PERSON_KINDS)[number];

/** Empty fields are simply not there yet in a draft. */
function withoutEmpty(v: unknown): unknown {
  if (!v || typeof v !== 'object' || Array.isArray(v)) return v;
  return Object.fromEntries(Object.entries(v).filter(([, x]) => !(typeof x === 'string' && x.trim() === '')));
}

/** Every field optional, each checked when filled: what a draft may hold. */
export const naturalDraftSchema = z.preprocess(withoutEmpty, naturalFields.partial().superRefine(knownPlace, always));
export const legalDraftSchema = z.preprocess(withoutEmpty, legalFields.partial().superRefine(knownPlace, always));
export const financialDraftSchema = z.preprocess(withoutEmpty, financialFields.partial().superRefine(sameBank, always));
export const turkishCompanyDraftSchema = z.preprocess(withoutEmpty, turkishCompanyFields.partial().superRefine(postalCodeOfProvince, always));
export const turkishFinancialDraftSchema = z.preprocess(withoutEmpty, turkishCompanyFinancialFields.partial());

export const saveDraftSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('natural'), identity: naturalDraftSchema, financial: financialDraftSchema }),
  z.object({ kind: z.literal('legal'), identity: legalDraftSchema, financial: financialDraftSchema }),
  z.object({ kind: z.literal('turkish_company'), identity: turkishCompanyDraftSchema, financial: turkishFinancialDraftSchema }),
]);
export type SaveDraftInput = z.input<typeof saveDraftSchema>;

export function identitySchemaFor(kind: PersonKind) {
  return kind === 'natural' ? naturalIdentitySchema : kind === 'legal' ? legalIdentitySchema : turkishCompanyIdentitySchema;
}

/** An Iranian bank account (sheba) for Iranian kinds; a Turkish company's IBAN, recorded only (Dargah pays no lira out). */
export function financialSchemaFor(kind: PersonKind) {
  return kind === 'turkish_company' ? turkishCompanyFinancialSchema : financialSchema;
}

/** The field names of each form, in order. */
export const identityFields = {
  natural: naturalFields.keyof().options,
  legal: legalFields.keyof().options,
  turkish_company: turkishCompanyFields.keyof().options,
} as const;
export const financialFieldNames = financialFields.keyof().options;
export const financialFieldsOf = {
  natural: financialFieldNames,
  legal: financialFieldNames,
  turkish_company: turkishCompanyFinancialFields.keyof().options,
} as const;

/** Missing keys become '' so the full schema reports them as required rather than skipping them. */
export function withAllKeys(values: unknown, keys: readonly string[]): Record<string, unknown> {
  const v = values && typeof values === 'object' && !Array.isArray(values) ? (values as Record<string, unknown>) : {};
  return Object.fromEntries(keys.map((k) => [k, v[k] ?? '']));
}

/** The documents a kind must have uploaded (kind → the stored document's id): each missing one is refused on its own line. */
function documentsSchemaFor(kind: PersonKind) {
  const one = z.string({ error: 'documentRequired' }).min(1, 'documentRequired');
  return z.preprocess((v) => v ?? {}, z.object(Object.fromEntries(DOCUMENTS_FOR[kind].map((k) => [k, one]))));
}

function submitSchemaOf<K extends PersonKind>(kind: K) {
  return z.object({
    kind: z.literal(kind),
    identity: z.preprocess((v) => withAllKeys(v, identityFields[kind]), identitySchemaFor(kind)),
    financial: z.preprocess((v) => withAllKeys(v, financialFieldsOf[kind]), financialSchemaFor(kind)),
    documents: documentsSchemaFor(kind),
  });
}

/**
 * What submitting for review needs, checked at once: every field, required and malformed alike,
 * and every document, so the first submit shows every problem (the form checks this before
 * sending; the server checks the stored profile with the same field schemas in `submitKyc`).
 */
export const submitKycSchema = z.discriminatedUnion('kind', [submitSchemaOf('natural'), submitSchemaOf('legal'), submitSchemaOf('turkish_company')]);

const staffNote = z.string().refine(multiLine, CONTROL_CHARS).max(2000, 'tooLong').optional();

/** A staff decision on a submitted profile: approve, or reject with reasons per field (`identity.x`) or a note. */
export const decideKycSchema = z.discriminatedUnion('decision', [
  z.object({ profileId: z.uuid('notFound'), decision: z.literal('approve'), note: staffNote }),
  z.object({
    profileId: z.uuid('notFound'),
    decision: z.literal('reject'),
    fieldReasons: z.record(z.string().refine(singleLine, CONTROL_CHARS).max(60), z.string().refine(multiLine, CONTROL_CHARS).max(500, 'tooLong')),
    note: staffNote,
  }),
]);
export type DecideKycInput = z.output<typeof decideKycSchema>;

/** Staff suspend an approved business (a reason the merchant reads), or lift the suspension. */
export const suspendKycSchema = z.discriminatedUnion('action', [
  z.object({
    profileId: z.uuid('notFound'),
    action: z.literal('suspend'),
    reason: z.string().trim().min(1, 'suspendReasonRequired').refine(multiLine, CONTROL_CHARS).max(1000, 'tooLong'),
  }),
  z.object({ profileId: z.uuid('notFound'), action: z.literal('reinstate') }),
]);
export type SuspendKycInput = { profileId: string; reason: string };
