'use server';

import { action } from '@/lib/actions/action';
import { revalidated } from '@/lib/actions/revalidate';
import { saveAndSubmitKyc, saveKycDraft, statusOnly } from '@/lib/kyc';
import { saveDraftSchema } from '@/lib/validation/kyc';

export const saveKycDraftAction = action(
  { who: 'merchant', need: 'kyc', schema: saveDraftSchema, revalidate: '/customer-info' },
  async (actor, input, { db }) => statusOnly(await saveKycDraft(db, actor, input)),
);

/** Saves what is on screen, then sends it to review if everything is complete and valid. */
export const submitKycAction = action({ who: 'merchant', need: 'kyc', schema: saveDraftSchema }, async (actor, input, { db }) =>
  statusOnly(await revalidated(saveAndSubmitKyc(db, actor, input), '/customer-info', '/')),
);
