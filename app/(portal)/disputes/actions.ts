'use server';

import { action } from '@/lib/actions/action';
import { answerDispute } from '@/lib/disputes';
import { answerDisputeSchema } from '@/lib/disputes/schemas';
import { withoutData } from '@/lib/result';

export const answerDisputeAction = action(
  { who: 'merchant-kyc', need: 'sell', schema: answerDisputeSchema, revalidate: (input) => `/disputes/${input.disputeId}` },
  async (actor, input, { db }) => withoutData(await answerDispute(db, actor, input)),
);
