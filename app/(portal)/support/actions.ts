'use server';

import { action } from '@/lib/actions/action';
import { openTicket, postMessage, rateTicket, resolveTicket } from '@/lib/support';
import { openTicketSchema, rateSchema, replySchema, ticketIdSchema } from '@/lib/support/schemas';
import { withoutData } from '@/lib/result';

/** Every member may ask support (`payments`, which every role holds); lib checks the business on every ticket. */
export const openTicketAction = action({ who: 'merchant', need: 'payments', schema: openTicketSchema, revalidate: '/support' }, async (actor, input, { db }) =>
  openTicket(db, actor, input),
);

export const replyTicketAction = action(
  { who: 'merchant', need: 'payments', schema: replySchema, revalidate: (input) => `/support/${input.ticketId}` },
  // A merchant never writes an internal note, whatever the form sent.
  async (actor, input, { db }) => withoutData(await postMessage(db, actor, { ...input, internal: false })),
);

export const resolveTicketAction = action(
  { who: 'merchant', need: 'payments', schema: ticketIdSchema, revalidate: (input) => `/support/${input.ticketId}` },
  async (actor, input, { db }) => withoutData(await resolveTicket(db, actor, input.ticketId)),
);

export const rateTicketAction = action(
  { who: 'merchant', need: 'payments', schema: rateSchema, revalidate: (input) => `/support/${input.ticketId}` },
  async (actor, input, { db }) => withoutData(await rateTicket(db, actor, input)),
);
