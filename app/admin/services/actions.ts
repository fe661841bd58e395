'use server';

import { revalidatePath } from 'next/cache';
import { action } from '@/lib/actions/action';
import { setFeeRule } from '@/lib/payments/fees';
import { publishTerms, updateService } from '@/lib/services';
import { publishServiceTermsSchema, setFeeSchema, updateServiceSchema } from '@/lib/services/schemas';

export const updateServiceAction = action({ who: 'staff', schema: updateServiceSchema }, async (actor, input, { db }) => {
  const r = await updateService(db, actor, input);
  revalidatePath('/admin/services');
  return r;
});

export const publishTermsAction = action({ who: 'staff', schema: publishServiceTermsSchema }, async (actor, input, { db }) => {
  const r = await publishTerms(db, actor, input);
  revalidatePath('/admin/services');
  return r;
});

export const setFeeAction = action({ who: 'staff', schema: setFeeSchema }, async (actor, input, { db }) => {
  const r = await setFeeRule(db, actor, input);
  revalidatePath('/admin/services');
  return r;
});
