'use server';

import { action } from '@/lib/actions/action';
import { assignTicket, postMessage, resolveTicket, takeTicket } from '@/lib/support';
import { removeCannedAnswer, saveCannedAnswer } from '@/lib/support/canned';
import { assignSchema, cannedAnswerSchema, removeCannedSchema, replySchema, ticketIdSchema } from '@/lib/support/schemas';
import { withoutData } from '@/lib/result';

const at = (input: { ticketId: string }) => `/admin/support/${input.ticketId}`;

export const staffReplyAction = action({ who: 'staff', area: 'support', schema: replySchema, revalidate: at }, async (actor, input, { db }) =>
  withoutData(await postMessage(db, actor, input)),
);

export const takeTicketAction = action({ who: 'staff', area: 'support', schema: ticketIdSchema, revalidate: at }, async (actor, input, { db }) =>
  withoutData(await takeTicket(db, actor, input.ticketId)),
);

export const assignTicketAction = action({ who: 'staff', area: 'support', schema: assignSchema, revalidate: at }, async (actor, input, { db }) =>
  withoutData(await assignTicket(db, actor, input)),
);

export const staffResolveAction = action({ who: 'staff', area: 'support', schema: ticketIdSchema, revalidate: at }, async (actor, input, { db }) =>
  withoutData(await resolveTicket(db, actor, input.ticketId)),
);

export const saveCannedAction = action(
  { who: 'staff', area: 'support', schema: cannedAnswerSchema, revalidate: '/admin/support/canned' },
  async (actor, input, { db }) => withoutData(await saveCannedAnswer(db, actor, input)),
);

export const removeCannedAction = action(
  { who: 'staff', area: 'support', schema: removeCannedSchema, revalidate: '/admin/support/canned' },
  async (actor, input, { db }) => removeCannedAnswer(db, actor, input.id),
);
