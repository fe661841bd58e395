'use server';

import { action } from '@/lib/actions/action';
import { answerInquiry, closeInquiry } from '@/lib/support/inquiries';
import { answerInquirySchema, inquiryIdSchema } from '@/lib/support/inquiries-schema';

/** Support staff answer a payer whose merchant did not (SMS to the payer); the merchant sees it in their list. */
export const staffAnswerInquiryAction = action(
  { who: 'staff', area: 'support', schema: answerInquirySchema, revalidate: (i) => `/admin/support/inquiries/${i.id}` },
  (actor, input, { db }) => answerInquiry(db, actor, input),
);

export const staffCloseInquiryAction = action(
  { who: 'staff', area: 'support', schema: inquiryIdSchema, revalidate: (i) => `/admin/support/inquiries/${i.id}` },
  (actor, input, { db }) => closeInquiry(db, actor, input),
);
