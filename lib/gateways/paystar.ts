import { createHmac } from 'node:crypto';
import type { BankAnswer, CallLog, Gateway, StartInput, StartResult, VerifyInput } from './types';
import { maskCard } from './types';
import { upstreamFetch } from '@/lib/net/upstream';

/**
 * PayStar's online gateway (docs.paystar.ir, "pardakht"):
 * - create: POST {base}/api/pardakht/create, `Authorization: Bearer <gateway_id>`,
 *   { amount, order_id, callback, sign = HMAC-SHA512(key, "amount#order_id#callback") } →
 *   { status: 1, message, data: { token, ref_num, order_id, payment_amount } };
 * - the payer pays at {base}/api/pardakht/payment?token=…;
 * - callback (GET or POST to ours): status, order_id, ref_num, transaction_id, card_number, tracking_code;
 * - verify: POST {base}/api/pardakht/verify { ref_num, amount, sign = HMAC-SHA512(key, "amount#ref_num#card_number#tracking_code") }
 *   → { status: 1, message, data: { price, ref_num, card_number } }.
 * A verify refused for its sign (-5) or an unknown transaction (-6) means the callback's card
 * number or tracking code were not PayStar's: nothing changes. Any other status is a decline with
 * PayStar's message; no answer, a timeout or a 5xx is `unknown`.
 */
export type PaystarConfig = { baseUrl: string; gatewayId: string; signKey: string; timeoutMs?: number };

export function paystarSign(key: string, parts: (string | number | bigint)[]): string {
  return createHmac('sha512', key).update(parts.map(String).join('#')).digest('hex');
}

const NOT_THEIRS = new Set([-5, -6]);

type PaystarAnswer = { status?: number | string; message?: string; data?: Record<string, unknown> };

export function paystarGateway(cfg: PaystarConfig): Gateway {
  const base = cfg.baseUrl.replace(/\/+$/, '');
  const call = async (
    path: string,
    body: Record<string, unknown>,
  ): Promise<{ answer: PaystarAnswer | null; httpStatus: number | null; log: CallLog; error?: string }> => {
    const t0 = performance.now();
    let httpStatus: number | null = null;
    let answer: PaystarAnswer | null = null;
    let error: string | undefined;
    try {
      const res = await upstreamFetch(
        `${base}${path}`,
        {
          method: 'POST',
          headers: { 'content-type': 'application/json', accept: 'application/json', authorization: `Bearer ${cfg.gatewayId}` },
          body: JSON.stringify(body),
          signal: AbortSignal.timeout(cfg.timeoutMs ?? 10_000),
        },
        path,
      );
      httpStatus = res.status;
      const text = await res.text();
      try {
        answer = JSON.parse(text) as PaystarAnswer;
      } catch {
        error = `Not JSON (HTTP ${res.status})`;
      }
      if (res.status >= 500) error = `HTTP ${res.status}`;
    } catch (e) {
      error = (e as Error).name === 'TimeoutError' ? 'Timed out' : `Network: ${(e as Error).message}`;
    }
    // The sign is a secret-derived value: not kept in the log.
    const { sign: _sign, ...logged } = body;
    void _sign;
    return {
      answer,
      httpStatus,
      error,
      log: { request: { path, ...logged }, response: answer ?? { error, httpStatus }, latencyMs: Math.round(performance.now() - t0) },
    };
  };

  const verifyOnce = async (input: VerifyInput): Promise<BankAnswer & { log: CallLog }> => {
    const card = input.callback.card_number ?? '';
    const tracking = input.callback.tracking_code ?? '';
    if (!card || !tracking) {
      // Without these PayStar cannot be asked; the payer did not finish (or the callback is not PayStar's).
      return {
        status: 'pending',
        log: { request: { path: '/api/pardakht/verify', skipped: 'no card_number/tracking_code in the callback' }, response: null, latencyMs: 0 },
      };
    }
    const { answer, error, log } = await call('/api/pardakht/verify', {
      ref_num: input.token,
      amount: Number(input.amount),
      sign: paystarSign(cfg.signKey, [input.amount, input.token, card, tracking]),
    });
    if (error || !answer) return { status: 'unknown', reason: error ?? 'No answer', log };
    // -5 (sign) and -6 (no such transaction): PayStar does not recognise what the callback
    // claimed, so the callback was not PayStar's (or not this payment's): change nothing.
    if (NOT_THEIRS.has(Number(answer.status))) return { status: 'pending', log };
    if (Number(answer.status) !== 1) return { status: 'declined', reason: `${answer.message ?? 'Declined'} (${answer.status})`, log };
    const d = answer.data ?? {};
    const price = d.price;
    if (typeof price !== 'number' && typeof price !== 'string') return { status: 'unknown', reason: 'Verify answer without a price', log };
    return { status: 'paid', amount: BigInt(String(price)), ref: String(d.ref_num ?? input.token), cardMasked: maskCard(String(d.card_number ?? card)), log };
  };

  return {
    id: 'paystar',
    async start(input: StartInput): Promise<StartResult> {
      const { answer, error, log } = await call('/api/pardakht/create', {
        amount: Number(input.amount),
        order_id: input.orderId,
        callback: input.callbackUrl,
        sign: paystarSign(cfg.signKey, [input.amount, input.orderId, input.callbackUrl]),
        ...(input.name ? { name: input.name } : {}),
        ...(input.mobile ? { phone: input.mobile } : {}),
        ...(input.description ? { description: input.description.slice(0, 255) } : {}),
        callback_method: 1,
      });
      if (error || !answer) return { ok: false, reason: error ?? 'No answer', log };
      const d = answer.data ?? {};
      if (Number(answer.status) !== 1 || typeof d.token !== 'string' || typeof d.ref_num !== 'string') {
        return { ok: false, reason: `${answer.message ?? 'Refused'} (${answer.status})`, log };
      }
      return { ok: true, token: d.ref_num, pageUrl: `${base}/api/pardakht/payment?token=${encodeURIComponent(d.token)}`, log };
    },
    tokenOfCallback: (p) => (typeof p.ref_num === 'string' && /^[A-Za-z0-9_-]{1,120}$/.test(p.ref_num) ? p.ref_num : null),
    // PayStar's callback carries the card number already masked; it is what its verify signs.
    verifyParams: (p) => ({ card_number: String(p.card_number ?? '').slice(0, 40), tracking_code: String(p.tracking_code ?? '').slice(0, 60) }),
    verify: verifyOnce,
    inquire: verifyOnce,
  };
}
