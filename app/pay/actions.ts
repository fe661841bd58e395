'use server';

import { action } from '@/lib/actions/action';
import { publicBaseUrl } from '@/lib/http/base-url';
import { payByOneOffLink } from '@/lib/payments/one-off-links';
import { payByLink } from '@/lib/payments/pay-by-link';
import { submitRefundAccount } from '@/lib/refunds';
import { refundAccountSchema } from '@/lib/refunds/schemas';
import { payByLinkSchema, payByOneOffSchema } from '@/lib/validation/payments';

/** The payer's submit on /pay/<handle>; everything is re-checked on the server. */
export const payByLinkAction = action({ who: 'public', schema: payByLinkSchema }, (_, input, { db, ip }) =>
  payByLink(db, input, { baseUrl: publicBaseUrl(), ip }),
);

export const payByOneOffAction = action({ who: 'public', schema: payByOneOffSchema }, (_, input, { db, ip }) =>
  payByOneOffLink(db, input, { baseUrl: publicBaseUrl(), ip }),
);

/** The payer names the account for a refund, from the signed single-use link texted to them. */
export const submitRefundAccountAction = action({ who: 'public', schema: refundAccountSchema }, (_, input, { db }) => submitRefundAccount(db, input));
