import { and, desc, eq, inArray, isNull, sql } from 'drizzle-orm';
import { z } from 'zod';
import type { Db, DbOrTx } from '@/db';
import { kycProfiles, kycSubmissions, platforms, type KycDocument, type KycDocumentKind, type KycProfile, type KycStatus } from '@/db/schema';
import { type Actor, type MerchantActor, ownedBy, type StaffActor } from '@/lib/actor';
import { assertStaffMay } from '@/lib/staff/permissions';
import { audit } from '@/lib/audit';
import { afterNotify, notify } from '@/lib/messages';
import { err, fieldErr, fieldErrorsOf, ok, type Err, type FieldErrors, type Result } from '@/lib/result';
import { dispatch, portalUrl, recordUserNotice } from '@/lib/notify';
import { currentKycDocuments, DOCUMENTS_FOR } from './documents';
import { smsText } from '@/lib/sms/texts';
import {
  financialFieldsOf,
  financialSchemaFor,
  identityFields,
  identitySchemaFor,
  saveDraftSchema,
  type DecideKycInput,
  type SuspendKycInput,
  type PersonKind,
  type SaveDraftInput,
} from '@/lib/validation/kyc';
import { isUuid } from '@/lib/validation/ids';

/**
 * Customer information: draft → submitted → approved | rejected. Every transition is a
 * conditional update (it happens at most once, whatever runs at the same time) and writes its
 * audit event in the same transaction. The approved copy stays in force while a change is in review.
 */

/**
 * The profile of a business, by its id: the guards' lookup (they make the actor from it, and
 * `action()`'s `merchant-kyc` asks it). Whatever acts for someone takes the actor instead.
 */
export async function getKycProfile(db: DbOrTx, merchantId: string): Promise<KycProfile | null> {
  const [p] = await db.select().from(kycProfiles).where(eq(kycProfiles.userId, merchantId));
  return p ?? null;
}

/** Approved and not suspended: what every service, payout and export of the business waits for. */
export function isKycApproved(p: Pick<KycProfile, 'approvedAt' | 'status'> | null): boolean {
  return !!p?.approvedAt && p.status !== 'suspended';
}

/** What the browser is told of a saved profile: its state, not the stored row (staff ids, approved copies). */
export function statusOnly(r: Result<KycProfile>): Result<{ status: KycStatus }> {
  return r.ok ? ok({ status: r.data.status }) : r;
}

/** The merchant's own profile and the documents in use: what the customer-information page shows. */
export async function getCustomerInfo(
  db: DbOrTx,
  actor: MerchantActor,
): Promise<{ profile: KycProfile | null; documents: Partial<Record<KycDocumentKind, KycDocument>> }> {
  const [profile, documents] = await Promise.all([getKycProfile(db, actor.merchantId), currentKycDocuments(db, actor)]);
  return { profile, documents };
}

const KYC = 'kyc_profile';

/** Saves whatever is filled in; each filled field must be valid. Not while staff are reviewing. */
export async function saveKycDraft(db: DbOrTx, actor: MerchantActor, input: SaveDraftInput): Promise<Result<KycProfile>> {
  // `action()` has parsed the form with this schema already; parsing here keeps the field keys
  // nested (`identity.x`), which the wrapper's flat shape cannot carry, and the rule for every caller.
  const parsed = saveDraftSchema.safeParse(input);
  if (!parsed.success) return fieldErr(nestedFieldErrors(parsed.error));
  const { kind, identity, financial } = parsed.data;
  const clean = (o: object) => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined && v !== '')) as Record<string, string>;
  const merchantId = actor.merchantId;

  return db.transaction(async (tx): Promise<Result<KycProfile>> => {
    const [created] = await tx
      .insert(kycProfiles)
      .values({ userId: merchantId, kind, identity: clean(identity), financial: clean(financial) })
      .onConflictDoNothing({ target: kycProfiles.userId })
      .returning();
    if (created) {
      await audit(tx, actor, { action: 'create', objectType: KYC, objectId: created.id, merchantId, after: { status: 'draft' } });
      return ok(created);
    }
    const [before] = await tx.select().from(kycProfiles).where(eq(kycProfiles.userId, merchantId)).for('update');
    if (before.status === 'submitted') return err('inReview');
    if (before.status === 'suspended') return err('suspended');
    // Editing an approved profile starts a change: a draft again, the approved copy untouched.
    const status: KycStatus = before.status === 'approved' ? 'draft' : before.status;
    const [profile] = await tx
      .update(kycProfiles)
      .set({ kind, identity: clean(identity), financial: clean(financial), status, updatedAt: new Date(), version: sql`${kycProfiles.version} + 1` })
      .where(and(eq(kycProfiles.id, before.id), inArray(kycProfiles.status, ['draft', 'rejected', 'approved'])))
      .returning();
    if (!profile) return err('inReview');
    if (before.status !== status) {
      await audit(tx, actor, { action: 'edit', objectType: KYC, objectId: profile.id, merchantId, before: { status: before.status }, after: { status } });
    }
    return ok(profile);
  });
}

/** Field errors keyed by their whole path (`identity.nationalCode`), first message per field. */
function nestedFieldErrors(error: z.ZodError, prefix = ''): FieldErrors {
  return fieldErrorsOf(new z.ZodError(error.issues.map((issue) => ({ ...issue, path: [prefix + issue.path.map(String).join('.')] }))));
}

/** Checks the whole profile and sends it to review. Field errors are keyed `identity.x` / `financial.y` / `documents.z`. */
export async function submitKyc(db: DbOrTx, actor: MerchantActor): Promise<Result<KycProfile>> {
  const profile = await getKycProfile(db, actor.merchantId);
  if (!profile) return err('notFound');
  const identity = identitySchemaFor(profile.kind).safeParse(withAllKeys(profile.identity, identityFields[profile.kind]));
  const financial = financialSchemaFor(profile.kind).safeParse(withAllKeys(profile.financial, financialFieldsOf[profile.kind]));
  const docs = await currentKycDocuments(db, actor);
  const missingDocs = Object.fromEntries(DOCUMENTS_FOR[profile.kind].filter((k) => !docs[k]).map((k) => [`documents.${k}`, 'documentRequired']));
  if (!identity.success || !financial.success || Object.keys(missingDocs).length) {
    const fieldErrors = {
      ...(identity.success ? {} : nestedFieldErrors(identity.error, 'identity.')),
      ...(financial.success ? {} : nestedFieldErrors(financial.error, 'financial.')),
      ...missingDocs,
    };
    return { ok: false, error: 'fixFields', fieldErrors } satisfies Err;
  }
  const now = new Date();
  return db.transaction(async (tx): Promise<Result<KycProfile>> => {
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
    if (!updated) return err('notSubmittable');
    await tx.insert(kycSubmissions).values({
      profileId: updated.id,
      kind: updated.kind,
      identity: updated.identity,
      financial: updated.financial,
      submittedAt: now,
    });
    await audit(tx, actor, {
      action: 'submit',
      objectType: KYC,
      objectId: updated.id,
      merchantId: updated.userId,
      before: { status: profile.status },
      after: { status: 'submitted' },
    });
    return ok(updated);
  });
}

/** What the form's submit button does: saves what is on screen, then sends it to review if it is complete and valid. */
export async function saveAndSubmitKyc(db: DbOrTx, actor: MerchantActor, input: SaveDraftInput): Promise<Result<KycProfile>> {
  const saved = await saveKycDraft(db, actor, input);
  return saved.ok ? submitKyc(db, actor) : saved;
}

/** Missing keys become '' so the strict schema reports them as required rather than skipping them. */
function withAllKeys(values: Record<string, string>, keys: readonly string[]) {
  return Object.fromEntries(keys.map((k) => [k, values[k] ?? '']));
}

/** A staff decision on a submitted profile. Of two staff deciding at once, exactly one wins. */
export async function decideKyc(db: DbOrTx, actor: StaffActor, input: DecideKycInput): Promise<Result<KycProfile>> {
  assertStaffMay(actor, 'kyc');
  const { profileId } = input;
  if (!isUuid(profileId)) return err('notFound');
  const reasons = input.decision === 'reject' ? cleanReasons(input.fieldReasons) : {};
  const note = input.note?.trim().slice(0, 2000) || null;
  if (input.decision === 'reject' && !note && Object.keys(reasons).length === 0) return err('reasonRequired');
  const now = new Date();

  const result = await db.transaction(async (tx) => {
    const approved = input.decision === 'approve';
    const [profile] = await tx
      .update(kycProfiles)
      .set({
        status: approved ? 'approved' : 'rejected',
        decidedAt: now,
        decidedBy: actor.userId,
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
        .set({ decision: approved ? 'approved' : 'rejected', decidedBy: actor.userId, decidedAt: now, fieldReasons: approved ? null : reasons, note })
        .where(eq(kycSubmissions.id, latest.id));
    }
    await audit(tx, actor, {
      action: approved ? 'approve' : 'reject',
      objectType: KYC,
      objectId: profileId,
      merchantId: profile.userId,
      before: { status: 'submitted' },
      after: note ? { status: profile.status, reason: note } : { status: profile.status },
    });
    const key = approved ? 'kycApproved' : 'kycRejected';
    const pending = await recordUserNotice(tx, profile.userId, { sms: smsText(key, {}), email: { key, values: { link: portalUrl('/customer-info') } } });
    // The SMS or e-mail above is the important channel; the inbox keeps the decision with a link to act on it.
    await notify(tx, { userId: profile.userId, category: 'kyc', template: approved ? 'kycApproved' : 'kycRejected', link: '/customer-info' });
    return { profile, pending };
  });

  if (!result) {
    const exists = await db.select({ id: kycProfiles.id }).from(kycProfiles).where(eq(kycProfiles.id, profileId));
    return err(exists.length ? 'alreadyDecided' : 'notFound');
  }
  await dispatch(result.pending);
  return ok(result.profile);
}

/**
 * Staff suspend an approved business (false documents, fraud, a court order): the profile becomes
 * `suspended`, which `isKycApproved` refuses (services, payouts, exports and new platforms stop), and
 * every platform of it that takes payments is suspended in the same transaction, so that payers,
 * the API and the phone menu stop at once through the one check they already make. The platforms
 * it stopped are kept, so that `reinstateKyc` restores exactly those.
 */
export async function suspendKyc(
  db: Db,
  actor: StaffActor,
  input: SuspendKycInput,
): Promise<Result<KycProfile, 'notFound' | 'reasonRequired' | 'alreadyDecided'>> {
  assertStaffMay(actor, 'kyc', 'write');
  if (!isUuid(input.profileId)) return err('notFound');
  const reason = input.reason.trim().slice(0, 1000);
  if (!reason) return err('reasonRequired');
  const now = new Date();
  const result = await db.transaction(async (tx) => {
    const [before] = await tx.select().from(kycProfiles).where(eq(kycProfiles.id, input.profileId)).for('update');
    if (!before) return err('notFound');
    // An approved business, or one whose change is being drafted or reviewed (its approved copy is in force).
    if (!before.approvedAt || before.status === 'suspended') return err('alreadyDecided');
    const live = await tx
      .select({ id: platforms.id, status: platforms.status })
      .from(platforms)
      .where(and(eq(platforms.userId, before.userId), inArray(platforms.status, ['pending', 'approved', 'paused'])))
      .for('update');
    const prior = Object.fromEntries(live.map((p) => [p.id, p.status as 'pending' | 'approved' | 'paused']));
    if (live.length) {
      await tx
        .update(platforms)
        .set({ status: 'suspended', decisionReason: reason, decidedBy: actor.userId, decidedAt: now })
        .where(
          inArray(
            platforms.id,
            live.map((p) => p.id),
          ),
        );
    }
    const [profile] = await tx
      .update(kycProfiles)
      .set({
        status: 'suspended',
        suspensionReason: reason,
        suspendedAt: now,
        suspendedPlatforms: prior,
        decidedBy: actor.userId,
        decidedAt: now,
        updatedAt: now,
        version: sql`${kycProfiles.version} + 1`,
      })
      .where(and(eq(kycProfiles.id, before.id), eq(kycProfiles.version, before.version)))
      .returning();
    if (!profile) return err('alreadyDecided');
    await audit(tx, actor, {
      action: 'suspend',
      objectType: KYC,
      objectId: profile.id,
      merchantId: profile.userId,
      before: { status: before.status },
      after: { status: 'suspended', reason, platforms: Object.keys(prior) },
    });
    const told = await notify(tx, {
      userId: profile.userId,
      category: 'kyc',
      template: 'kycSuspended',
      params: { reason },
      link: '/customer-info',
      important: true,
    });
    return ok({ profile, told });
  });
  if (!result.ok) return result;
  await afterNotify([result.data.told]);
  return ok(result.data.profile);
}

/**
 * Staff lift a suspension: the approved copy is in force again (the profile returns to `approved`)
 * and the platforms the suspension stopped — those still suspended by it — are approved again.
 * A platform staff suspended on its own, before or since, stays as it is.
 */
export async function reinstateKyc(db: Db, actor: StaffActor, input: { profileId: string }): Promise<Result<KycProfile, 'notFound' | 'alreadyDecided'>> {
  assertStaffMay(actor, 'kyc', 'write');
  if (!isUuid(input.profileId)) return err('notFound');
  const now = new Date();
  const result = await db.transaction(async (tx) => {
    const [before] = await tx.select().from(kycProfiles).where(eq(kycProfiles.id, input.profileId)).for('update');
    if (!before) return err('notFound');
    if (before.status !== 'suspended') return err('alreadyDecided');
    // Each platform back to where it was, if it is still suspended by this suspension (same reason):
    // one staff suspended again on its own since stays suspended.
    const restored: string[] = [];
    for (const [id, status] of Object.entries(before.suspendedPlatforms ?? {})) {
      const [row] = await tx
        .update(platforms)
        .set({ status, decisionReason: null, decidedBy: actor.userId, decidedAt: now })
        .where(
          and(
            eq(platforms.id, id),
            eq(platforms.userId, before.userId),
            eq(platforms.status, 'suspended'),
            eq(platforms.decisionReason, before.suspensionReason ?? ''),
          ),
        )
        .returning({ id: platforms.id });
      if (row) restored.push(row.id);
    }
    const [profile] = await tx
      .update(kycProfiles)
      .set({
        status: 'approved',
        suspensionReason: null,
        suspendedAt: null,
        suspendedPlatforms: null,
        decidedBy: actor.userId,
        decidedAt: now,
        updatedAt: now,
        version: sql`${kycProfiles.version} + 1`,
      })
      .where(and(eq(kycProfiles.id, before.id), eq(kycProfiles.status, 'suspended')))
      .returning();
    if (!profile) return err('alreadyDecided');
    await audit(tx, actor, {
      action: 'reinstate',
      objectType: KYC,
      objectId: profile.id,
      merchantId: profile.userId,
      before: { status: 'suspended', reason: before.suspensionReason },
      after: { status: 'approved', platforms: restored },
    });
    const told = await notify(tx, { userId: profile.userId, category: 'kyc', template: 'kycReinstated', link: '/customer-info', important: true });
    return ok({ profile, told });
  });
  if (!result.ok) return result;
  await afterNotify([result.data.told]);
  return ok(result.data.profile);
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

/** A profile's submissions, newest first: staff see any, a merchant only its own. */
export async function listKycHistory(db: DbOrTx, actor: Actor, profileId: string) {
  if (!isUuid(profileId)) return [];
  return db
    .select({ submission: kycSubmissions })
    .from(kycSubmissions)
    .innerJoin(kycProfiles, eq(kycProfiles.id, kycSubmissions.profileId))
    .where(and(eq(kycSubmissions.profileId, profileId), ownedBy(actor, kycProfiles.userId)))
    .orderBy(desc(kycSubmissions.submittedAt))
    .then((rows) => rows.map((r) => r.submission));
}

export type { PersonKind };
