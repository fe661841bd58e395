'use server';

import { action } from '@/lib/actions/action';
import { revalidated } from '@/lib/actions/revalidate';
import { composeBroadcast, previewBroadcast } from '@/lib/messages';
import { composeSchema } from '@/lib/validation/messages';

/** How many merchants the message would reach now. */
export const previewBroadcastAction = action({ who: 'staff', area: 'messages', read: true, schema: composeSchema }, (actor, input, { db }) =>
  previewBroadcast(db, actor, input),
);

/** Records the message and queues it; the worker writes the inboxes, so the page returns at once. */
export const sendBroadcastAction = action({ who: 'staff', area: 'messages', schema: composeSchema }, (actor, input, { db }) =>
  revalidated(composeBroadcast(db, actor, input), '/admin/messages'),
);
