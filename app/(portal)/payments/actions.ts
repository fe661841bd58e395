'use server';

import { revalidatePath } from 'next/cache';
import { z } from 'zod';
import { getDb } from '@/db';
import type { ActionResult } from '@/lib/actions/result';
import { requireMerchantWithKyc } from '@/lib/auth/approved';
import { baseUrl } from '@/lib/http/base-url';
import { buildLink, decideSlip, saveLinkSettings } from '@/lib/payments/links';
import { resendEvent } from '@/lib/webhooks/events';
import { CONTROL_CHARS, multiLine, singleLine } from '@/lib/validation/text';

const id = z.uuid();

async function merchant() {
  const { user, approved } = await requireMerchantWithKyc();
  return approved ? user : null;
}

export async function saveLinkSettingsAction(platformId: string, input: unknown): Promise<ActionResult> {
  const user = await merchant();
  if (!user || !id.safeParse(platformId).success) return { ok: false, error: 'notFound' };
  const r = await saveLinkSettings(getDb(), user.id, platformId, input);
  if (!r.ok) return r.error === 'invalid' ? { ok: false, fieldErrors: r.fieldErrors } : { ok: false, error: r.error };
  revalidatePath(`/platforms/${platformId}`);
  return { ok: true };
}

const builderSchema = z.object({
  amount: z.string().refine(singleLine, CONTROL_CHARS).max(40).optional(),
  name: z.string().refine(singleLine, CONTROL_CHARS).max(120).optional(),
  description: z.string().refine(multiLine, CONTROL_CHARS).max(500).optional(),
  sign: z.boolean(),
});

export async function buildLinkAction(platformId: string, input: unknown): Promise<ActionResult<{ url: string }>> {
  const user = await merchant();
  const parsed = builderSchema.safeParse(input);
  if (!user || !id.safeParse(platformId).success || !parsed.success) return { ok: false, error: 'notFound' };
  const url = await buildLink(getDb(), user.id, platformId, parsed.data, await baseUrl());
  return url ? { ok: true, data: { url } } : { ok: false, error: 'notFound' };
}

export async function decideSlipAction(input: unknown): Promise<ActionResult> {
  const user = await merchant();
  if (!user) return { ok: false, error: 'notFound' };
  const r = await decideSlip(getDb(), { userId: user.id }, input);
  if (!r.ok) return r.error === 'invalid' ? { ok: false, fieldErrors: r.fieldErrors } : { ok: false, error: r.error };
  revalidatePath('/payments/links');
  return { ok: true };
}

export async function resendWebhookAction(eventId: string, platformId: string): Promise<ActionResult> {
  const user = await merchant();
  if (!user || typeof eventId !== 'string') return { ok: false, error: 'notFound' };
  const ok = await resendEvent(getDb(), user.id, eventId);
  if (ok && id.safeParse(platformId).success) revalidatePath(`/platforms/${platformId}`);
  return ok ? { ok: true } : { ok: false, error: 'notFound' };
}
