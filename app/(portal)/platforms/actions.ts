'use server';

import { revalidatePath } from 'next/cache';
import { action } from '@/lib/actions/action';
import { baseUrl } from '@/lib/http/base-url';
import { createShortLink } from '@/lib/short-links';
import { buildLinkSchema } from '@/lib/validation/payments';
import { platformRefSchema } from '@/lib/validation/platforms';
import { sendTestEvent } from '@/lib/webhooks/events';

/** "Send a test event": one signed delivery of a `test` event to the platform's own webhook, answered at once. */
export const sendTestEventAction = action({ who: 'merchant-kyc', need: 'keys', schema: platformRefSchema }, async (actor, input, { db }) => {
  const r = await sendTestEvent(db, actor, input.platformId);
  if (r.ok) revalidatePath(`/platforms/${input.platformId}`);
  return r;
});

/** A short `/s/<code>` link to the payment link the builder makes from the same input. */
export const createShortLinkAction = action({ who: 'merchant-kyc', need: 'sell', schema: buildLinkSchema }, async (actor, input, { db }) =>
  createShortLink(db, actor, input, await baseUrl()),
);
