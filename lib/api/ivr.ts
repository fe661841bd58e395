import type { Db } from '@/db';
import type { ApiActor } from '@/lib/actor';
import { createIvrInvoice, invoiceByCode, ivrPlatformOf, type IvrInvoiceView } from '@/lib/ivr';
import type { CreateIvrInvoiceRequest } from '@/lib/ivr/schemas';
import { ApiError } from './http';
import type { IvrInvoiceResponse } from './schemas';

/**
 * The API's side of phone payments: invoices of the calling platform (a platform of the IVR
 * service) in the key's mode, in Dargah's own JSON convention; `paystarResult` answers the same
 * invoice in PayStar's get-transaction-result shape for integrators coming from PayStar.
 */

/** The answer of createIvrInvoice and getIvrInvoice; typed by the document's schema, so the two cannot drift apart. */
export function ivrInvoiceResource(v: IvrInvoiceView): IvrInvoiceResponse {
  const { invoice, payment } = v;
  return {
    id: invoice.id,
    tracking_code: invoice.trackingCode,
    order_id: invoice.orderId,
    mode: invoice.mode,
    amount: invoice.amount.toString(),
    currency: invoice.currency,
    state: v.state,
    customer_name: invoice.customerName,
    email: invoice.email,
    phone: invoice.phone,
    caller_number: invoice.callerNumber,
    lookups: invoice.lookups,
    failed_payments: invoice.failedPayments,
    livemode: invoice.livemode,
    expires_at: invoice.expiresAt.toISOString(),
    created_at: invoice.createdAt.toISOString(),
    payment: payment
      ? {
          id: payment.id,
          tracking_code: payment.trackingCode,
          state: payment.state,
          bank_ref: payment.gatewayRef,
          card_masked: payment.cardMasked,
          paid_at: payment.state === 'succeeded' ? (payment.completedAt?.toISOString() ?? null) : null,
          failure_reason: payment.failureReason,
        }
      : null,
  };
}

async function requireIvrPlatform(db: Db, actor: ApiActor) {
  const platform = await ivrPlatformOf(db, actor, actor.platformId);
  if (!platform) throw new ApiError(403, 'service_not_enabled', 'Phone payments need a platform of the IVR service');
  return platform;
}

export async function createApiIvrInvoice(db: Db, actor: ApiActor, body: CreateIvrInvoiceRequest) {
  await requireIvrPlatform(db, actor);
  const r = await createIvrInvoice(db, actor, {
    platformId: actor.platformId,
    amount: body.amount,
    orderId: body.order_id,
    customerName: body.customer_name,
    email: body.email,
    phone: body.phone,
  });
  if (!r.ok) {
    if (r.error === 'duplicateOrder')
      throw new ApiError(409, 'duplicate_order_id', 'This order id was already used by an invoice of this platform', { order_id: 'duplicate' });
    if (r.error === 'platformInactive') throw new ApiError(403, 'platform_inactive', 'The sales platform of this key is not active');
    if (r.error === 'railRefused') throw new ApiError(502, 'upstream_refused', `PayStar refused the invoice: ${r.reason ?? ''}`.trim());
    if (r.error === 'railUnavailable')
      throw new ApiError(503, 'upstream_unavailable', 'Phone payments are not reachable right now; retry with the same Idempotency-Key');
    throw new ApiError(404, 'not_found', 'No such platform');
  }
  const view = await invoiceByCode(db, actor.platformId, r.data.trackingCode);
  return ivrInvoiceResource(view!);
}

/** One invoice by its tracking code, of the key's platform and mode; anything else is not found. */
export async function getApiIvrInvoice(db: Db, actor: ApiActor, code: string) {
  await requireIvrPlatform(db, actor);
  const view = await invoiceByCode(db, actor.platformId, code);
  if (!view || view.invoice.livemode !== actor.livemode) throw new ApiError(404, 'not_found', 'No such invoice');
  return ivrInvoiceResource(view);
}

/** PayStar's get-transaction-result answer: `{status, data, errors}`, status 1 when found. */
export async function paystarResult(db: Db, actor: ApiActor, code: string) {
  const platform = await ivrPlatformOf(db, actor, actor.platformId);
  const view = platform ? await invoiceByCode(db, actor.platformId, code) : null;
  if (!view || view.invoice.livemode !== actor.livemode) return { status: -5, data: null, errors: ['شناسه پیگیری نامعتبر است. (Invalid tracking code)'] };
  const r = ivrInvoiceResource(view);
  const messages: Record<string, string> = {
    paid: 'پرداخت با موفقیت انجام شد.',
    open: 'در انتظار پرداخت.',
    paying: 'در حال پرداخت.',
    unknown: 'در انتظار نتیجه بانک.',
    expired: 'شناسه فاکتور منقضی شده است.',
    canceled: 'فاکتور لغو شده است.',
  };
  return {
    status: 1,
    data: {
      status: r.state,
      message: messages[r.state],
      amount: r.amount,
      tracking_code: r.tracking_code,
      order_id: r.order_id,
      ref_num: r.payment?.bank_ref ?? null,
      card_number: r.payment?.card_masked ?? null,
      paid_at: r.payment?.paid_at ?? null,
    },
    errors: [],
  };
}
