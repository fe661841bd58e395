import type { CallLog } from '@/lib/gateways/types';

/**
 * POD's (pod.ir, "Podium") wire shapes, as its public SDKs show them (FanapSoft pod-billing-*,
 * pod-base-*; `../shared/research/providers.md` §C has the sources). Only what the split-invoice
 * rail uses is typed; answers carry more fields than these.
 */

/** The operations this rail calls, each one POD service (`scProductId`). */
export type PodOperation = 'issueMultiInvoice' | 'verifyInvoice' | 'cancelInvoice' | 'closeInvoice' | 'getInvoiceList';

/** Service ids, production and sandbox (pod-billing-php `config/serviceProductId.php`, python `services*.json`). [V] */
export const POD_SERVICE_IDS: Record<PodOperation, { production: number; sandbox: number }> = {
  issueMultiInvoice: { production: 29798, sandbox: 39293 },
  verifyInvoice: { production: 29809, sandbox: 39304 },
  cancelInvoice: { production: 29810, sandbox: 39305 },
  closeInvoice: { production: 29812, sandbox: 39307 },
  getInvoiceList: { production: 29813, sandbox: 39308 },
};

/** The one platform endpoint every service is called through, under the platform base URL (`https://api.pod.ir/srv/sc`). */
export const POD_SERVICE_CALL_PATH = '/nzh/doServiceCall';

/**
 * One invoice line as POD takes it. `productId` 0: not a product of POD's catalogue. POD's request
 * has no discount: a line is `price × quantity` (see `mirrorSplitInvoice` for how ours fold in).
 */
export type PodItemVO = { productId: number; price: number; quantity: number; description: string };

/** A JSON object that POD takes as a JSON string inside the form (`metadata`, `customerMetadata`). */
export type PodMetadata = Record<string, unknown>;

export type PodMainInvoiceVO = {
  guildCode: string;
  /** Unique per business: a second invoice with the same bill number is refused. */
  billNumber?: string;
  metadata?: PodMetadata;
  description?: string;
  invoiceItemVOs: PodItemVO[];
};

export type PodSubInvoiceVO = {
  /** The beneficiary's POD business id; it must have made us its dealer. */
  businessId: number;
  guildCode: string;
  billNumber?: string;
  metadata?: PodMetadata;
  description?: string;
  /** The payer's address id, so the beneficiary sees where to deliver. */
  addressId?: number;
  invoiceItemVOs: PodItemVO[];
};

/**
 * issueMultiInvoice's `data` (sent as one JSON string). The sum rule: the customer items' total is
 * exactly the main invoice's total plus every sub-invoice's.
 */
export type PodMultiInvoiceData = {
  redirectURL?: string;
  userId?: number;
  currencyCode?: 'IRR';
  /** VAT added on top of every part (0..1); we send none, so payable = total. */
  preferredTaxRate?: number;
  /** The business must verify the invoice (verifyInvoice) before it can be closed. */
  verificationNeeded?: boolean;
  preview?: boolean;
  customerDescription?: string;
  customerMetadata?: PodMetadata;
  mainInvoice: PodMainInvoiceVO;
  subInvoices: PodSubInvoiceVO[];
  customerInvoiceItemVOs: PodItemVO[];
};

/** An invoice line as POD answers it (`amount` is the unit price). */
export type PodInvoiceItem = { id?: number; amount: number; quantity: number; discount?: number; description?: string };

/**
 * An invoice as POD answers it (issueMultiInvoice, getInvoiceList). Amounts are JSON numbers and
 * may be fractional once VAT is added (`payableAmount` 16.35 in the SDK's sample).
 */
export type PodInvoice = {
  id: number;
  totalAmountWithoutDiscount?: number;
  totalAmount: number;
  payableAmount: number;
  vat?: number;
  issuanceDate?: number;
  paymentDate?: number;
  billNumber?: string;
  /** Shared by every invoice of one split group. */
  paymentBillNumber?: string;
  uniqueNumber?: string;
  payed: boolean;
  canceled: boolean;
  closed: boolean;
  verificationNeeded?: boolean;
  waiting?: boolean;
  subInvoice?: boolean;
  referenceNumber?: string;
  business?: { id: number; name?: string };
  guildSrv?: { id?: number; name?: string; code?: string };
  invoiceItemSrvs?: PodInvoiceItem[];
  /** On the main invoice of a split group: the invoice the payer pays, and the beneficiaries' parts. */
  customerInvoice?: PodInvoice;
  subInvoices?: PodInvoice[];
};

/** What every POD answer comes back as (errors too, inside HTTP 200). */
export type PodEnvelope = {
  hasError: boolean;
  errorCode?: number | string;
  message?: string;
  errorDescription?: string;
  referenceNumber?: string | number;
  result?: unknown;
  count?: number;
};

/**
 * One call's outcome:
 * - `ok`: POD did it; `referenceNumber` is POD's handle for a support ticket (keep it);
 * - `error`: POD refused, with its code (`podErrorMeaning`); a few codes (227, 378, 999) leave the
 *   outcome unknown;
 * - `unreachable`: no answer that says anything (timeout, network, 5xx, a body that is not POD's
 *   envelope): the operation may or may not have happened; ask again.
 * `log` holds what was sent and what came back, never the business token nor the service key.
 */
export type PodAnswer<T> =
  | { ok: true; result: T; referenceNumber: string | null; log: CallLog }
  | { ok: false; kind: 'error'; podCode: number; message: string; referenceNumber: string | null; log: CallLog }
  | { ok: false; kind: 'unreachable'; reason: string; log: CallLog };

export type PodFailure = Extract<PodAnswer<unknown>, { ok: false }>;

export type PodErrorMeaning = {
  /** POD's own name for the code where it has one (PERMISSION_DENIED), else ours. */
  name: string;
  meaning: string;
  /** The call may have done its work all the same (POD lost its own answer): ask again before deciding. */
  outcomeUnknown: boolean;
};

/**
 * POD's error codes, from its "common platform errors" table (our product document, 004: 4, 21,
 * 45, 55, 58, 227, 378, 999). Only 999 is public elsewhere, as the SDKs' fallback when the server
 * gives no code.
 */
const POD_ERRORS: Record<number, PodErrorMeaning> = {
  4: { name: 'PERMISSION_DENIED', meaning: 'Permission denied: the invoice is not this business’s, or no dealer permission', outcomeUnknown: false },
  21: { name: 'NO_BUSINESS_TOKEN', meaning: 'No (valid) business token was sent', outcomeUnknown: false },
  45: { name: 'BILL_ALREADY_CLOSED', meaning: 'The invoice is already closed', outcomeUnknown: false },
  55: { name: 'BILL_NOT_PAYED', meaning: 'The invoice is not paid, so it cannot be closed', outcomeUnknown: false },
  58: { name: 'BILL_IS_WAITING_FOR_VERIFICATION', meaning: 'The invoice cannot be closed before it is verified', outcomeUnknown: false },
  227: { name: 'MAIN_SERVICE_TIMEOUT', meaning: 'POD’s main service timed out', outcomeUnknown: true },
  378: { name: 'MAIN_SERVICE_ANSWER_LOST', meaning: 'The main service’s answer did not reach POD’s platform', outcomeUnknown: true },
  999: { name: 'UNKNOWN', meaning: 'POD internal error', outcomeUnknown: true },
};

/** What a POD error code means. A code not in POD's table is a refusal we cannot name: POD answered, so it did not do it. */
export function podErrorMeaning(code: number): PodErrorMeaning {
  return POD_ERRORS[code] ?? { name: `POD_${code}`, meaning: `POD error ${code}`, outcomeUnknown: false };
}

export const POD_ERROR_CODES = Object.keys(POD_ERRORS).map(Number);
