import type { CallLog } from '@/lib/gateways/types';
import type { NkolayEnvironment, NkolayResultFieldSet } from './wire';

/** One virtual POS definition's credentials, as N Kolay issues them. */
export type NkolayConfig = {
  /** Chooses N Kolay's host (`NKOLAY_BASE_URLS`). */
  environment: NkolayEnvironment;
  /** Replaces the environment's host: the tests' and `npm run dev`'s fake N Kolay only. */
  baseUrl?: string;
  /** The sales token. */
  sx: string;
  /** The reporting token (PaymentList); a different string. */
  sxList: string;
  /** The cancel/refund token; a different string again. */
  sxCancel: string;
  merchantSecretKey: string;
  timeoutMs?: number;
  /**
   * The `type` sent for a partial refund. The OpenAPI spec lists only cancel/refund, so a partial
   * refund is `refund` with a smaller amount; the older English page (en/09) names `refundp`. [C]
   */
  partialRefundType?: 'refund' | 'refundp';
  /** The clock for `rnd` and dates (tests). */
  now?: () => Date;
};

/**
 * One call's outcome. Errors come inside HTTP 200 bodies (`RESPONSE_CODE` "0", 9, …), so the HTTP
 * status is not the verdict:
 * - `ok`: N Kolay did it;
 * - `declined`: the bank refused, with its code (`51`, `41`, `54`, …) and message kept as given
 *   (Turkish); `referenceCode` is N Kolay's for the attempt when it gave one;
 * - `error`: N Kolay refused the request itself (a hash, a token, a rule such as cancel after the
 *   day, a refund above what is left), with its code if any and its message as given;
 * - `unreachable`: no answer that says anything (timeout, network, 5xx, a redirect, not JSON): the
 *   operation may or may not have happened; ask the payment list.
 * `log` holds what was sent and what came back, never a token, the secret key, a hash or card data.
 */
export type NkolayResult<T> =
  | { kind: 'ok'; data: T; log: CallLog }
  | { kind: 'declined'; bankCode: string; message: string; referenceCode: string | null; log: CallLog }
  | { kind: 'error'; code: string | null; message: string; log: CallLog }
  | { kind: 'unreachable'; reason: string; log: CallLog };

export type NkolayCard = {
  number: string;
  /** 1–12. */
  month: number;
  /** Four digits. */
  year: number;
  cvv: string;
  holderName?: string;
};

export type NkolayCustomer = {
  name?: string;
  email?: string;
  /** Turkish mobile without +90 (N Kolay's example 5553900000) [I]. */
  phone?: string;
  /** The payer's IPv4 address. */
  ip?: string;
};

export type NkolayPaymentInput = {
  /** Our order id (`clientRefCode`): the key of the payment list. */
  clientRefCode: string;
  amount: bigint;
  currency?: 'TRY';
  successUrl: string;
  failUrl: string;
  card: NkolayCard;
  use3D: boolean;
  /** 1 = single payment. */
  installments?: number;
  description?: string;
  customer?: NkolayCustomer;
};

export type NkolayPaymentOk =
  /** Non-3-D: the bank approved it. */
  | { step: 'paid'; referenceCode: string; authCode: string | null; amount: bigint; installments: number; clientRefCode: string }
  /** 3-D: render `html` to the cardholder (the bank's page); the result comes to successUrl/failUrl. */
  | { step: '3d'; referenceCode: string | null; html: string };

export type NkolayHostedPageInput = {
  clientRefCode: string;
  amount: bigint;
  currency?: 'TRY';
  successUrl: string;
  failUrl: string;
  /** The most installments the page offers (1 = single payment only). */
  maxInstallments?: number;
  use3D?: boolean;
  /** How long the page is valid, in seconds. */
  pageSeconds?: number;
  description?: string;
  customer?: NkolayCustomer;
};

/** The verdict on a result posted to successUrl/failUrl, after its hash matched. */
export type NkolayVerifiedResult = {
  /** Which documented field set the hash matched. */
  fieldSet: NkolayResultFieldSet;
  approved: boolean;
  referenceCode: string;
  authCode: string | null;
  amount: bigint | null;
  installments: number | null;
  merchantNo: string | null;
  /** The bank's code when declined (`ERROR_CODE`), as given. */
  bankCode: string | null;
  /** N Kolay's message (`RESPONSE_DATA`), as given. */
  message: string | null;
  /**
   * The order id the result names. NOT covered by either hash: a genuine result of one payment can
   * be posted with another's order id. Bind it by the success/fail URL of the payment, or confirm by
   * the payment list (its row for this `referenceCode` names the order).
   */
  unsignedClientRefCode: string | null;
};

export type NkolayResultCheck = { ok: true; result: NkolayVerifiedResult } | { ok: false; error: NkolayHashMismatch };

/** A result whose hash matches neither documented field set: forged, tampered, or another secret's. */
export class NkolayHashMismatch extends Error {
  readonly code = 'NKOLAY_HASH_MISMATCH' as const;
  constructor(
    message: string,
    /** The fields the result carried (names only), to see when a bank adds one. */
    readonly fieldNames: string[],
    readonly referenceCode: string | null,
  ) {
    super(message);
    this.name = 'NkolayHashMismatch';
  }
}

export type NkolayRowType = 'sale' | 'presale' | 'cancel' | 'refund' | 'partial-cancel' | 'partial-refund' | 'other';
export type NkolayRowStatus = 'success' | 'error' | 'new' | 'other';

/** One row of N Kolay's payment list. The card is as N Kolay masks it. */
export type NkolayListRow = {
  referenceCode: string;
  clientRefCode: string | null;
  type: NkolayRowType;
  status: NkolayRowStatus;
  /** As N Kolay sent them, for the reconciliation report. */
  rawType: string;
  rawStatus: string;
  amount: bigint | null;
  trxDate: string | null;
  authCode: string | null;
  installments: number | null;
  cardMasked: string | null;
  bankCode: string | null;
  message: string | null;
};

export type NkolayListInput = {
  /** First and last day (Turkish calendar days of these moments), at most 30 days apart inclusive. */
  from: Date;
  to: Date;
  clientRefCode?: string;
  page?: number;
  pageSize?: number;
};

export type NkolayPaymentState = 'paid' | 'partially-refunded' | 'refunded' | 'cancelled' | 'declined' | 'pending' | 'not-found';

export type NkolayStatus = {
  state: NkolayPaymentState;
  /** The sale row the state is about (the approved one if any). */
  sale: NkolayListRow | null;
  /** Sum of successful refunds (and a full cancel), in kuruş. */
  reversed: bigint;
  rows: NkolayListRow[];
};

export type NkolayReversalInput = {
  /** N Kolay's reference of the sale (IKSIRPF…). */
  referenceCode: string;
  amount: bigint;
  /** When the sale was made: its Turkish day is the `trxDate` N Kolay asks for. */
  saleDate: Date;
};

export type NkolayReversalOk = { referenceCode: string | null; message: string | null };
