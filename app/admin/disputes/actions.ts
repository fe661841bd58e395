'use server';

import { revalidatePath } from 'next/cache';
import { action } from '@/lib/actions/action';
import { deadlineIn, decideDispute, openDispute, paymentIdByTrackingCode } from '@/lib/disputes';
import { decideDisputeSchema, openDisputeSchema } from '@/lib/disputes/schemas';
import { staffRefundLink } from '@/lib/refunds';
import { refundIdSchema } from '@/lib/refunds/schemas';
import { fieldErr, ok, withoutData } from '@/lib/result';

export const openDisputeAction = action({ who: 'staff', area: 'disputes', schema: openDisputeSchema }, async (actor, input, { db }) => {
  const paymentId = await paymentIdByTrackingCode(db, actor, input.trackingCode);
  if (!paymentId) return fieldErr({ trackingCode: 'paymentNotFound' });
  const r = await openDispute(db, actor, {
    paymentId,
    amount: input.amount,
    reason: input.reason,
    bankReference: input.bankReference,
    deadline: deadlineIn(input.days),
  });
  if (!r.ok) return r.error === 'notDisputable' || r.error === 'disputeOpen' || r.error === 'notFound' ? fieldErr({ trackingCode: r.error }) : r;
  revalidatePath('/admin/disputes');
  return ok({ id: r.data.id });
});

export const decideDisputeAction = action(
  { who: 'staff', area: 'disputes', schema: decideDisputeSchema, revalidate: (input) => `/admin/disputes/${input.disputeId}` },
  async (actor, input, { db }) => withoutData(await decideDispute(db, actor, input)),
);

export const staffRefundLinkAction = action({ who: 'staff', area: 'disputes', schema: refundIdSchema }, (actor, input, { db }) =>
  staffRefundLink(db, actor, input),
);
