import type { BankAnswer, CallLog, Gateway, StartInput, StartResult, VerifyInput } from '@/lib/gateways/types';
import type { PodClient } from './client';
import type { PodInvoice } from './types';

/**
 * POD as a payment rail: the payer pays a split invoice's customer invoice on POD's page.
 *
 * - The invoice exists before the payer is sent: the split-invoice domain mirrors it with
 *   issueMultiInvoice and answers `invoiceIdOf(orderId)` (the customer invoice's id, which is what
 *   POD lets a payer pay). The payment's token is that id.
 * - start() checks the invoice on POD first (it exists, is open, and its payable amount is the
 *   payment's), then sends the payer to POD's payment link.
 * - POD documents no parameters on its redirect or its server call, so the callback URL we give it
 *   carries our own: `pod_invoice=<id>`, the only thing `tokenOfCallback` reads.
 * - verify and inquire never believe a callback: both ask getInvoiceList{id}. Paid only when POD
 *   says `payed` and not `canceled` (amount: `payableAmount`, which the caller checks against the
 *   payment's; ref: the invoice's uniqueNumber, else paymentBillNumber); canceled: declined; not
 *   paid yet: pending; no answer, an error, or an invoice POD does not list: unknown.
 * - No refund method: POD refunds go out as refund payouts.
 */
export const POD_CALLBACK_PARAM = 'pod_invoice';

export type PodGatewayDeps = {
  client: PodClient;
  /** The POD customer-invoice id a payment (by its tracking code) pays, or null when it mirrors none. */
  invoiceIdOf(orderId: string): Promise<string | null>;
};

const INVOICE_ID = /^\d{1,18}$/;

/** A whole, positive number of Rials from POD's JSON number (fractional once VAT is added: then not ours to credit). */
function rialsOf(v: unknown): bigint | null {
  return typeof v === 'number' && Number.isSafeInteger(v) && v > 0 ? BigInt(v) : null;
}

/** What POD's invoice says about the payer's payment. */
export function answerOfInvoice(invoice: PodInvoice | undefined, token: string): BankAnswer {
  if (!invoice) return { status: 'unknown', reason: `POD lists no invoice ${token}` };
  if (invoice.canceled === true) return { status: 'declined', reason: 'POD canceled the invoice' };
  if (invoice.payed !== true) return { status: 'pending' };
  const amount = rialsOf(invoice.payableAmount);
  if (amount === null) return { status: 'unknown', reason: `POD answered paid with an amount we cannot read (${String(invoice.payableAmount)})` };
  const ref = invoice.uniqueNumber || invoice.paymentBillNumber || String(invoice.id);
  return { status: 'paid', amount, ref: String(ref), cardMasked: null };
}

/** Our callback URL with our own token on it (POD's parameters are undocumented). */
function callbackWith(callbackUrl: string, invoiceId: string): string {
  const u = new URL(callbackUrl);
  u.searchParams.set(POD_CALLBACK_PARAM, invoiceId);
  return u.toString();
}

export function podGateway(deps: PodGatewayDeps): Gateway {
  const { client } = deps;

  const ask = async (token: string): Promise<BankAnswer & { log: CallLog }> => {
    if (!INVOICE_ID.test(token)) {
      return { status: 'unknown', reason: 'Not a POD invoice id', log: { request: { skipped: 'not a POD invoice id' }, response: null, latencyMs: 0 } };
    }
    const r = await client.getInvoiceList({ id: token }, { size: 1 });
    if (!r.ok) {
      const reason = r.kind === 'error' ? `POD error ${r.podCode}: ${r.message}` : r.reason;
      return { status: 'unknown', reason, log: r.log };
    }
    return {
      ...answerOfInvoice(
        r.result.find((i) => String(i.id) === token),
        token,
      ),
      log: r.log,
    };
  };

  return {
    id: 'pod',
    async start(input: StartInput): Promise<StartResult> {
      const invoiceId = await deps.invoiceIdOf(input.orderId);
      if (!invoiceId || !INVOICE_ID.test(invoiceId)) {
        return {
          ok: false,
          reason: 'No POD invoice mirrors this payment',
          log: { request: { orderId: input.orderId, skipped: 'no POD invoice' }, response: null, latencyMs: 0 },
        };
      }
      const r = await client.getInvoiceList({ id: invoiceId }, { size: 1 });
      if (!r.ok) return { ok: false, reason: r.kind === 'error' ? `POD error ${r.podCode}: ${r.message}` : r.reason, log: r.log };
      const invoice = r.result.find((i) => String(i.id) === invoiceId);
      const refusal = !invoice
        ? `POD lists no invoice ${invoiceId}`
        : invoice.canceled
          ? 'The POD invoice is canceled'
          : invoice.payed
            ? 'The POD invoice is paid already'
            : rialsOf(invoice.payableAmount) !== input.amount
              ? `The POD invoice's payable amount (${String(invoice.payableAmount)}) is not the payment's (${input.amount})`
              : null;
      if (refusal) return { ok: false, reason: refusal, log: r.log };
      const back = callbackWith(input.callbackUrl, invoiceId);
      const pageUrl = client.paymentLink({ invoiceId, redirectUri: back, callUri: back });
      return { ok: true, token: invoiceId, pageUrl, log: r.log };
    },
    tokenOfCallback: (p) => {
      const v = p[POD_CALLBACK_PARAM];
      return typeof v === 'string' && INVOICE_ID.test(v) ? v : null;
    },
    // Nothing of POD's callback is needed (nor believed): the invoice list says it all.
    verifyParams: () => ({}),
    verify: (input: VerifyInput) => ask(input.token),
    inquire: (input: VerifyInput) => ask(input.token),
  };
}
