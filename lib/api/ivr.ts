import { getDb, type Db } from '@/db';
import { currentCommitScope, replaceAnswer } from '@/db/after-commit';
import type { ApiActor } from '@/lib/actor';
import { createIvrInvoice, invoiceByCode, invoiceById, ivrPlatformOf, type IvrInvoiceView } from '@/lib/ivr';
import { isUuid } from '@/lib/validation/ids';
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

const refusedByRail = (reason?: string) => new ApiError(502, 'upstream_refused', `PayStar refused the invoice: ${reason ?? ''}`.trim());

/**
 * 201 with the invoice. With an Idempotency-Key on PayStar's rail the invoice is committed first
 * (`creating`) and PayStar asked after the commit (lib/ivr): the caller then gets PayStar's answer —
 * 201 with the tracking code, or 502 — and so do its replays; 202 `creating` only if PayStar did
 * not answer (the janitor asks again; read the invoice by its id).
 */
export async function createApiIvrInvoice(db: Db, actor: ApiActor, body: CreateIvrInvoiceRequest): Promise<{ status: number; body: unknown }> {
  await requireIvrPlatform(db, actor);
  const scope = currentCommitScope();
  const r = await createIvrInvoice(
    db,
    actor,
    {
      platformId: actor.platformId,
      amount: body.amount,
      orderId: body.order_id,
      customerName: body.customer_name,
      email: body.email,
      phone: body.phone,
    },
    new Date(),
    {
      made: async (done) => {
        if (!scope) return;
        if (done.ok) {
          const view = await invoiceById(getDb(), actor.platformId, done.data.id);
          if (view) replaceAnswer(scope, ivrInvoiceResource(view), 201);
        } else if (done.error === 'railRefused') {
          const e = refusedByRail(done.reason);
          replaceAnswer(scope, { error: { code: e.code, message: e.message } }, e.status);
        }
      },
    },
  );
  if (!r.ok) {
    if (r.error === 'duplicateOrder')
      throw new ApiError(409, 'duplicate_order_id', 'This order id was already used by an invoice of this platform', { order_id: 'duplicate' });
    if (r.error === 'platformInactive') throw new ApiError(403, 'platform_inactive', 'The sales platform of this key is not active');
    if (r.error === 'railRefused') throw refusedByRail(r.reason);
    if (r.error === 'railUnavailable')
      throw new ApiError(503, 'upstream_unavailable', 'Phone payments are not reachable right now; retry with the same Idempotency-Key');
    throw new ApiError(404, 'not_found', 'No such platform');
  }
  const view = await invoiceById(db, actor.platformId, r.data.id);
  return { status: r.data.state === 'creating' ? 202 : 201, body: ivrInvoiceResource(view!) };
}

/** One invoice by its tracking code (or its id), of the key's platform and mode; anything else is not found. */
export async function getApiIvrInvoice(db: Db, actor: ApiActor, code: string) {
  await requireIvrPlatform(db, actor);
  const view = isUuid(code) ? await invoiceById(db, actor.platformId, code) : await invoiceByCode(db, actor.platformId, code);
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
    creating: 'در انتظار صدور فاکتور.',
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
