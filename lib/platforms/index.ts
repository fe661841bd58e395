import { and, desc, eq, gt, inArray, isNull, or, sql } from 'drizzle-orm';
import type { Db } from '@/db';
import { apiKeys, auditLog, merchantServices, platforms, users, type Platform } from '@/db/schema';
import { createApiKey } from '@/lib/api-keys';
import { getKycProfile, isKycApproved } from '@/lib/kyc';
import { hasAcceptedCurrentTerms } from '@/lib/services';
import { notify } from '@/lib/messages';
import { enqueueSms, recordSms } from '@/lib/sms';
import { smsText } from '@/lib/sms/texts';
import { platformInputSchema } from '@/lib/validation/platforms';
import { isUuid } from '@/lib/validation/ids';

type Fail<E extends string, X = object> = { ok: false; error: E } & X;

export type AddPlatformResult =
  | { ok: true; platform: Platform; sandboxKey: string }
  | Fail<'invalid', { fieldErrors: Record<string, string> }>
  | Fail<'kycNotApproved' | 'notFound' | 'termsNotAccepted'>;

/**
 * A confirmed sales platform: pending staff approval for live use, with a sandbox key at once
 * (returned here in full, the only time it is ever shown).
 */
export async function addPlatform(db: Db, userId: string, merchantServiceId: string, input: unknown): Promise<AddPlatformResult> {
  const parsed = platformInputSchema.safeParse(input);
  if (!parsed.success) {
    const fieldErrors: Record<string, string> = {};
    for (const i of parsed.error.issues) fieldErrors[i.path.join('.')] ??= i.message;
    return { ok: false, error: 'invalid', fieldErrors };
  }
  if (!isKycApproved(await getKycProfile(db, userId))) return { ok: false, error: 'kycNotApproved' };
  if (!isUuid(merchantServiceId)) return { ok: false, error: 'notFound' };
  const [ms] = await db
    .select()
    .from(merchantServices)
    .where(and(eq(merchantServices.id, merchantServiceId), eq(merchantServices.userId, userId)));
  if (!ms) return { ok: false, error: 'notFound' };
  if (!(await hasAcceptedCurrentTerms(db, userId, ms.serviceId))) return { ok: false, error: 'termsNotAccepted' };
  return db.transaction(async (tx) => {
    const [platform] = await tx
      .insert(platforms)
      .values({ userId, merchantServiceId, ...parsed.data })
      .returning();
    await tx
      .update(merchantServices)
      .set({ status: 'active' })
      .where(and(eq(merchantServices.id, ms.id), eq(merchantServices.status, 'requested')));
    await tx.insert(auditLog).values({ entity: 'platform', entityId: platform.id, actorId: userId, action: 'create', toState: 'pending' });
    const { key } = await createApiKey(tx, platform.id, 'test');
    return { ok: true, platform, sandboxKey: key } as const;
  });
}

export async function listPlatforms(db: Db, userId: string) {
  return db.select().from(platforms).where(eq(platforms.userId, userId)).orderBy(platforms.createdAt);
}

/** One of the caller's platforms, or null (another merchant's id is simply not found). */
export async function getOwnPlatform(db: Db, userId: string, platformId: string): Promise<Platform | null> {
  if (!isUuid(platformId)) return null;
  const [p] = await db
    .select()
    .from(platforms)
    .where(and(eq(platforms.id, platformId), eq(platforms.userId, userId)));
  return p ?? null;
}

export type DecidePlatformResult = { ok: true; platform: Platform } | Fail<'alreadyDecided' | 'reasonRequired' | 'notFound'>;

/**
 * Staff approve or reject (with a reason); the merchant is texted. The live key is made when the
 * merchant asks for it (`issueLiveKey`), so that only the merchant ever sees it in full.
 */
export async function decidePlatform(db: Db, adminId: string, platformId: string, input: { approve: boolean; reason?: string }): Promise<DecidePlatformResult> {
  if (!isUuid(platformId)) return { ok: false, error: 'notFound' };
  const reason = input.reason?.trim().slice(0, 1000) || null;
  if (!input.approve && !reason) return { ok: false, error: 'reasonRequired' };
  const result = await db.transaction(async (tx) => {
    const [platform] = await tx
      .update(platforms)
      .set({ status: input.approve ? 'approved' : 'rejected', decidedAt: new Date(), decidedBy: adminId, decisionReason: reason })
      .where(and(eq(platforms.id, platformId), eq(platforms.status, 'pending')))
      .returning();
    if (!platform) return null;
    await tx.insert(auditLog).values({
      entity: 'platform',
      entityId: platform.id,
      actorId: adminId,
      action: input.approve ? 'approve' : 'reject',
      fromState: 'pending',
      toState: platform.status,
      reason,
    });
    const [owner] = await tx.select({ mobile: users.mobile }).from(users).where(eq(users.id, platform.userId));
    const smsId = await recordSms(tx, {
      mobile: owner.mobile,
      body: smsText(input.approve ? 'platformApproved' : 'platformRejected', { name: platform.name }),
    });
    await notify(tx, {
      userId: platform.userId,
      category: 'platform',
      template: input.approve ? 'platformApproved' : 'platformRejected',
      params: { name: platform.name, reason: reason ?? '' },
      link: `/platforms/${platform.id}`,
    });
    return { platform, smsId };
  });
  if (!result) {
    const [exists] = await db.select({ id: platforms.id }).from(platforms).where(eq(platforms.id, platformId));
    return { ok: false, error: exists ? 'alreadyDecided' : 'notFound' };
  }
  await enqueueSms(result.smsId);
  return { ok: true, platform: result.platform };
}

export type IssueKeyResult = { ok: true; key: string } | Fail<'notFound' | 'notApproved' | 'exists'>;

/** The live key of an approved platform, shown this once; one active live key at a time (roll it to replace it). */
export async function issueLiveKey(db: Db, userId: string, platformId: string): Promise<IssueKeyResult> {
  const platform = await getOwnPlatform(db, userId, platformId);
  if (!platform) return { ok: false, error: 'notFound' };
  if (platform.status !== 'approved') return { ok: false, error: 'notApproved' };
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
    if (active.length) return { ok: false, error: 'exists' } as const;
    const { key } = await createApiKey(tx, platform.id, 'live');
    return { ok: true, key } as const;
  });
}

export async function listPlatformKeys(db: Db, userId: string, platformId: string) {
  const platform = await getOwnPlatform(db, userId, platformId);
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
export async function setPlatformPaused(db: Db, userId: string, platformId: string, paused: boolean): Promise<boolean> {
  if (!isUuid(platformId)) return false;
  const rows = paused
    ? await db
        .update(platforms)
        .set({ status: 'paused', statusBeforePause: sql`${platforms.status}` })
        .where(and(eq(platforms.id, platformId), eq(platforms.userId, userId), inArray(platforms.status, ['pending', 'approved'])))
        .returning({ id: platforms.id })
    : await db
        .update(platforms)
        .set({ status: sql`coalesce(${platforms.statusBeforePause}, 'pending')`, statusBeforePause: null })
        .where(and(eq(platforms.id, platformId), eq(platforms.userId, userId), eq(platforms.status, 'paused')))
        .returning({ id: platforms.id });
  if (rows.length) await db.insert(auditLog).values({ entity: 'platform', entityId: platformId, actorId: userId, action: paused ? 'pause' : 'resume' });
  return rows.length === 1;
}

/** Staff suspend any platform that is not already suspended; its keys stop at once. */
export async function suspendPlatform(db: Db, adminId: string, platformId: string, reason: string): Promise<boolean> {
  if (!isUuid(platformId) || !reason.trim()) return false;
  const rows = await db
    .update(platforms)
    .set({ status: 'suspended', decisionReason: reason.trim().slice(0, 1000), decidedBy: adminId, decidedAt: new Date() })
    .where(and(eq(platforms.id, platformId), inArray(platforms.status, ['pending', 'approved', 'paused'])))
    .returning({ id: platforms.id });
  if (rows.length)
    await db.insert(auditLog).values({ entity: 'platform', entityId: platformId, actorId: adminId, action: 'suspend', toState: 'suspended', reason });
  return rows.length === 1;
}
