'use server';

import { revalidatePath } from 'next/cache';
import { action } from '@/lib/actions/action';
import { answerDispute } from '@/lib/disputes';
import { answerDisputeSchema } from '@/lib/disputes/schemas';
import { ok } from '@/lib/result';

export const answerDisputeAction = action({ who: 'merchant-kyc', schema: answerDisputeSchema }, async (actor, input, { db }) => {
  const r = await answerDispute(db, actor, input);
  if (r.ok) revalidatePath(`/disputes/${input.disputeId}`);
  return r.ok ? ok() : r;
});
