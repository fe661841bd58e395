'use server';

import { revalidatePath } from 'next/cache';
import { redirect } from 'next/navigation';
import { z } from 'zod';
import { getDb } from '@/db';
import { requireMerchant } from '@/lib/auth/session';
import { markAllRead, updateMessages } from '@/lib/messages';

const opSchema = z.enum(['read', 'unread', 'archive', 'unarchive', 'allRead']);

/**
 * The inbox's buttons (plain forms, so they work before scripts load): the operation is the
 * pressed button's value, the messages the ticked boxes. Only the merchant's own are touched.
 */
export async function inboxAction(formData: FormData): Promise<void> {
  const user = await requireMerchant();
  const op = opSchema.safeParse(formData.get('op'));
  if (!op.success) return;
  const ids = formData.getAll('id').filter((v): v is string => typeof v === 'string');
  if (op.data === 'allRead') await markAllRead(getDb(), user.id);
  else await updateMessages(getDb(), user.id, ids, op.data);
  revalidatePath('/', 'layout');
  const back = formData.get('back');
  // Only back to an inbox page of our own.
  if (typeof back === 'string' && /^\/messages(\/[0-9a-f-]{36})?(\?[\w=&%.+-]*)?$/.test(back)) redirect(back);
}
