import { isAddressNotAllowed, readPrefix, safeFetch } from '@/lib/net/fetch';
import { podForm } from '@/lib/rails/pod/client';
import { POD_SERVICE_CALL_PATH, POD_SERVICE_IDS } from '@/lib/rails/pod/types';
import type { OutboundPolicy } from '@/lib/net/url';
import { withoutControls } from '@/lib/validation/text';
import type { ConnectorId } from './schemas';

/**
 * "Test connection": one harmless, authenticated call per kind that cannot move money, asking
 * about something that does not exist, so any answer but "unauthenticated" proves the gateway id:
 * - paystar: POST {base}/api/pardakht/inquiry { ref_num } with a ref_num PayStar never issues;
 * - paystar-ivr: GET {base}/api/ivr/get-transaction-result?tracking_code=00000000;
 * - esaj: GET {base}/api/wallet, the wallet's balance: it moves nothing and needs the API key
 *   (401 or result_code 1 when the key is wrong, 6 when its account is missing or disabled);
 * - pod: POST {base}/nzh/doServiceCall, getInvoiceList with size 1 (a read), with the business
 *   token as `_token_` and the service key as `scApiKey`; POD answers in HTTP 200 either way, and
 *   `hasError` with code 21 (no valid token) or 4 (permission denied: the key) means wrong credentials,
 *   any other error a wrong address or sandbox switch (unexpected).
 *
 * The address goes through `safeFetch` (`lib/net`): every address the host resolves to is checked
 * when the socket opens (internal ones only outside production), and a redirect is not followed.
 *
 * verdict: `ok` (an answer from the API other than unauthenticated), `unauthenticated` (401/403,
 * status "unauthenticated", Esaj's result_code 1/6 or POD's errorCode 21/4: the credential is wrong), `unexpected` (an answer that is not the API's:
 * a 404, a redirect, HTML, a 5xx — the base URL is likely wrong or the service is down),
 * `unreachable` (no answer: DNS, refused, timed out), `notAllowed` (the host resolves to an
 * address this deployment may not call).
 */
export type ConnectionTest = {
  verdict: 'ok' | 'unauthenticated' | 'unexpected' | 'unreachable' | 'notAllowed';
  httpStatus: number | null;
  /** The answer's gist: its status and message, or what went wrong; at most 200 characters, no secrets. */
  gist: string;
  latencyMs: number;
};

const TEST_REF_NUM = 'DARGAH-CONNECTION-TEST';
const TEST_TRACKING_CODE = '00000000';
/** A test that takes longer than this says nothing useful to someone waiting at a form. */
const TEST_TIMEOUT_CAP_MS = 10_000;

/**
 * `credential`: the secret the call proves (PayStar's gateway id, Esaj's API key: the bearer; POD's
 * business token). POD's call also needs its service key and which service ids to use.
 */
type Target = { baseUrl: string; timeoutMs: number; credential: string; serviceKey?: string; sandbox?: boolean };

type TestRequest = { url: string; method: 'GET' | 'POST'; headers: Record<string, string>; body?: string };

function requestOf(id: ConnectorId, t: Target): TestRequest {
  const base = t.baseUrl.replace(/\/+$/, '');
  const bearer = { authorization: `Bearer ${t.credential}` };
  const json = { ...bearer, 'content-type': 'application/json' };
  if (id === 'paystar') return { url: `${base}/api/pardakht/inquiry`, method: 'POST', headers: json, body: JSON.stringify({ ref_num: TEST_REF_NUM }) };
  if (id === 'esaj') return { url: `${base}/api/wallet`, method: 'GET', headers: bearer };
  if (id === 'pod') {
    const scProductId = POD_SERVICE_IDS.getInvoiceList[t.sandbox ? 'sandbox' : 'production'];
    return {
      url: `${base}${POD_SERVICE_CALL_PATH}`,
      method: 'POST',
      headers: { _token_: t.credential, _token_issuer_: '1', 'content-type': 'application/x-www-form-urlencoded' },
      body: podForm({ scProductId, scApiKey: t.serviceKey ?? '', offset: 0, size: 1 }).toString(),
    };
  }
  return { url: `${base}/api/ivr/get-transaction-result?tracking_code=${TEST_TRACKING_CODE}`, method: 'GET', headers: bearer };
}

/** POD's codes for a token it does not take (21) and a key it does not take (4, permission denied). */
const POD_UNAUTHENTICATED = ['21', '4'];

const clip = (s: string) => withoutControls(s).replace(/\s+/g, ' ').trim().slice(0, 200);

function gistOf(answer: Record<string, unknown>): string {
  const parts: string[] = [];
  if (answer.status !== undefined) parts.push(`status ${JSON.stringify(answer.status)}`);
  if (answer.result_code !== undefined) parts.push(`result_code ${JSON.stringify(answer.result_code)}`);
  if (typeof answer.hasError === 'boolean') parts.push(answer.hasError ? `errorCode ${JSON.stringify(answer.errorCode ?? null)}` : 'hasError false');
  if (typeof answer.message === 'string' && answer.message) parts.push(answer.message);
  return clip(parts.join(': ')) || clip(JSON.stringify(answer));
}

export async function testConnection(id: ConnectorId, target: Target, policy: OutboundPolicy): Promise<ConnectionTest> {
  const { url, method, headers, body } = requestOf(id, target);
  const t0 = performance.now();
  const took = () => Math.round(performance.now() - t0);
  let res;
  try {
    res = await safeFetch(
      url,
      {
        method,
        headers: { accept: 'application/json', ...headers },
        body,
        signal: AbortSignal.timeout(Math.min(target.timeoutMs, TEST_TIMEOUT_CAP_MS)),
      },
      policy,
    );
  } catch (e) {
    if (isAddressNotAllowed(e)) return { verdict: 'notAllowed', httpStatus: null, gist: 'address not allowed', latencyMs: took() };
    const err = e as Error & { cause?: { code?: string; message?: string } };
    const why = err.name === 'TimeoutError' ? 'timed out' : (err.cause?.code ?? err.cause?.message ?? err.message);
    return { verdict: 'unreachable', httpStatus: null, gist: clip(String(why)), latencyMs: took() };
  }
  const text = await readPrefix(res, 4000).catch(() => '');
  const latencyMs = took();
  let answer: Record<string, unknown> | null = null;
  try {
    const parsed = JSON.parse(text) as unknown;
    if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) answer = parsed as Record<string, unknown>;
  } catch {
    // not the API's JSON
  }
  const gist = answer ? gistOf(answer) : `HTTP ${res.status}`;
  const saysUnauthenticated =
    res.status === 401 ||
    res.status === 403 ||
    String(answer?.status ?? '').toLowerCase() === 'unauthenticated' ||
    /^unauthenticated\.?$/i.test(String(answer?.message ?? '')) ||
    (id === 'esaj' && ['1', '6'].includes(String(answer?.result_code ?? ''))) ||
    (id === 'pod' && answer?.hasError === true && POD_UNAUTHENTICATED.includes(String(answer.errorCode ?? '')));
  if (saysUnauthenticated) return { verdict: 'unauthenticated', httpStatus: res.status, gist, latencyMs };
  // Esaj answers every call with a result_code, POD with hasError; a JSON body without it is not their API.
  // POD lists invoices for any business it knows: any other error means a wrong address or sandbox switch.
  const notTheApi =
    !answer || (id === 'esaj' && answer.result_code === undefined) || (id === 'pod' && (typeof answer.hasError !== 'boolean' || answer.hasError));
  if (notTheApi || res.status >= 500 || res.status === 404 || (res.status >= 300 && res.status < 400)) {
    return { verdict: 'unexpected', httpStatus: res.status, gist: answer ? `HTTP ${res.status} — ${gist}` : gist, latencyMs };
  }
  return { verdict: 'ok', httpStatus: res.status, gist, latencyMs };
}
