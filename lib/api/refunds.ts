import type { z } from 'zod';
import { getDb, type Db } from '@/db';
import { currentCommitScope, replaceAnswer } from '@/db/after-commit';
import type { Refund } from '@/db/schema';
import type { ApiActor } from '@/lib/actor';
import { publicBaseUrl } from '@/lib/http/base-url';
import { createRefund, getRefund, listRefundsOfPayment, refundResource } from '@/lib/refunds';
import { ApiError } from './http';
import { getApiPayment } from './payments';
import { apiAmount, invalid, refusalError, requireIdempotencyKey, type Refusals } from './refusals';
import type { createRefundRequestSchema } from './schemas';
import { turkeyDayNumber } from '@/lib/gateways/nkolay';
import { reversalForApi, reversalResource, reversalsOf, reverseVposPayment } from '@/lib/vpos/payments';

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

/**
 * A lira payment (virtual POS) is reversed at N Kolay: a cancel on the sale's Turkish day (in full
 * only), a refund from the next day (in full or in part). Dargah holds no lira, so nothing is taken
 * from the platform's balances; the bank's answer is the refund's state.
 */
async function createApiVposRefund(db: Db, actor: ApiActor, paymentId: string, amount: bigint, reason: string) {
  const p = await getApiPayment(db, actor, paymentId, publicBaseUrl());
  const left = BigInt(p.amount) - (await refundedOf(db, paymentId));
  const sameDay = turkeyDayNumber(new Date(p.created_at)) === turkeyDayNumber(new Date());
  if (sameDay && amount !== BigInt(p.amount)) {
    throw new ApiError(409, 'cancel_in_full_only', 'On the day of the sale N Kolay cancels a payment in full only; refund part of it from the next day');
  }
  const scope = currentCommitScope();
  // N Kolay is asked after the request's commit; the reversal as it then stands is the one the caller gets.
  const sent = async (o: { id: string }) => {
    const [rev] = (await reversalsOf(getDb(), paymentId)).filter((x) => x.id === o.id);
    if (scope && rev) replaceAnswer(scope, { ...reversalResource(rev), payer_link: null });
  };
  const r = await reverseVposPayment(db, actor, { paymentId, kind: sameDay ? 'cancel' : 'refund', amount, reason }, new Date(), { sent });
  if (!r.ok) {
    if (r.error === 'notFound') throw notFound('payment');
    if (r.error === 'vposNotPaid') throw new ApiError(409, 'not_refundable', 'Only a succeeded payment can be refunded');
    if (r.error === 'vposCancelAfterRefund') throw new ApiError(409, 'not_refundable', 'Part of this payment was refunded already: refund the rest');
    if (r.fieldErrors?.amount)
      throw new ApiError(409, 'refund_above_remaining', `At most ${left} kuruş of this payment are left to refund`, { remaining: left.toString() });
    throw invalid({ _: r.error ?? 'invalid' });
  }
  const [rev] = (await reversalsOf(db, paymentId)).filter((x) => x.id === r.data.id);
  return { ...reversalResource(rev), payer_link: null };
}

async function refundedOf(db: Db, paymentId: string): Promise<bigint> {
  return (await reversalsOf(db, paymentId)).filter((r) => r.state !== 'failed').reduce((a, r) => a + r.amount, 0n);
}

export async function createApiRefund(db: Db, actor: ApiActor, paymentId: string, body: z.output<typeof createRefundRequestSchema>) {
  const amount = apiAmount(body.amount);
  if (await isLiraPayment(db, actor, paymentId)) return createApiVposRefund(db, actor, paymentId, amount, body.reason);
  const scope = currentCommitScope();
  const answer = ({ refund, payerLink }: { refund: Refund; payerLink: string | null }) => ({
    ...refundResource(refund),
    payer_link: payerLink ? `${publicBaseUrl()}${payerLink}` : null,
  });
  // The bank is asked after the request's commit; its answer (a refund succeeded or refused) is the one the caller gets.
  const r = await createRefund(db, actor, { paymentId, amount, reason: body.reason }, { processed: (x) => scope && replaceAnswer(scope, answer(x)) });
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
  return answer(r.data);
}

export async function listApiRefunds(db: Db, actor: ApiActor, paymentId: string) {
  // The payment must be the key's own (platform and mode), as getPayment answers it.
  const p = await getApiPayment(db, actor, paymentId, publicBaseUrl());
  if (p.currency === 'TRY') return { data: (await reversalsOf(db, paymentId)).map(reversalResource) };
  return { data: (await listRefundsOfPayment(db, actor, paymentId)).map(refundResource) };
}

async function isLiraPayment(db: Db, actor: ApiActor, paymentId: string): Promise<boolean> {
  const p = await getApiPayment(db, actor, paymentId, publicBaseUrl()).catch(() => null);
  return p?.currency === 'TRY';
}

export async function getApiRefund(db: Db, actor: ApiActor, id: string) {
  const refund = await getRefund(db, actor, id);
  if (!refund) {
    const reversal = await reversalForApi(db, actor, id);
    if (reversal) return reversalResource(reversal);
    throw notFound('refund');
  }
  // Like its payment, a refund is seen only by keys of its mode.
  if (actor.livemode !== refund.livemode) throw notFound('refund');
  return refundResource(refund);
}
