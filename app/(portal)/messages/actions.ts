'use server';

import { revalidatePath } from 'next/cache';
import { redirect } from 'next/navigation';
import { action } from '@/lib/actions/action';
import { applyInboxOp } from '@/lib/messages';
import { inboxOpSchema } from '@/lib/validation/messages';

/**
 * The inbox's buttons (plain forms, so they work before scripts load): the operation is the
 * pressed button's value, the messages the ticked boxes. Only the merchant's own are touched.
 */
export const inboxAction = action({ who: 'merchant', schema: inboxOpSchema }, async (actor, input, { db }) => {
  const r = await applyInboxOp(db, actor, input);
  revalidatePath('/', 'layout');
  if (input.back) redirect(input.back);
  return r;
});
