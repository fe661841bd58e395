'use server';

import { action } from '@/lib/actions/action';
import { revalidated } from '@/lib/actions/revalidate';
import { decideKyc, statusOnly } from '@/lib/kyc';
import { decideKycSchema } from '@/lib/validation/kyc';

export const decideKycAction = action({ who: 'staff', schema: decideKycSchema }, async (actor, input, { db }) =>
  statusOnly(await revalidated(decideKyc(db, actor, input), '/admin/kyc', `/admin/kyc/${input.profileId}`)),
);
