'use server';

import { getDb } from '@/db';
import type { ActionResult } from '@/lib/actions/result';
import { sandboxPay } from '@/lib/gateways/sandbox';

/**
 * The payer's choice on the sandbox bank. The "answers twice" card makes the bank deliver its
 * callback server to server as well as sending the browser back, as some banks do.
 */
export async function sandboxPayAction(token: string, input: { card?: string; cancel?: boolean }): Promise<ActionResult<{ callbackUrl: string }>> {
  if (typeof token !== 'string' || typeof input !== 'object' || input === null) return { ok: false, error: 'notFound' };
  const r = await sandboxPay(getDb(), token, { card: typeof input.card === 'string' ? input.card : undefined, cancel: input.cancel === true });
  if (!r.ok) return { ok: false, error: r.error };
  if (r.twice) await fetch(r.callbackUrl, { redirect: 'manual', signal: AbortSignal.timeout(10_000) }).catch(() => {});
  return { ok: true, data: { callbackUrl: r.callbackUrl } };
}
