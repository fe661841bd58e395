'use server';

import { revalidatePath } from 'next/cache';
import { action } from '@/lib/actions/action';
import { saveAndSubmitKyc, saveKycDraft, statusOnly } from '@/lib/kyc';
import { saveDraftSchema } from '@/lib/validation/kyc';

export const saveKycDraftAction = action({ who: 'merchant', schema: saveDraftSchema }, async (actor, input, { db }) => {
  const r = await saveKycDraft(db, actor, input);
  if (r.ok) revalidatePath('/customer-info');
  return statusOnly(r);
});

/** Saves what is on screen, then sends it to review if everything is complete and valid. */
export const submitKycAction = action({ who: 'merchant', schema: saveDraftSchema }, async (actor, input, { db }) => {
  const r = await saveAndSubmitKyc(db, actor, input);
  revalidatePath('/customer-info');
  revalidatePath('/');
  return statusOnly(r);
});
