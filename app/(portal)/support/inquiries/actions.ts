'use server';

import { action } from '@/lib/actions/action';
import { answerInquiry, closeInquiry } from '@/lib/support/inquiries';
import { answerInquirySchema, inquiryIdSchema } from '@/lib/support/inquiries-schema';

/** A member who may read payments answers a payer's inquiry of the business (SMS to the payer). */
export const answerInquiryAction = action(
  { who: 'merchant', need: 'payments', schema: answerInquirySchema, revalidate: (i) => `/support/inquiries/${i.id}` },
  (actor, input, { db }) => answerInquiry(db, actor, input),
);

export const closeInquiryAction = action(
  { who: 'merchant', need: 'payments', schema: inquiryIdSchema, revalidate: (i) => `/support/inquiries/${i.id}` },
  (actor, input, { db }) => closeInquiry(db, actor, input),
);
