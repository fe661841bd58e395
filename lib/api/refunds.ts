import type { z } from 'zod';
import type { Db } from '@/db';
import type { ApiActor } from '@/lib/actor';
import { publicBaseUrl } from '@/lib/http/base-url';
import { createRefund, getRefund, listRefundsOfPayment, refundResource } from '@/lib/refunds';
import { ApiError } from './http';
import { getApiPayment } from './payments';
import { apiAmount, invalid, refusalError, requireIdempotencyKey, type Refusals } from './refusals';
import type { createRefundRequestSchema } from './schemas';

/**
 * The API's side of refunds: only payments of the calling platform in the key's mode (a test key
 * refunds sandbox payments, a live key live ones), and only with an Idempotency-Key, so that a
 * retried refund never gives the money back twice.
 */

const REFUSALS: Refusals = {
  refundAboveRemaining: ['refund_above_remaining', (params) => `At most ${params?.remaining ?? 0} Rials of this payment are left to refund`],
  refundInsufficientBalance: ['insufficient_balance', "The platform's pending and withdrawable balances do not cover this refund"],
  amountNotPositive: ['validation_failed', 'Some fields are not valid'],
};

const notFound = (what: string) => new ApiError(404, 'not_found', `No such ${what}`);

export function assertRefundAllowed(req: Request) {
  requireIdempotencyKey(req, 'a retried refund must not be paid twice');
}

export async function createApiRefund(db: Db, actor: ApiActor, paymentId: string, body: z.output<typeof createRefundRequestSchema>) {
  const amount = apiAmount(body.amount);
  const r = await createRefund(db, actor, { paymentId, amount, reason: body.reason });
  if (!r.ok) {
    const refused = refusalError(r, REFUSALS);
    if (refused) throw refused;
    if (r.error === 'notFound') throw notFound('payment');
    if (r.error === 'notRefundable') throw new ApiError(409, 'not_refundable', 'Only a succeeded payment can be refunded');
    if (r.error === 'disputeOpen')
      throw new ApiError(409, 'dispute_open', "The payer's bank is deciding a complaint about this payment: its decision gives the money back");
    throw invalid({ _: r.error ?? Object.values(r.fieldErrors ?? {})[0] ?? 'invalid' });
  }
  // The link is the portal's own page: its origin comes from configuration, never from the request.
  const { refund, payerLink } = r.data;
  return { ...refundResource(refund), payer_link: payerLink ? `${publicBaseUrl()}${payerLink}` : null };
}

export async function listApiRefunds(db: Db, actor: ApiActor, paymentId: string) {
  // The payment must be the key's own (platform and mode), as getPayment answers it.
  await getApiPayment(db, actor, paymentId, publicBaseUrl());
  return { data: (await listRefundsOfPayment(db, actor, paymentId)).map(refundResource) };
}

export async function getApiRefund(db: Db, actor: ApiActor, id: string) {
  const refund = await getRefund(db, actor, id);
  if (!refund) throw notFound('refund');
  // Like its payment, a refund is seen only by keys of its mode.
  if (actor.livemode !== refund.livemode) throw notFound('refund');
  return refundResource(refund);
}
