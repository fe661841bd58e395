'use server';

import { revalidatePath } from 'next/cache';
import { action } from '@/lib/actions/action';
import { deleteEvent, saveEvent } from '@/lib/events';
import { deleteEventSchema, saveEventSchema } from '@/lib/validation/messages';

function revalidateEvents() {
  revalidatePath('/events');
  revalidatePath('/calendar');
}

/** Creates (no id) or edits (id) one of the merchant's own events. */
export const saveEventAction = action({ who: 'merchant', schema: saveEventSchema }, async (actor, input, { db }) => {
  const r = await saveEvent(db, actor, input);
  if (r.ok) revalidateEvents();
  return r;
});

export const deleteEventAction = action({ who: 'merchant', schema: deleteEventSchema }, async (actor, input, { db }) => {
  const r = await deleteEvent(db, actor, input);
  if (r.ok) revalidateEvents();
  return r;
});
