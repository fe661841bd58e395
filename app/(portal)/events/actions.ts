'use server';

import { revalidatePath } from 'next/cache';
import { getDb } from '@/db';
import { invalid, type ActionResult } from '@/lib/actions/result';
import { requireMerchant } from '@/lib/auth/session';
import { createEvent, deleteEvent, updateEvent } from '@/lib/events';
import { eventSchema } from '@/lib/validation/messages';

/** Creates (no id) or edits (id) one of the merchant's own events. */
export async function saveEventAction(id: string | null, input: unknown): Promise<ActionResult<{ id: string; date: string }>> {
  const user = await requireMerchant();
  const parsed = eventSchema.safeParse(input);
  if (!parsed.success) return invalid(parsed.error);
  const r = id ? await updateEvent(getDb(), user.id, id, parsed.data) : await createEvent(getDb(), user.id, parsed.data);
  if (!r.ok) return 'field' in r ? { ok: false, fieldErrors: { remind: r.error } } : { ok: false, error: r.error };
  revalidatePath('/events');
  revalidatePath('/calendar');
  return { ok: true, data: { id: r.event.id, date: parsed.data.date } };
}

export async function deleteEventAction(id: string): Promise<ActionResult> {
  const user = await requireMerchant();
  if (!(await deleteEvent(getDb(), user.id, id))) return { ok: false, error: 'notFound' };
  revalidatePath('/events');
  revalidatePath('/calendar');
  return { ok: true };
}
