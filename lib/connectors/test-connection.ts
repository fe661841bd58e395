import { isAddressNotAllowed, readPrefix, safeFetch } from '@/lib/net/fetch';
import type { OutboundPolicy } from '@/lib/net/url';
import { withoutControls } from '@/lib/validation/text';
import type { ConnectorId } from './schemas';

/**
 * "Test connection": one harmless, authenticated call per kind that cannot move money, asking
 * about something that does not exist, so any answer but "unauthenticated" proves the gateway id:
 * - paystar: POST {base}/api/pardakht/inquiry { ref_num } with a ref_num PayStar never issues;
 * - paystar-ivr: GET {base}/api/ivr/get-transaction-result?tracking_code=00000000;
 * - esaj: GET {base}/api/wallet, the wallet's balance: it moves nothing and needs the API key
 *   (401 or result_code 1 when the key is wrong, 6 when its account is missing or disabled).
 *
 * The address goes through `safeFetch` (`lib/net`): every address the host resolves to is checked
 * when the socket opens (internal ones only outside production), and a redirect is not followed.
 *
 * verdict: `ok` (an answer from the API other than unauthenticated), `unauthenticated` (401/403,
 * status "unauthenticated" or Esaj's result_code 1/6: the credential is wrong), `unexpected` (an answer that is not the API's:
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

/** `credential`: the bearer secret the call proves (PayStar's gateway id, Esaj's API key). */
type Target = { baseUrl: string; timeoutMs: number; credential: string };

function requestOf(id: ConnectorId, t: Target): { url: string; method: 'GET' | 'POST'; body?: string } {
  const base = t.baseUrl.replace(/\/+$/, '');
  if (id === 'paystar') return { url: `${base}/api/pardakht/inquiry`, method: 'POST', body: JSON.stringify({ ref_num: TEST_REF_NUM }) };
  if (id === 'esaj') return { url: `${base}/api/wallet`, method: 'GET' };
  return { url: `${base}/api/ivr/get-transaction-result?tracking_code=${TEST_TRACKING_CODE}`, method: 'GET' };
}

const clip = (s: string) => withoutControls(s).replace(/\s+/g, ' ').trim().slice(0, 200);

function gistOf(answer: Record<string, unknown>): string {
  const parts: string[] = [];
  if (answer.status !== undefined) parts.push(`status ${JSON.stringify(answer.status)}`);
  if (answer.result_code !== undefined) parts.push(`result_code ${JSON.stringify(answer.result_code)}`);
  if (typeof answer.message === 'string' && answer.message) parts.push(answer.message);
  return clip(parts.join(': ')) || clip(JSON.stringify(answer));
}

export async function testConnection(id: ConnectorId, target: Target, policy: OutboundPolicy): Promise<ConnectionTest> {
  const { url, method, body } = requestOf(id, target);
  const t0 = performance.now();
  const took = () => Math.round(performance.now() - t0);
  let res;
  try {
    res = await safeFetch(
      url,
      {
        method,
        headers: { accept: 'application/json', authorization: `Bearer ${target.credential}`, ...(body ? { 'content-type': 'application/json' } : {}) },
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
    (id === 'esaj' && ['1', '6'].includes(String(answer?.result_code ?? '')));
  if (saysUnauthenticated) return { verdict: 'unauthenticated', httpStatus: res.status, gist, latencyMs };
  // Esaj answers every call with a result_code; a JSON body without one is not its API.
  const notTheApi = !answer || (id === 'esaj' && answer.result_code === undefined);
  if (notTheApi || res.status >= 500 || res.status === 404 || (res.status >= 300 && res.status < 400)) {
    return { verdict: 'unexpected', httpStatus: res.status, gist: answer ? `HTTP ${res.status} — ${gist}` : gist, latencyMs };
  }
  return { verdict: 'ok', httpStatus: res.status, gist, latencyMs };
}
