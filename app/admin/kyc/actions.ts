'use server';

import { z } from 'zod';
import { action } from '@/lib/actions/action';
import { revalidated } from '@/lib/actions/revalidate';
import { nextKycToReview } from '@/lib/admin/kyc-queue';
import { decideKyc, reinstateKyc, statusOnly, suspendKyc } from '@/lib/kyc';
import { ok } from '@/lib/result';
import { decideKycSchema, suspendKycSchema } from '@/lib/validation/kyc';

// An approval asks for a fresh authenticator code (`stepUp`); a rejection does not.
export const decideKycAction = action(
  { who: 'staff', area: 'kyc', schema: decideKycSchema, stepUp: (input) => input.decision === 'approve' },
  async (actor, input, { db }) => statusOnly(await revalidated(decideKyc(db, actor, input), '/admin/kyc', `/admin/kyc/${input.profileId}`)),
);

/** The next profile waiting for review, after the one just decided ("approve and open the next"). */
export const nextKycAction = action({ who: 'staff', area: 'kyc', read: true, schema: z.object({ after: z.uuid('notFound') }) }, async (actor, input, { db }) =>
  ok({ id: await nextKycToReview(db, actor, input.after) }),
);

/** Suspend an approved business, or lift its suspension (lib/kyc says what stops and comes back). */
export const suspendKycAction = action({ who: 'staff', area: 'kyc', schema: suspendKycSchema }, async (actor, input, { db }) =>
  statusOnly(
    await revalidated(
      input.action === 'suspend' ? suspendKyc(db, actor, { profileId: input.profileId, reason: input.reason }) : reinstateKyc(db, actor, input),
      '/admin/kyc',
      `/admin/kyc/${input.profileId}`,
    ),
  ),
);
