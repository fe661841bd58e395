import { and, asc, desc, eq, gt, inArray, isNull, or, sql } from 'drizzle-orm';
import type { Db, DbOrTx } from '@/db';
import { apiKeys, apiRequestLog, merchantServices, platforms, services, users, type Platform } from '@/db/schema';
import { type Actor, assertStaff, type MerchantActor, ownedBy, type StaffActor } from '@/lib/actor';
import { assertStaffMay } from '@/lib/staff/permissions';
import { createApiKey } from '@/lib/api-keys';
import { audit } from '@/lib/audit';
import { getKycProfile, isKycApproved } from '@/lib/kyc';
import { hasAcceptedCurrentTerms } from '@/lib/services';
import { notify } from '@/lib/messages';
import { err, ok, type Result } from '@/lib/result';
import { dispatch, portalUrl, recordUserNotice } from '@/lib/notify';
import { smsText } from '@/lib/sms/texts';
import type { AddPlatformInput } from '@/lib/validation/platforms';
import { isUuid } from '@/lib/validation/ids';
import { ownedRow } from '@/lib/owned-row';

/**
 * A confirmed sales platform: pending staff approval for live use, with a sandbox key at once
 * (returned here in full, the only time it is ever shown). The input is the action's parsed
 * `addPlatformSchema`.
 */
export async function addPlatform(
  db: Db,
  actor: MerchantActor,
  input: AddPlatformInput,
): Promise<Result<{ platform: Platform; sandboxKey: string }, 'kycNotApproved' | 'notFound' | 'termsNotAccepted'>> {
  const { merchantServiceId, ...fields } = input;
  if (!isKycApproved(await getKycProfile(db, actor.merchantId))) return err('kycNotApproved');
  if (!isUuid(merchantServiceId)) return err('notFound');
  const [ms] = await db
    .select()
    .from(merchantServices)
    .where(and(eq(merchantServices.id, merchantServiceId), eq(merchantServices.userId, actor.merchantId)));
  if (!ms) return err('notFound');
  if (!(await hasAcceptedCurrentTerms(db, actor, ms.serviceId))) return err('termsNotAccepted');
  return db.transaction(async (tx) => {
    const [platform] = await tx
      .insert(platforms)
      .values({ userId: actor.merchantId, merchantServiceId, ...fields, currency: ms.serviceId === 'vpos' ? 'TRY' : 'IRR' })
      .returning();
    await tx
      .update(merchantServices)
      .set({ status: 'active' })
      .where(and(eq(merchantServices.id, ms.id), eq(merchantServices.status, 'requested')));
    await audit(tx, actor, { action: 'create', objectType: 'platform', objectId: platform.id, after: { status: 'pending' } });
    const { key } = await createApiKey(tx, platform.id, 'test');
    return ok({ platform, sandboxKey: key });
  });
}

export async function listPlatforms(db: DbOrTx, actor: Actor) {
  return db.select().from(platforms).where(ownedBy(actor, platforms.userId)).orderBy(platforms.createdAt);
}

/** One of the actor's platforms, or null (another merchant's id is simply not found; staff see any). */
export async function getOwnPlatform(db: DbOrTx, actor: Actor, platformId: string): Promise<Platform | null> {
  return ownedRow(db, actor, platforms, platformId);
}

/** The platform's latest API requests, for its page; null when the platform is not the actor's. */
export async function listApiRequests(db: DbOrTx, actor: Actor, filters: { platformId: string; limit?: number }) {
  const platform = await getOwnPlatform(db, actor, filters.platformId);
  if (!platform) return null;
  return db
    .select()
    .from(apiRequestLog)
    .where(eq(apiRequestLog.platformId, platform.id))
    .orderBy(desc(apiRequestLog.at))
    .limit(Math.min(filters.limit ?? 50, 200));
}

/** Sales platforms waiting for approval (oldest first), and the decided ones staff may suspend. */
export async function listPlatformsForReview(db: DbOrTx, actor: StaffActor, filters: { limit?: number } = {}) {
  assertStaff(actor);
  const limit = Math.min(filters.limit ?? 100, 500);
  const select = () =>
    db
      .select({ p: platforms, mobile: users.mobile, owner: users.firstName, ownerLast: users.lastName, serviceFa: services.nameFa, serviceEn: services.nameEn })
      .from(platforms)
      .innerJoin(users, eq(users.id, platforms.userId))
      .innerJoin(merchantServices, eq(merchantServices.id, platforms.merchantServiceId))
      .innerJoin(services, eq(services.id, merchantServices.serviceId));
  const [pending, live] = await Promise.all([
    select().where(eq(platforms.status, 'pending')).orderBy(asc(platforms.createdAt)).limit(limit),
    select()
      .where(inArray(platforms.status, ['approved', 'paused', 'suspended']))
      .orderBy(desc(platforms.decidedAt))
      .limit(limit),
  ]);
  return { pending, live };
}

/**
 * Staff approve or reject (with a reason); the merchant is texted. The decision, its audit event
 * and the message are one transaction. The live key is made when the merchant asks for it
 * (`issueLiveKey`), so that only the merchant ever sees it in full.
 */
export async function decidePlatform(
  db: Db,
  actor: StaffActor,
  input: { platformId: string; approve: boolean; reason?: string | null },
): Promise<Result<Platform, 'alreadyDecided' | 'reasonRequired' | 'notFound'>> {
  assertStaffMay(actor, 'platforms');
  if (!isUuid(input.platformId)) return err('notFound');
  const reason = input.reason?.trim().slice(0, 1000) || null;
  if (!input.approve && !reason) return err('reasonRequired');
  const result = await db.transaction(async (tx) => {
    const [platform] = await tx
      .update(platforms)
      .set({ status: input.approve ? 'approved' : 'rejected', decidedAt: new Date(), decidedBy: actor.userId, decisionReason: reason })
      .where(and(eq(platforms.id, input.platformId), eq(platforms.status, 'pending')))
      .returning();
    if (!platform) return null;
    await audit(tx, actor, {
      action: input.approve ? 'approve' : 'reject',
      objectType: 'platform',
      objectId: platform.id,
      merchantId: platform.userId,
      before: { status: 'pending' },
      after: { status: platform.status, reason },
    });
    const key = input.approve ? 'platformApproved' : 'platformRejected';
    const pending = await recordUserNotice(tx, platform.userId, {
      sms: smsText(key, { name: platform.name }),
      email: { key, values: { name: platform.name, link: portalUrl(`/platforms/${platform.id}`) } },
    });
    await notify(tx, {
      userId: platform.userId,
      category: 'platform',
      template: input.approve ? 'platformApproved' : 'platformRejected',
      params: { name: platform.name, reason: reason ?? '' },
      link: `/platforms/${platform.id}`,
    });
    return { platform, pending };
  });
  if (!result) {
    const [exists] = await db.select({ id: platforms.id }).from(platforms).where(eq(platforms.id, input.platformId));
    return err(exists ? 'alreadyDecided' : 'notFound');
  }
  await dispatch(result.pending);
  return ok(result.platform);
}

/** The live key of an approved platform, shown this once; one active live key at a time (roll it to replace it). */
export async function issueLiveKey(
  db: Db,
  actor: MerchantActor,
  input: { platformId: string },
): Promise<Result<{ key: string; platformId: string }, 'notFound' | 'notApproved' | 'exists'>> {
  const platform = await getOwnPlatform(db, actor, input.platformId);
  if (!platform) return err('notFound');
  if (platform.status !== 'approved') return err('notApproved');
  return db.transaction(async (tx) => {
    // Serialise concurrent requests for the same platform's live key.
    await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${'live-key:' + platform.id}))`);
    const active = await tx
      .select({ id: apiKeys.id })
      .from(apiKeys)
      .where(
        and(
          eq(apiKeys.platformId, platform.id),
          eq(apiKeys.environment, 'live'),
          isNull(apiKeys.revokedAt),
          or(isNull(apiKeys.expiresAt), gt(apiKeys.expiresAt, new Date())),
        ),
      );
    if (active.length) return err('exists');
    const { key, record } = await createApiKey(tx, platform.id, 'live');
    await audit(tx, actor, {
      action: 'issue',
      objectType: 'api_key',
      objectId: record.id,
      after: { environment: 'live', prefix: record.prefix, platformId: platform.id },
    });
    return ok({ key, platformId: platform.id });
  });
}

export async function listPlatformKeys(db: DbOrTx, actor: Actor, platformId: string) {
  const platform = await getOwnPlatform(db, actor, platformId);
  if (!platform) return null;
  return db
    .select({
      id: apiKeys.id,
      environment: apiKeys.environment,
      prefix: apiKeys.prefix,
      createdAt: apiKeys.createdAt,
      lastUsedAt: apiKeys.lastUsedAt,
      expiresAt: apiKeys.expiresAt,
      revokedAt: apiKeys.revokedAt,
      ipAllowList: apiKeys.ipAllowList,
    })
    .from(apiKeys)
    .where(eq(apiKeys.platformId, platform.id))
    .orderBy(desc(apiKeys.createdAt));
}

/** The merchant pauses a platform (its keys stop) and resumes it to where it was. */
export async function setPlatformPaused(
  db: Db,
  actor: MerchantActor,
  input: { platformId: string; paused: boolean },
): Promise<Result<{ status: Platform['status'] }, 'notAllowed'>> {
  if (!isUuid(input.platformId)) return err('notAllowed');
  const mine = and(eq(platforms.id, input.platformId), ownedBy(actor, platforms.userId));
  return db.transaction(async (tx) => {
    const [row] = input.paused
      ? await tx
          .update(platforms)
          .set({ status: 'paused', statusBeforePause: sql`${platforms.status}` })
          .where(and(mine, inArray(platforms.status, ['pending', 'approved'])))
          .returning({ status: platforms.status, was: platforms.statusBeforePause })
      : await tx
          .update(platforms)
          .set({ status: sql`coalesce(${platforms.statusBeforePause}, 'pending')`, statusBeforePause: null })
          .where(and(mine, eq(platforms.status, 'paused')))
          .returning({ status: platforms.status, was: sql<Platform['status']>`'paused'` });
    if (!row) return err('notAllowed');
    await audit(tx, actor, {
      action: input.paused ? 'pause' : 'resume',
      objectType: 'platform',
      objectId: input.platformId,
      before: { status: row.was },
      after: { status: row.status },
    });
    return ok({ status: row.status });
  });
}

/** Staff suspend any platform that is not already suspended; its keys stop at once. */
export async function suspendPlatform(
  db: Db,
  actor: StaffActor,
  input: { platformId: string; reason: string },
): Promise<Result<undefined, 'notFound' | 'reasonRequired' | 'alreadyDecided'>> {
  assertStaffMay(actor, 'platforms');
  const reason = input.reason.trim().slice(0, 1000);
  if (!reason) return err('reasonRequired');
  if (!isUuid(input.platformId)) return err('notFound');
  return db.transaction(async (tx) => {
    const [before] = await tx.select({ status: platforms.status }).from(platforms).where(eq(platforms.id, input.platformId)).for('update');
    if (!before) return err('notFound');
    const [row] = await tx
      .update(platforms)
      .set({ status: 'suspended', decisionReason: reason, decidedBy: actor.userId, decidedAt: new Date() })
      .where(and(eq(platforms.id, input.platformId), inArray(platforms.status, ['pending', 'approved', 'paused'])))
      .returning({ userId: platforms.userId });
    if (!row) return err('alreadyDecided');
    await audit(tx, actor, {
      action: 'suspend',
      objectType: 'platform',
      objectId: input.platformId,
      merchantId: row.userId,
      before: { status: before.status },
      after: { status: 'suspended', reason },
    });
    return ok();
  });
}
