import { and, desc, eq, inArray, isNull, sql } from 'drizzle-orm';
import type { Db, DbOrTx } from '@/db';
import { auditLog, kycProfiles, kycSubmissions, users, type KycProfile, type KycStatus } from '@/db/schema';
import { notify } from '@/lib/messages';
import { enqueueSms, recordSms } from '@/lib/sms';
import { currentKycDocuments, DOCUMENTS_FOR } from './documents';
import { smsText } from '@/lib/sms/texts';
import { financialFieldNames, financialSchema, identityFields, identitySchemaFor, saveDraftSchema, type PersonKind } from '@/lib/validation/kyc';
import { isUuid } from '@/lib/validation/ids';

/**
 * Customer information: draft → submitted → approved | rejected. Every transition is a
 * conditional update (it happens at most once, whatever runs at the same time) and leaves an
 * audit row. The approved copy stays in force while a change is in review.
 */

type Fail<E extends string, X = object> = { ok: false; error: E } & X;

export async function getKycProfile(db: DbOrTx, userId: string): Promise<KycProfile | null> {
  const [p] = await db.select().from(kycProfiles).where(eq(kycProfiles.userId, userId));
  return p ?? null;
}

export function isKycApproved(p: Pick<KycProfile, 'approvedAt'> | null): boolean {
  return !!p?.approvedAt;
}

async function audit(
  tx: DbOrTx,
  row: { actorId: string | null; entityId: string; action: string; fromState?: string | null; toState?: string | null; reason?: string | null },
) {
  await tx.insert(auditLog).values({ entity: 'kyc_profile', ...row });
}

export type SaveDraftResult = { ok: true; profile: KycProfile } | Fail<'invalid', { fieldErrors: Record<string, string> }> | Fail<'inReview'>;

/** Saves whatever is filled in; each filled field must be valid. Not while staff are reviewing. */
export async function saveKycDraft(db: Db, userId: string, input: unknown): Promise<SaveDraftResult> {
  const parsed = saveDraftSchema.safeParse(input);
  if (!parsed.success) return { ok: false, error: 'invalid', fieldErrors: prefixed(parsed.error) };
  const { kind, identity, financial } = parsed.data;
  const clean = (o: object) => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined && v !== '')) as Record<string, string>;

  return db.transaction(async (tx) => {
    const [created] = await tx
      .insert(kycProfiles)
      .values({ userId, kind, identity: clean(identity), financial: clean(financial) })
      .onConflictDoNothing({ target: kycProfiles.userId })
      .returning();
    if (created) {
      await audit(tx, { actorId: userId, entityId: created.id, action: 'create', toState: 'draft' });
      return { ok: true, profile: created } as const;
    }
    const [before] = await tx.select().from(kycProfiles).where(eq(kycProfiles.userId, userId)).for('update');
    if (before.status === 'submitted') return { ok: false, error: 'inReview' } as const;
    // Editing an approved profile starts a change: a draft again, the approved copy untouched.
    const status: KycStatus = before.status === 'approved' ? 'draft' : before.status;
    const [profile] = await tx
      .update(kycProfiles)
      .set({ kind, identity: clean(identity), financial: clean(financial), status, updatedAt: new Date(), version: sql`${kycProfiles.version} + 1` })
      .where(and(eq(kycProfiles.id, before.id), inArray(kycProfiles.status, ['draft', 'rejected', 'approved'])))
      .returning();
    if (!profile) return { ok: false, error: 'inReview' } as const;
    if (before.status !== status) await audit(tx, { actorId: userId, entityId: profile.id, action: 'edit', fromState: before.status, toState: status });
    return { ok: true, profile } as const;
  });
}

function prefixed(error: import('zod').ZodError, prefix = ''): Record<string, string> {
  const out: Record<string, string> = {};
  for (const issue of error.issues) {
    const key = prefix + issue.path.map(String).join('.');
    if (!(key in out)) out[key] = issue.message;
  }
  return out;
}

export type SubmitResult = { ok: true; profile: KycProfile } | Fail<'invalid', { fieldErrors: Record<string, string> }> | Fail<'notFound' | 'notSubmittable'>;

/** Checks the whole profile and sends it to review. Field errors are keyed `identity.x` / `financial.y`. */
export async function submitKyc(db: Db, userId: string): Promise<SubmitResult> {
  const profile = await getKycProfile(db, userId);
  if (!profile) return { ok: false, error: 'notFound' };
  const identity = identitySchemaFor(profile.kind).safeParse(withAllKeys(profile.identity, identityFields[profile.kind]));
  const financial = financialSchema.safeParse(withAllKeys(profile.financial, financialFieldNames));
  const docs = await currentKycDocuments(db, userId);
  const missingDocs = Object.fromEntries(DOCUMENTS_FOR[profile.kind].filter((k) => !docs[k]).map((k) => [`documents.${k}`, 'documentRequired']));
  if (!identity.success || !financial.success || Object.keys(missingDocs).length) {
    return {
      ok: false,
      error: 'invalid',
      fieldErrors: {
        ...(identity.success ? {} : prefixed(identity.error, 'identity.')),
        ...(financial.success ? {} : prefixed(financial.error, 'financial.')),
        ...missingDocs,
      },
    };
  }
  const now = new Date();
  return db.transaction(async (tx) => {
    const [updated] = await tx
      .update(kycProfiles)
      .set({
        status: 'submitted',
        identity: identity.data as Record<string, string>,
        financial: financial.data as Record<string, string>,
        submittedAt: now,
        updatedAt: now,
        version: sql`${kycProfiles.version} + 1`,
      })
      .where(and(eq(kycProfiles.id, profile.id), eq(kycProfiles.version, profile.version), inArray(kycProfiles.status, ['draft', 'rejected'])))
      .returning();
    if (!updated) return { ok: false, error: 'notSubmittable' } as const;
    await tx.insert(kycSubmissions).values({
      profileId: updated.id,
      kind: updated.kind,
      identity: updated.identity,
      financial: updated.financial,
      submittedAt: now,
    });
    await audit(tx, { actorId: userId, entityId: updated.id, action: 'submit', fromState: profile.status, toState: 'submitted' });
    return { ok: true, profile: updated } as const;
  });
}

/** Missing keys become '' so the strict schema reports them as required rather than skipping them. */
function withAllKeys(values: Record<string, string>, keys: readonly string[]) {
  return Object.fromEntries(keys.map((k) => [k, values[k] ?? '']));
}

export type DecideInput = { decision: 'approve'; note?: string } | { decision: 'reject'; fieldReasons: Record<string, string>; note?: string };

export type DecideResult = { ok: true; profile: KycProfile } | Fail<'alreadyDecided' | 'reasonRequired' | 'notFound'>;

/** A staff decision on a submitted profile. Of two staff deciding at once, exactly one wins. */
export async function decideKyc(db: Db, adminId: string, profileId: string, input: DecideInput): Promise<DecideResult> {
  if (!isUuid(profileId)) return { ok: false, error: 'notFound' };
  const reasons = input.decision === 'reject' ? cleanReasons(input.fieldReasons) : {};
  const note = input.note?.trim().slice(0, 2000) || null;
  if (input.decision === 'reject' && !note && Object.keys(reasons).length === 0) return { ok: false, error: 'reasonRequired' };
  const now = new Date();

  const result = await db.transaction(async (tx) => {
    const approved = input.decision === 'approve';
    const [profile] = await tx
      .update(kycProfiles)
      .set({
        status: approved ? 'approved' : 'rejected',
        decidedAt: now,
        decidedBy: adminId,
        updatedAt: now,
        version: sql`${kycProfiles.version} + 1`,
        ...(approved
          ? {
              approvedKind: sql`${kycProfiles.kind}`,
              approvedIdentity: sql`${kycProfiles.identity}`,
              approvedFinancial: sql`${kycProfiles.financial}`,
              approvedAt: now,
              rejectionReasons: null,
              rejectionNote: null,
            }
          : { rejectionReasons: reasons, rejectionNote: note }),
      })
      .where(and(eq(kycProfiles.id, profileId), eq(kycProfiles.status, 'submitted')))
      .returning();
    if (!profile) return null;
    const [latest] = await tx
      .select({ id: kycSubmissions.id })
      .from(kycSubmissions)
      .where(and(eq(kycSubmissions.profileId, profileId), isNull(kycSubmissions.decision)))
      .orderBy(desc(kycSubmissions.submittedAt))
      .limit(1);
    if (latest) {
      await tx
        .update(kycSubmissions)
        .set({ decision: approved ? 'approved' : 'rejected', decidedBy: adminId, decidedAt: now, fieldReasons: approved ? null : reasons, note })
        .where(eq(kycSubmissions.id, latest.id));
    }
    await audit(tx, {
      actorId: adminId,
      entityId: profileId,
      action: approved ? 'approve' : 'reject',
      fromState: 'submitted',
      toState: profile.status,
      reason: note,
    });
    const [owner] = await tx.select({ mobile: users.mobile }).from(users).where(eq(users.id, profile.userId));
    const smsId = await recordSms(tx, { mobile: owner.mobile, body: smsText(approved ? 'kycApproved' : 'kycRejected', {}) });
    // The SMS above is the important channel; the inbox keeps the decision with a link to act on it.
    await notify(tx, { userId: profile.userId, category: 'kyc', template: approved ? 'kycApproved' : 'kycRejected', link: '/customer-info' });
    return { profile, smsId };
  });

  if (!result) {
    const exists = await db.select({ id: kycProfiles.id }).from(kycProfiles).where(eq(kycProfiles.id, profileId));
    return { ok: false, error: exists.length ? 'alreadyDecided' : 'notFound' };
  }
  await enqueueSms(result.smsId);
  return { ok: true, profile: result.profile };
}

const REASON_KEY = /^(identity|financial|documents)\.[A-Za-z_]{1,40}$/;

function cleanReasons(raw: Record<string, string>): Record<string, string> {
  return Object.fromEntries(
    Object.entries(raw)
      .filter(([k, v]) => REASON_KEY.test(k) && typeof v === 'string' && v.trim() !== '')
      .slice(0, 50)
      .map(([k, v]) => [k, v.trim().slice(0, 500)]),
  );
}

export async function listKycHistory(db: DbOrTx, profileId: string) {
  return db.select().from(kycSubmissions).where(eq(kycSubmissions.profileId, profileId)).orderBy(desc(kycSubmissions.submittedAt));
}

export type { PersonKind };
