import type { Db } from '@/db';
import type { ApiActor } from '@/lib/actor';
import { publicBaseUrl } from '@/lib/http/base-url';
import {
  cancelSplitInvoice,
  closeSplitInvoice,
  createSplitInvoice,
  getSplitInvoice,
  listBeneficiaries,
  listSplitInvoiceViews,
  marketplaceOf,
  POD_CODES,
  verifySplitInvoice,
  type SplitInvoiceView,
  type SplitItem,
} from '@/lib/split';
import type { CreateSplitInvoiceInput, SplitInvoiceFilters } from '@/lib/split/schemas';
import { lineTotal } from '@/lib/split/schemas';
import { ApiError } from './http';
import type { SplitInvoiceResponse } from './schemas';

/**
 * The API's side of split payments: invoices of the calling marketplace (a platform of the split
 * service) in the key's mode. Requests use POD's field names; answers and errors Dargah's own
 * convention, with POD's number of the same meaning (`pod_code`) where one applies.
 */

const item = (it: SplitItem) => ({
  description: it.description,
  product_id: it.productId,
  quantity: it.quantity,
  unit_price: it.unitPrice,
  discount: it.discount,
  amount: lineTotal({ quantity: it.quantity, unitPrice: BigInt(it.unitPrice), discount: BigInt(it.discount) }).toString(),
});

/** The answer of every split-invoice endpoint; typed by the document's schema, so the two cannot drift apart. */
export function splitInvoiceResource(v: SplitInvoiceView): SplitInvoiceResponse {
  const { invoice, parts, payment } = v;
  const main = parts.find((p) => p.role === 'main')!;
  return {
    id: invoice.id,
    bill_number: invoice.billNumber,
    state: v.state,
    amount: invoice.total.toString(),
    currency: invoice.currency,
    fee: invoice.fee.toString(),
    fee_payer: invoice.feePayer,
    refunded_amount: invoice.refundedAmount.toString(),
    verification_needed: invoice.verificationNeeded,
    verified_at: invoice.verifiedAt?.toISOString() ?? null,
    livemode: invoice.livemode,
    rail: invoice.rail,
    pod_invoice_id: invoice.podInvoiceId,
    payment_url: `${publicBaseUrl()}/pay/invoice/${invoice.id}`,
    customer_items: invoice.customerItems.map(item),
    main_invoice: {
      share: main.share.toString(),
      fee: main.fee.toString(),
      refunded: main.refunded.toString(),
      settled: main.settledAt !== null,
      items: main.items.map(item),
    },
    sub_invoices: parts
      .filter((p) => p.role === 'sub')
      .map((p) => ({
        beneficiary_id: p.beneficiaryId!,
        beneficiary_name: p.beneficiaryName,
        share: p.share.toString(),
        fee: p.fee.toString(),
        refunded: p.refunded.toString(),
        settled: p.settledAt !== null,
        address_ref: p.addressRef,
        items: p.items.map(item),
      })),
    payment: payment
      ? {
          id: payment.id,
          tracking_code: payment.trackingCode,
          state: payment.state,
          bank_ref: payment.gatewayRef,
          card_masked: payment.cardMasked,
          paid_at: payment.state === 'succeeded' ? (payment.completedAt?.toISOString() ?? null) : null,
        }
      : null,
    expires_at: invoice.expiresAt.toISOString(),
    paid_at: invoice.paidAt?.toISOString() ?? null,
    closed_at: invoice.closedAt?.toISOString() ?? null,
    created_at: invoice.createdAt.toISOString(),
  };
}

async function requireMarketplace(db: Db, actor: ApiActor) {
  const platform = await marketplaceOf(db, actor, actor.platformId);
  if (!platform) throw new ApiError(403, 'service_not_enabled', 'Split invoices need a platform of the split payments service');
  return platform;
}

/** POD's rail said no (502, with POD's number) or did not answer (503: retry with the same Idempotency-Key). */
function railRefusal(r: { error?: string; params?: Record<string, string | number> }) {
  const podCode = r.params?.podCode;
  const extra = typeof podCode === 'number' ? { pod_code: podCode } : {};
  if (r.error === 'railRefused') throw new ApiError(502, 'upstream_refused', `POD refused: ${String(r.params?.reason ?? '')}`.trim(), undefined, {}, extra);
  if (r.error === 'railUnavailable') throw new ApiError(503, 'upstream_unavailable', 'POD is not reachable right now; retry later', undefined, {}, extra);
}

const notFound = () => new ApiError(404, 'not_found', 'No such split invoice of this platform', undefined, {}, { pod_code: POD_CODES.notYours });

export async function createApiSplitInvoice(db: Db, actor: ApiActor, body: CreateSplitInvoiceInput): Promise<{ status: number; body: unknown }> {
  await requireMarketplace(db, actor);
  const r = await createSplitInvoice(db, actor, actor.platformId, body);
  if (!r.ok) {
    if (r.error === 'duplicateBill') {
      const existing = await getSplitInvoice(db, actor, String(r.params!.existingId));
      throw new ApiError(
        409,
        'duplicate_bill_number',
        'This bill number was already used by an invoice of this platform',
        { billNumber: 'duplicate' },
        {},
        {
          existing_invoice: existing ? splitInvoiceResource(existing) : null,
        },
      );
    }
    if (r.error === 'permissionDenied')
      throw new ApiError(
        403,
        'permission_denied',
        'A beneficiary has not given this marketplace permission for these items',
        r.fieldErrors,
        {},
        { pod_code: POD_CODES.notYours },
      );
    if (r.error === 'platformInactive') throw new ApiError(403, 'platform_inactive', 'The sales platform of this key is not active');
    railRefusal(r);
    if (r.fieldErrors) throw new ApiError(400, 'validation_failed', 'The invoice breaks a rule', r.fieldErrors);
    throw new ApiError(404, 'not_found', 'No such platform');
  }
  const view = await getSplitInvoice(db, actor, r.data.id);
  return { status: 201, body: splitInvoiceResource(view!) };
}

export async function getApiSplitInvoice(db: Db, actor: ApiActor, id: string) {
  await requireMarketplace(db, actor);
  const view = await getSplitInvoice(db, actor, id);
  if (!view) throw notFound();
  return splitInvoiceResource(view);
}

export async function listApiSplitInvoices(db: Db, actor: ApiActor, filters: SplitInvoiceFilters) {
  await requireMarketplace(db, actor);
  const page = await listSplitInvoiceViews(db, actor, actor.platformId, filters);
  return { data: (page?.views ?? []).map(splitInvoiceResource), next_before: page?.next ?? null };
}

/** Close (POD's closeInvoice): 55 not paid, 45 already closed, 58 waiting for verification, 4 not yours. */
export async function closeApiSplitInvoice(db: Db, actor: ApiActor, id: string) {
  await requireMarketplace(db, actor);
  const r = await closeSplitInvoice(db, actor, id);
  if (!r.ok) {
    railRefusal(r);
    if (r.error === 'notPaid') throw new ApiError(409, 'not_paid', 'The invoice has not been paid', undefined, {}, { pod_code: POD_CODES.notPaid });
    if (r.error === 'alreadyClosed')
      throw new ApiError(409, 'already_closed', 'The invoice is already closed', undefined, {}, { pod_code: POD_CODES.alreadyClosed });
    if (r.error === 'awaitingVerification')
      throw new ApiError(409, 'awaiting_verification', 'The invoice waits for your verification', undefined, {}, { pod_code: POD_CODES.awaitingVerification });
    throw notFound();
  }
  return getApiSplitInvoice(db, actor, id);
}

export async function verifyApiSplitInvoice(db: Db, actor: ApiActor, id: string) {
  await requireMarketplace(db, actor);
  const r = await verifySplitInvoice(db, actor, id);
  if (!r.ok) {
    railRefusal(r);
    if (r.error === 'notNeeded') throw new ApiError(409, 'verification_not_needed', 'The invoice needs no verification, or has it already');
    throw notFound();
  }
  return getApiSplitInvoice(db, actor, id);
}

export async function cancelApiSplitInvoice(db: Db, actor: ApiActor, id: string) {
  await requireMarketplace(db, actor);
  const r = await cancelSplitInvoice(db, actor, id);
  if (!r.ok) {
    railRefusal(r);
    if (r.error === 'notCancelable') throw new ApiError(409, 'not_cancelable', 'Only an open invoice nobody is paying can be canceled; a paid one is refunded');
    throw notFound();
  }
  return getApiSplitInvoice(db, actor, id);
}

export async function listApiBeneficiaries(db: Db, actor: ApiActor) {
  await requireMarketplace(db, actor);
  const rows = (await listBeneficiaries(db, actor, actor.platformId)) ?? [];
  return {
    data: rows.map((b) => ({
      id: b.id,
      name: b.displayName,
      kind: b.kind,
      state: b.state,
      permission: b.permission,
      products: b.products,
      guild_code: b.guildCode,
    })),
  };
}
