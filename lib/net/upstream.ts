import { logContext, logger } from '@/lib/log';

/**
 * `fetch` to a configured upstream (a bank, the SMS provider, the top-up aggregator, POD, N Kolay):
 * sends the current request's id (or, in a job, the job's) as `x-request-id` so the provider's logs
 * and ours can be matched, and logs the call — host, method, status, time and the caller's `label`;
 * never the path (Kavenegar's carries the API key), a query, a body or a header, which carry keys
 * and card data. Addresses here come from configuration only;
 * a user-chosen address goes through `safeFetch` (lib/net/fetch.ts).
 */
export async function upstreamFetch(url: string | URL, init: RequestInit = {}, label?: string): Promise<Response> {
  const ctx = logContext();
  const id = ctx?.requestId ?? (ctx?.jobId ? `job-${ctx.jobId}` : undefined);
  const headers = new Headers(init.headers);
  if (id && !headers.has('x-request-id')) headers.set('x-request-id', id);
  const u = new URL(String(url));
  const t0 = performance.now();
  const line = { upstream: u.host, method: init.method ?? 'GET', ...(label ? { call: label } : {}) };
  try {
    const res = await fetch(url, { ...init, headers });
    logger({ module: 'upstream' }).info({ ...line, status: res.status, ms: Math.round(performance.now() - t0) }, 'upstream call');
    return res;
  } catch (err) {
    logger({ module: 'upstream' }).warn({ ...line, ms: Math.round(performance.now() - t0), error: (err as Error).name }, 'upstream call failed');
    throw err;
  }
}
