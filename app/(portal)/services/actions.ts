'use server';

import { revalidatePath } from 'next/cache';
import { headers } from 'next/headers';
import { redirect } from 'next/navigation';
import { z } from 'zod';
import { getDb } from '@/db';
import { MAX_GRACE_SECONDS, revokeApiKey, rollApiKey, setIpAllowList } from '@/lib/api-keys';
import { clientIp } from '@/lib/auth/request';
import { requireMerchant } from '@/lib/auth/session';
import { addPlatform, issueLiveKey, setPlatformPaused } from '@/lib/platforms';
import { acceptTermsAndRequest } from '@/lib/services';
import { setWebhookEndpoint } from '@/lib/webhooks/endpoints';
import type { ActionResult } from '@/lib/actions/result';

const id = z.uuid();

export async function requestServiceAction(input: unknown): Promise<ActionResult> {
  const user = await requireMerchant();
  const parsed = z.object({ serviceId: z.string().max(32), termsVersion: z.number().int().positive() }).safeParse(input);
  if (!parsed.success) return { ok: false, error: 'invalid' };
  const r = await acceptTermsAndRequest(getDb(), user.id, { ...parsed.data, ip: clientIp(await headers()) });
  if (!r.ok) return { ok: false, error: r.error };
  revalidatePath('/services');
  redirect(`/services/${r.merchantServiceId}`);
}

export async function addPlatformAction(merchantServiceId: string, input: unknown): Promise<ActionResult<{ platformId: string; sandboxKey: string }>> {
  const user = await requireMerchant();
  if (!id.safeParse(merchantServiceId).success) return { ok: false, error: 'notFound' };
  const r = await addPlatform(getDb(), user.id, merchantServiceId, input);
  if (!r.ok) return r.error === 'invalid' ? { ok: false, fieldErrors: r.fieldErrors } : { ok: false, error: r.error };
  revalidatePath(`/services/${merchantServiceId}`);
  return { ok: true, data: { platformId: r.platform.id, sandboxKey: r.sandboxKey } };
}

export async function issueLiveKeyAction(platformId: string): Promise<ActionResult<{ key: string }>> {
  const user = await requireMerchant();
  if (!id.safeParse(platformId).success) return { ok: false, error: 'notFound' };
  const r = await issueLiveKey(getDb(), user.id, platformId);
  revalidatePath(`/platforms/${platformId}`);
  return r.ok ? { ok: true, data: { key: r.key } } : { ok: false, error: r.error };
}

export async function rollKeyAction(platformId: string, keyId: string, graceSeconds: number): Promise<ActionResult<{ key: string }>> {
  const user = await requireMerchant();
  if (!id.safeParse(keyId).success || !Number.isInteger(graceSeconds) || graceSeconds < 0 || graceSeconds > MAX_GRACE_SECONDS)
    return { ok: false, error: 'invalid' };
  const r = await rollApiKey(getDb(), user.id, keyId, graceSeconds);
  revalidatePath(`/platforms/${platformId}`);
  return r.ok ? { ok: true, data: { key: r.key } } : { ok: false, error: r.error === 'revoked' ? 'keyInactive' : r.error };
}

export async function revokeKeyAction(platformId: string, keyId: string): Promise<ActionResult> {
  const user = await requireMerchant();
  if (!id.safeParse(keyId).success) return { ok: false, error: 'invalid' };
  const ok = await revokeApiKey(getDb(), user.id, keyId);
  revalidatePath(`/platforms/${platformId}`);
  return ok ? { ok: true } : { ok: false, error: 'notFound' };
}

export async function setIpAllowListAction(platformId: string, keyId: string, text: string): Promise<ActionResult> {
  const user = await requireMerchant();
  if (!id.safeParse(keyId).success || typeof text !== 'string' || text.length > 2000) return { ok: false, error: 'invalid' };
  const r = await setIpAllowList(getDb(), user.id, keyId, text.split(/[\s,]+/));
  revalidatePath(`/platforms/${platformId}`);
  return r.ok ? { ok: true } : { ok: false, error: r.error };
}

export async function setPausedAction(platformId: string, paused: boolean): Promise<ActionResult> {
  const user = await requireMerchant();
  if (!id.safeParse(platformId).success) return { ok: false, error: 'invalid' };
  const ok = await setPlatformPaused(getDb(), user.id, platformId, paused === true);
  revalidatePath(`/platforms/${platformId}`);
  return ok ? { ok: true } : { ok: false, error: 'notAllowed' };
}

export async function setWebhookAction(platformId: string, url: string, rollSecret: boolean): Promise<ActionResult<{ secret: string | null }>> {
  const user = await requireMerchant();
  if (!id.safeParse(platformId).success || typeof url !== 'string' || url.length > 300) return { ok: false, error: 'invalid' };
  const r = await setWebhookEndpoint(getDb(), user.id, platformId, { url, rollSecret: rollSecret === true });
  revalidatePath(`/platforms/${platformId}`);
  return r.ok
    ? { ok: true, data: { secret: r.secret } }
    : { ok: false, fieldErrors: r.error === 'urlInvalid' ? { url: 'urlInvalid' } : undefined, error: r.error === 'notFound' ? 'notFound' : undefined };
}
