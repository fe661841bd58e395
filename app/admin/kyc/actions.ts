'use server';

import { revalidatePath } from 'next/cache';
import { action } from '@/lib/actions/action';
import { decideKyc, statusOnly } from '@/lib/kyc';
import { decideKycSchema } from '@/lib/validation/kyc';

export const decideKycAction = action({ who: 'staff', schema: decideKycSchema }, async (actor, input, { db }) => {
  const r = await decideKyc(db, actor, input);
  revalidatePath('/admin/kyc');
  revalidatePath(`/admin/kyc/${input.profileId}`);
  return statusOnly(r);
});
