import type { CallLog } from '@/lib/gateways/types';
import {
  POD_SERVICE_CALL_PATH,
  POD_SERVICE_IDS,
  type PodAnswer,
  type PodEnvelope,
  type PodInvoice,
  type PodMetadata,
  type PodMultiInvoiceData,
  type PodOperation,
} from './types';
import { upstreamFetch } from '@/lib/net/upstream';

/**
 * One typed client for POD's business platform, hiding its quirks (providers.md §C.2):
 * - every service is `POST {baseUrl}/nzh/doServiceCall`, form-encoded, with the headers `_token_`
 *   (the business API token) and `_token_issuer_: 1` (underscores and all);
 * - the body names the service (`scProductId`: production and sandbox ids differ, chosen by
 *   `sandbox`) and carries its key (`scApiKey`); arrays go bracketed (`issuerId[]`), JSON
 *   sub-objects as JSON strings (multi-invoice `data`, `metadata` inside it);
 * - every answer is the envelope `{hasError, errorCode, message, referenceNumber, result}`, errors
 *   included, under HTTP 200: the HTTP status says nothing about the call, `hasError` does.
 * Payment pages are not service calls: `paymentLink` builds them on the PRIVATE-CALL host.
 *
 * Requests go only to the configured base URL (the connector checks where it may point) and
 * redirects are not followed. The token and the key never reach a log: they are sent in headers and
 * the form only, and any echo of them in an answer is blanked.
 */
export type PodConfig = {
  /** The platform API, e.g. https://api.pod.ir/srv/sc (sandbox http://sandbox.pod.ir/srv/sc). */
  baseUrl: string;
  /** The payment pages (PRIVATE-CALL) host, e.g. https://pay.pod.ir (sandbox https://sandbox.pod.ir:1033). */
  payBaseUrl: string;
  /** Sandbox service ids instead of production ones. */
  sandbox: boolean;
  /** The business API token (`_token_`). */
  token: string;
  /** The service key (`scApiKey`). */
  apiKey: string;
  timeoutMs?: number;
};

export type InvoiceQuery = { id: number | string } | { billNumber: string };

export type PaymentLinkInput = ({ invoiceId: number | string } | { uniqueNumber: string; gateway?: string }) & {
  /** Where POD sends the payer after paying. */
  redirectUri: string;
  /** What POD calls, server to server, after payment. */
  callUri?: string;
};

export interface PodClient {
  readonly sandbox: boolean;
  /** Issues a split invoice; the answer is the main invoice with `customerInvoice` and `subInvoices` inside. */
  issueMultiInvoice(data: PodMultiInvoiceData): Promise<PodAnswer<PodInvoice>>;
  /** Invoices of this business by id or bill number (empty: none that this business can see). */
  getInvoiceList(query: InvoiceQuery, opts?: { size?: number }): Promise<PodAnswer<PodInvoice[]>>;
  /** Closes a paid (and, if it needs it, verified) invoice: its shares become the businesses' to settle. */
  closeInvoice(id: number | string): Promise<PodAnswer<boolean>>;
  /** Cancels an invoice that is not closed. */
  cancelInvoice(id: number | string): Promise<PodAnswer<boolean>>;
  /** Verifies an invoice issued with `verificationNeeded`. */
  verifyInvoice(id: number | string): Promise<PodAnswer<boolean>>;
  /** The payer's page for an invoice (by id: POD's wallet/gateway page; by unique number: straight to the bank gateway). */
  paymentLink(input: PaymentLinkInput): string;
}

const DEFAULT_TIMEOUT_MS = 10_000;
/** An answer bigger than this is not an envelope we asked for. */
const MAX_ANSWER_CHARS = 2_000_000;

/** A value as one form field: JSON sub-objects as JSON strings, as POD takes them. */
function formScalar(v: unknown): string {
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean' || typeof v === 'bigint') return String(v);
  return JSON.stringify(v);
}

/** POD's form encoding: arrays bracketed (`productId[]=1&productId[]=2`), objects as JSON strings, absent values left out. */
export function podForm(params: Record<string, unknown>): URLSearchParams {
  const form = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) {
    if (v === undefined || v === null) continue;
    if (Array.isArray(v)) for (const x of v) form.append(`${k}[]`, formScalar(x));
    else form.append(k, formScalar(v));
  }
  return form;
}

/** The multi-invoice `data` as POD reads it: `metadata` objects inside it are JSON strings themselves. */
function wireData(data: PodMultiInvoiceData): Record<string, unknown> {
  const meta = (m: PodMetadata | undefined) => (m === undefined ? undefined : JSON.stringify(m));
  return {
    ...data,
    customerMetadata: meta(data.customerMetadata),
    mainInvoice: { ...data.mainInvoice, metadata: meta(data.mainInvoice.metadata) },
    subInvoices: data.subInvoices.map((s) => ({ ...s, metadata: meta(s.metadata) })),
  };
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return Boolean(v) && typeof v === 'object' && !Array.isArray(v);
}

function asInvoice(v: unknown): PodInvoice | null {
  return isRecord(v) && typeof v.id === 'number' && Number.isSafeInteger(v.id) ? (v as PodInvoice) : null;
}

function errorCodeOf(e: PodEnvelope): number {
  if (typeof e.errorCode === 'number' && Number.isInteger(e.errorCode)) return e.errorCode;
  if (typeof e.errorCode === 'string' && /^-?\d{1,6}$/.test(e.errorCode.trim())) return Number(e.errorCode);
  // The SDKs' own fallback when the server names no code.
  return 999;
}

const referenceOf = (e: PodEnvelope) => (typeof e.referenceNumber === 'string' || typeof e.referenceNumber === 'number' ? String(e.referenceNumber) : null);

export function podClient(cfg: PodConfig): PodClient {
  const endpoint = `${cfg.baseUrl.replace(/\/+$/, '')}${POD_SERVICE_CALL_PATH}`;
  const payBase = cfg.payBaseUrl.replace(/\/+$/, '');
  const secrets = [cfg.token, cfg.apiKey].filter((s) => s.length >= 4);

  /** Any echo of the token or the key in what is logged, blanked. */
  const redact = (v: unknown): unknown => {
    if (typeof v === 'string') return secrets.reduce((s, secret) => s.split(secret).join('[redacted]'), v);
    if (Array.isArray(v)) return v.map(redact);
    if (isRecord(v)) return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, redact(x)]));
    return v;
  };

  async function call<T>(operation: PodOperation, params: Record<string, unknown>, read: (result: unknown) => T | null): Promise<PodAnswer<T>> {
    const scProductId = POD_SERVICE_IDS[operation][cfg.sandbox ? 'sandbox' : 'production'];
    const t0 = performance.now();
    const request = redact({ operation, path: POD_SERVICE_CALL_PATH, scProductId, params });
    const log = (response: unknown): CallLog => ({ request, response: redact(response), latencyMs: Math.round(performance.now() - t0) });
    let httpStatus: number;
    let text: string;
    try {
      const res = await upstreamFetch(endpoint, {
        method: 'POST',
        headers: {
          _token_: cfg.token,
          _token_issuer_: '1',
          'content-type': 'application/x-www-form-urlencoded',
          accept: 'application/json',
        },
        body: podForm({ scProductId, scApiKey: cfg.apiKey, ...params }).toString(),
        redirect: 'manual',
        signal: AbortSignal.timeout(cfg.timeoutMs ?? DEFAULT_TIMEOUT_MS),
      });
      httpStatus = res.status;
      text = await res.text();
    } catch (e) {
      const reason = (e as Error).name === 'TimeoutError' ? 'Timed out' : `Network: ${(e as Error).message}`;
      return { ok: false, kind: 'unreachable', reason, log: log({ error: reason, httpStatus: null }) };
    }
    let envelope: PodEnvelope | null = null;
    try {
      const parsed: unknown = text.length <= MAX_ANSWER_CHARS ? JSON.parse(text) : null;
      if (isRecord(parsed) && typeof parsed.hasError === 'boolean') envelope = parsed as PodEnvelope;
    } catch {
      // not JSON: judged below
    }
    // A 5xx, a redirect, or anything that is not POD's envelope says nothing about the call.
    if (!envelope || httpStatus >= 500 || (httpStatus >= 300 && httpStatus < 400)) {
      const reason = httpStatus >= 300 ? `HTTP ${httpStatus}` : `Not a POD answer (HTTP ${httpStatus})`;
      return { ok: false, kind: 'unreachable', reason, log: log(envelope ?? { error: reason, httpStatus, body: text.slice(0, 300) }) };
    }
    const referenceNumber = referenceOf(envelope);
    if (envelope.hasError) {
      const podCode = errorCodeOf(envelope);
      const message = String(redact(String(envelope.message ?? envelope.errorDescription ?? `POD error ${podCode}`))).slice(0, 500);
      return { ok: false, kind: 'error', podCode, message, referenceNumber, log: log(envelope) };
    }
    const result = read(envelope.result);
    if (result === null) return { ok: false, kind: 'unreachable', reason: 'POD answered without the expected result', log: log(envelope) };
    return { ok: true, result, referenceNumber, log: log(envelope) };
  }

  const asBoolean = (r: unknown) => (typeof r === 'boolean' ? r : isRecord(r) ? true : null);

  return {
    sandbox: cfg.sandbox,
    issueMultiInvoice: (data) => call('issueMultiInvoice', { data: wireData({ currencyCode: 'IRR', ...data }) }, asInvoice),
    getInvoiceList: (query, opts) =>
      call('getInvoiceList', { ...query, offset: 0, size: opts?.size ?? 10 }, (r) => {
        if (!Array.isArray(r)) return null;
        const list = r.map(asInvoice);
        return list.every((i): i is PodInvoice => i !== null) ? list : null;
      }),
    closeInvoice: (id) => call('closeInvoice', { id }, asBoolean),
    cancelInvoice: (id) => call('cancelInvoice', { id }, asBoolean),
    verifyInvoice: (id) => call('verifyInvoice', { id }, asBoolean),
    paymentLink(input) {
      const back = { redirectUri: input.redirectUri, ...(input.callUri ? { callUri: input.callUri } : {}) };
      if ('invoiceId' in input) {
        return `${payBase}/v1/pbc/payinvoice/?${new URLSearchParams({ invoiceId: String(input.invoiceId), ...back, tokenIssuer: '1' })}`;
      }
      return `${payBase}/v1/pbc/payInvoiceByUniqueNumber/?${new URLSearchParams({ uniqueNumber: input.uniqueNumber, gateway: input.gateway ?? 'PEP', ...back })}`;
    },
  };
}
