'use server';

import { getDb } from '@/db';
import type { ActionResult } from '@/lib/actions/result';
import { headers } from 'next/headers';
import { clientIp } from '@/lib/auth/request';
import { publicBaseUrl } from '@/lib/http/base-url';
import { payByLink, payByOneOffLink } from '@/lib/payments/links';

type PayAnswer = ActionResult<{ redirect: string }>;

function answer(r: Awaited<ReturnType<typeof payByLink>>): PayAnswer {
  if (r.ok) return { ok: true, data: { redirect: r.redirect } };
  if (r.error === 'invalid') return { ok: false, fieldErrors: r.fieldErrors };
  if (r.error === 'payRateLimited') return { ok: false, error: r.error, params: { retryAfterSeconds: r.retryAfterSeconds } };
  return { ok: false, error: r.error };
}

/** The payer's submit on /pay/<handle>; everything is re-checked on the server. */
export async function payByLinkAction(
  handle: string,
  input: Record<string, unknown>,
  query: Record<string, string>,
  retryOf: string | null,
): Promise<PayAnswer> {
  if (typeof handle !== 'string' || typeof input !== 'object' || input === null) return { ok: false, error: 'notFound' };
  const q: Record<string, string> = {};
  for (const [k, v] of Object.entries(query ?? {}).slice(0, 10)) if (typeof v === 'string') q[k] = v;
  const ip = clientIp(await headers());
  return answer(await payByLink(getDb(), handle, input, { query: q, baseUrl: publicBaseUrl(), ip, retryOf: typeof retryOf === 'string' ? retryOf : null }));
}

export async function payByOneOffAction(code: string, input: Record<string, unknown>): Promise<PayAnswer> {
  if (typeof code !== 'string' || typeof input !== 'object' || input === null) return { ok: false, error: 'notFound' };
  return answer(await payByOneOffLink(getDb(), code, input, { baseUrl: publicBaseUrl(), ip: clientIp(await headers()) }));
}
