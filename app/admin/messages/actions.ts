'use server';

import { revalidatePath } from 'next/cache';
import { getDb } from '@/db';
import { invalid, type ActionResult } from '@/lib/actions/result';
import { requireAdmin } from '@/lib/auth/session';
import { countRecipients, createBroadcast } from '@/lib/messages';
import { resolveTarget } from '@/lib/messages/compose';
import { composeSchema } from '@/lib/validation/messages';

/** How many merchants the message would reach now. */
export async function previewBroadcastAction(input: unknown): Promise<ActionResult<{ recipients: number }>> {
  await requireAdmin();
  const parsed = composeSchema.safeParse(input);
  if (!parsed.success) return invalid(parsed.error);
  const target = await resolveTarget(getDb(), parsed.data);
  if (target === 'merchantUnknown') return { ok: false, fieldErrors: { mobile: 'merchantUnknown' } };
  return { ok: true, data: { recipients: await countRecipients(getDb(), target) } };
}

/** Records the message and queues it; the worker writes the inboxes, so the page returns at once. */
export async function sendBroadcastAction(input: unknown): Promise<ActionResult<{ id: string }>> {
  const admin = await requireAdmin();
  const parsed = composeSchema.safeParse(input);
  if (!parsed.success) return invalid(parsed.error);
  const target = await resolveTarget(getDb(), parsed.data);
  if (target === 'merchantUnknown') return { ok: false, fieldErrors: { mobile: 'merchantUnknown' } };
  const v = parsed.data;
  const id = await createBroadcast(getDb(), admin.id, { title: v.title, body: v.body, link: v.link || null, sms: v.sms, target });
  revalidatePath('/admin/messages');
  return { ok: true, data: { id } };
}
