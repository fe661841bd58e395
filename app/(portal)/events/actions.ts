'use server';

import { action } from '@/lib/actions/action';
import { revalidatedIfOk } from '@/lib/actions/revalidate';
import { deleteEvent, saveEvent } from '@/lib/events';
import { deleteEventSchema, saveEventSchema } from '@/lib/validation/messages';

/** Creates (no id) or edits (id) one of the merchant's own events. */
export const saveEventAction = action({ who: 'merchant', schema: saveEventSchema }, (actor, input, { db }) =>
  revalidatedIfOk(saveEvent(db, actor, input), '/events', '/calendar'),
);

export const deleteEventAction = action({ who: 'merchant', schema: deleteEventSchema }, (actor, input, { db }) =>
  revalidatedIfOk(deleteEvent(db, actor, input), '/events', '/calendar'),
);
