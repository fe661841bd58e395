import type { BankAnswer, CallLog, Gateway } from '@/lib/gateways/types';
import { maskCard } from '@/lib/gateways/types';
import { upstreamFetch } from '@/lib/net/upstream';

/**
 * PayStar's phone-payment rail (docs.paystar.ir "درگاه تلفنی (سامان)", IVR-to-WebService):
 * - create-factor: POST {base}/api/ivr/create-factor, `Authorization: Bearer <gateway id>`,
 *   { amount, order_id, customer_name, email, phone } → { status: 1, data: { tracking_code }, errors: [] }.
 *   The payer then calls PayStar's IVR and types the tracking code; PayStar's IVR and the bank's do
 *   the rest. There is no callback: we learn the outcome by asking.
 * - get-transaction-result: GET {base}/api/ivr/get-transaction-result with { tracking_code }.
 * Errors come inside HTTP 200 bodies (`status` ≠ 1, or the string "unauthenticated" for a wrong
 * gateway id). No answer, a timeout, a 5xx or a body that is not JSON says nothing about the
 * payment: `unknown` (create: `retryable`, the factor may exist).
 *
 * Only the request shapes and the bare success sample are PayStar's document; the structured result
 * (`data.status` and its fields) and the error numbers are our reading of it, kept in RESULT_STATUS
 * and RESULT_ERROR_NOT_FINAL below so they change in one place.
 */
export type PaystarIvrConfig = { baseUrl: string; gatewayId: string; timeoutMs?: number };

export type CreateFactorInput = { amount: bigint; orderId: string; customerName?: string | null; email?: string | null; phone?: string | null };

export type CreateFactorResult = (
  | { ok: true; trackingCode: string }
  | {
      ok: false;
      reason: string;
      /** true for timeouts, network errors, 5xx: the factor may or may not exist */
      retryable: boolean;
    }
) & { log: CallLog };

type PaystarIvrAnswer = { status?: unknown; message?: unknown; data?: unknown; errors?: unknown };

const CREATE_PATH = '/api/ivr/create-factor';
const RESULT_PATH = '/api/ivr/get-transaction-result';
/** A tracking code PayStar never issues (its codes are 8 digits): asking about it touches nothing. */
const PING_TRACKING_CODE = '0';

/**
 * How `data.status` of a get-transaction-result (status 1) maps to what the bank says. [I]
 * - paid: the money was taken (only with an amount we can check: see mapResult);
 * - pending: the payer has not finished (or the bank's report has not reached PayStar yet);
 * - failed / expired: final, the factor can no longer be paid.
 */
const RESULT_STATUS: Record<string, 'paid' | 'pending' | 'declined'> = { paid: 'paid', pending: 'pending', failed: 'declined', expired: 'declined' };

/**
 * Error statuses of get-transaction-result that say nothing about the payer's payment, so they are
 * `unknown` (asked again later), never a decline. [I] from PayStar's IPG table: -2 the gateway is
 * inactive (our account, not the payer's doing), -99 a system error at PayStar. Any other error
 * status (e.g. -5, an invalid tracking code) is a decline with PayStar's message: the factor is ours,
 * so PayStar not knowing it means it will never be paid.
 */
const RESULT_ERROR_NOT_FINAL = new Set([-2, -99]);

/** PayStar's message and its `errors` (an array, or Laravel's { field: [messages] }), as one line. */
function messageOf(answer: PaystarIvrAnswer, fallback: string): string {
  const parts: string[] = [];
  if (typeof answer.message === 'string' && answer.message) parts.push(answer.message);
  const flat = (v: unknown): unknown[] => (Array.isArray(v) ? v.flatMap(flat) : v && typeof v === 'object' ? Object.values(v).flatMap(flat) : [v]);
  for (const e of flat(answer.errors)) if ((typeof e === 'string' && e) || typeof e === 'number') parts.push(String(e));
  return `${parts.length ? parts.join('; ') : fallback} (${String(answer.status)})`;
}

/** Card numbers never reach a log: card fields are masked, and so is any run of 16–19 digits elsewhere. */
function scrubCards(v: unknown, key = ''): unknown {
  if (/^(card_?number|card|pan)$/i.test(key) && (typeof v === 'string' || typeof v === 'number')) return maskCard(String(v));
  if (typeof v === 'string') return v.replace(/\d{16,19}/g, (d) => maskCard(d) ?? '****');
  if (Array.isArray(v)) return v.map((x) => scrubCards(x));
  if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, scrubCards(x, k)]));
  return v;
}

/** PayStar's numeric status (sent as a number or a digit string), or null for anything else. */
function statusCode(a: PaystarIvrAnswer): number | null {
  if (typeof a.status === 'number' && Number.isInteger(a.status)) return a.status;
  if (typeof a.status === 'string' && /^-?\d{1,4}$/.test(a.status.trim())) return Number(a.status);
  return null;
}

const isUnauthenticated = (a: PaystarIvrAnswer) => typeof a.status === 'string' && a.status.toLowerCase() === 'unauthenticated';

/** A whole number of Rials, from a JSON number or a digit string (the look-up sample sends price as "160000"). */
function rials(v: unknown): bigint | null {
  if (typeof v === 'number' && Number.isSafeInteger(v) && v > 0) return BigInt(v);
  if (typeof v === 'string' && /^[1-9]\d{0,17}$/.test(v)) return BigInt(v);
  return null;
}

function mapResult(answer: PaystarIvrAnswer, trackingCode: string): BankAnswer {
  // A configuration problem on our side must not fail money a payer may have paid.
  if (isUnauthenticated(answer)) return { status: 'unknown', reason: 'PayStar refused our gateway id (unauthenticated)' };
  const code = statusCode(answer);
  if (code === null) return { status: 'unknown', reason: `PayStar answered an unknown status (${String(answer.status)})` };
  if (code !== 1) {
    if (RESULT_ERROR_NOT_FINAL.has(code)) return { status: 'unknown', reason: messageOf(answer, 'PayStar error') };
    return { status: 'declined', reason: messageOf(answer, 'PayStar refused the inquiry') };
  }
  const d = answer.data;
  // The document's only sample: status 1 and a sentence ("paid successfully") with no amount. We never
  // credit money whose amount we cannot check against the factor's.
  if (typeof d === 'string') return { status: 'unknown', reason: 'PayStar answered paid without an amount' };
  if (!d || typeof d !== 'object' || Array.isArray(d)) return { status: 'unknown', reason: 'PayStar answered without a result' };
  const r = d as Record<string, unknown>;
  const mapped = typeof r.status === 'string' ? RESULT_STATUS[r.status.toLowerCase()] : undefined;
  if (mapped === 'pending') return { status: 'pending' };
  if (mapped === 'declined') {
    const why = typeof r.message === 'string' && r.message ? r.message : 'Declined';
    return { status: 'declined', reason: `${why} (${String(r.status)})` };
  }
  if (mapped === 'paid') {
    const amount = rials(r.amount);
    if (amount === null) return { status: 'unknown', reason: 'PayStar answered paid without an amount' };
    // Without a ref_num the tracking code is PayStar's name for the payment (as the online adapter falls back to its token).
    const ref = (typeof r.ref_num === 'string' || typeof r.ref_num === 'number') && String(r.ref_num) ? String(r.ref_num) : trackingCode;
    return { status: 'paid', amount, ref, cardMasked: maskCard(typeof r.card_number === 'string' ? r.card_number : null) };
  }
  return { status: 'unknown', reason: `PayStar answered an unknown result (${String(r.status)})` };
}

export function paystarIvrClient(cfg: PaystarIvrConfig): {
  createFactor(input: CreateFactorInput): Promise<CreateFactorResult>;
  /** get-transaction-result, mapped to the tri-state BankAnswer: paid (with amount, ref, masked card) | declined (reason) | pending (not paid yet) | unknown (timeout, 5xx, nonsense). */
  result(trackingCode: string): Promise<BankAnswer & { log: CallLog }>;
  /** A harmless call for the staff's "test connection" button: result() of a tracking code that cannot exist; ok when PayStar answered as an authenticated caller (any status other than "unauthenticated"). */
  ping(): Promise<{ ok: boolean; reason?: string; log: CallLog }>;
} {
  const base = cfg.baseUrl.replace(/\/+$/, '');

  const call = async (
    method: 'GET' | 'POST',
    path: string,
    params: Record<string, unknown>,
  ): Promise<{ answer: PaystarIvrAnswer | null; httpStatus: number | null; log: CallLog; error?: string }> => {
    const t0 = performance.now();
    let httpStatus: number | null = null;
    let answer: PaystarIvrAnswer | null = null;
    let error: string | undefined;
    // PayStar documents get-transaction-result as a GET with a JSON body. fetch cannot send a body
    // with GET, so a GET carries its parameters as the query string instead.
    const url = method === 'GET' ? `${base}${path}?${new URLSearchParams(Object.entries(params).map(([k, v]) => [k, String(v)]))}` : `${base}${path}`;
    try {
      const res = await upstreamFetch(url, {
        method,
        headers: {
          accept: 'application/json',
          authorization: `Bearer ${cfg.gatewayId}`,
          ...(method === 'POST' ? { 'content-type': 'application/json' } : {}),
        },
        ...(method === 'POST' ? { body: JSON.stringify(params) } : {}),
        signal: AbortSignal.timeout(cfg.timeoutMs ?? 10_000),
      });
      httpStatus = res.status;
      const text = await res.text();
      try {
        const parsed: unknown = JSON.parse(text);
        if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) answer = parsed as PaystarIvrAnswer;
        else error = `Not a JSON object (HTTP ${res.status})`;
      } catch {
        error = `Not JSON (HTTP ${res.status})`;
      }
      if (res.status >= 500) error = `HTTP ${res.status}`;
    } catch (e) {
      error = (e as Error).name === 'TimeoutError' ? 'Timed out' : `Network: ${(e as Error).message}`;
    }
    // The bearer (our gateway id) is never logged; card numbers are masked.
    return {
      answer: error ? null : answer,
      httpStatus,
      error,
      log: {
        request: { method, path, ...(method === 'GET' ? { query: params } : { body: params }) },
        response: scrubCards(answer ?? { error, httpStatus }),
        latencyMs: Math.round(performance.now() - t0),
      },
    };
  };

  const result = async (trackingCode: string): Promise<BankAnswer & { log: CallLog }> => {
    const { answer, error, log } = await call('GET', RESULT_PATH, { tracking_code: trackingCode });
    if (error || !answer) return { status: 'unknown', reason: error ?? 'No answer', log };
    return { ...mapResult(answer, trackingCode), log };
  };

  return {
    async createFactor(input: CreateFactorInput): Promise<CreateFactorResult> {
      if (input.amount <= 0n || input.amount > BigInt(Number.MAX_SAFE_INTEGER)) {
        return {
          ok: false,
          reason: `Amount out of range: ${input.amount}`,
          retryable: false,
          log: { request: { method: 'POST', path: CREATE_PATH, skipped: 'amount out of range' }, response: null, latencyMs: 0 },
        };
      }
      // The document's sample sends every field, absent ones as empty strings.
      const { answer, error, log } = await call('POST', CREATE_PATH, {
        amount: Number(input.amount),
        order_id: input.orderId,
        customer_name: input.customerName ?? '',
        email: input.email ?? '',
        phone: input.phone ?? '',
      });
      if (error || !answer) return { ok: false, reason: error ?? 'No answer', retryable: true, log };
      if (isUnauthenticated(answer)) return { ok: false, reason: 'PayStar refused our gateway id (unauthenticated)', retryable: false, log };
      if (statusCode(answer) !== 1) return { ok: false, reason: messageOf(answer, 'PayStar refused the factor'), retryable: false, log };
      const d = answer.data as Record<string, unknown> | null | undefined;
      const code = d && typeof d === 'object' ? d.tracking_code : undefined;
      if ((typeof code !== 'string' && typeof code !== 'number') || !/^\d{1,20}$/.test(String(code))) {
        // PayStar said yes but gave no code we can hand the payer: the factor probably exists.
        return { ok: false, reason: 'PayStar accepted the factor without a tracking code', retryable: true, log };
      }
      return { ok: true, trackingCode: String(code), log };
    },
    result,
    async ping(): Promise<{ ok: boolean; reason?: string; log: CallLog }> {
      const { answer, httpStatus, error, log } = await call('GET', RESULT_PATH, { tracking_code: PING_TRACKING_CODE });
      if (error || !answer) return { ok: false, reason: error ?? 'No answer', log };
      if (isUnauthenticated(answer)) return { ok: false, reason: 'PayStar refused our gateway id (unauthenticated)', log };
      // Any PayStar status will do (the code does not exist, so it is an error status); a page without
      // one (a wrong base URL's 404) is not PayStar answering.
      if (httpStatus !== 200 || statusCode(answer) === null) return { ok: false, reason: `Not a PayStar answer (HTTP ${httpStatus})`, log };
      return { ok: true, log };
    },
  };
}

/**
 * The rail as a Gateway, so payments on it verify and inquire like any other: the token is PayStar's
 * tracking code, and both ask get-transaction-result. Payers never start it online (they call), and
 * PayStar offers no refund on it.
 */
export function paystarIvrGateway(cfg: PaystarIvrConfig): Gateway {
  const client = paystarIvrClient(cfg);
  return {
    id: 'paystar-ivr',
    async start() {
      return {
        ok: false,
        reason: 'PayStar IVR payments start by phone, not by redirect',
        log: { request: { skipped: 'the IVR rail has no payment page' }, response: null, latencyMs: 0 },
      };
    },
    tokenOfCallback: () => null,
    verifyParams: () => ({}),
    verify: (input) => client.result(input.token),
    inquire: (input) => client.result(input.token),
  };
}
