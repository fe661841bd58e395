import { upstreamFetch } from '@/lib/net/upstream';

export type SendResult = { messageId: string | null };

export interface SmsProvider {
  readonly name: string;
  /**
   * `localId` is the outbox row's own number: a provider that knows it (Kavenegar's `localid`) sends a
   * message once per number, so a retry after a lost answer or a worker that died before recording
   * the send does not text the person twice.
   */
  send(mobile: string, body: string, localId?: string): Promise<SendResult>;
}

export class SmsSendError extends Error {
  constructor(
    message: string,
    /** False when retrying cannot help (bad number, bad key). */
    readonly retryable: boolean,
  ) {
    super(message);
  }
}

/** Development and tests: the message stays in the outbox (read by /dev/sms) and goes to the log. */
export const consoleProvider: SmsProvider = {
  name: 'console',
  async send(mobile, body) {
    console.log(`[sms] to ${mobile}: ${body}`);
    return { messageId: null };
  },
};

/**
 * Kavenegar's REST API: POST {base}/v1/{API-KEY}/sms/send.json with form fields receptor,
 * message, sender and localid; the answer is `{ return: { status, message }, entries: [{ messageid }] }`,
 * status 200 meaning accepted. `localid` is our number for the message: Kavenegar documents that a
 * second send with a localid it has seen is not sent again, and the first message's entry is
 * answered instead.
 */
export function kavenegarProvider(opts: { apiKey: string; baseUrl: string; sender?: string; timeoutMs?: number }): SmsProvider {
  return {
    name: 'kavenegar',
    async send(mobile, body, localId) {
      const form = new URLSearchParams({ receptor: mobile, message: body });
      if (opts.sender) form.set('sender', opts.sender);
      if (localId) form.set('localid', localId);
      const url = `${opts.baseUrl.replace(/\/$/, '')}/v1/${encodeURIComponent(opts.apiKey)}/sms/send.json`;
      let res: Response;
      try {
        res = await upstreamFetch(url, {
          method: 'POST',
          headers: { 'content-type': 'application/x-www-form-urlencoded; charset=utf-8' },
          body: form,
          signal: AbortSignal.timeout(opts.timeoutMs ?? 10_000),
        });
      } catch (err) {
        throw new SmsSendError(`kavenegar unreachable: ${(err as Error).message}`, true);
      }
      const json = (await res.json().catch(() => null)) as {
        return?: { status?: number; message?: string };
        entries?: { messageid?: number | string }[];
      } | null;
      const status = json?.return?.status ?? res.status;
      if (status !== 200) {
        // 5xx and 429 are passing troubles; the rest (bad receptor, key, credit) need a person.
        const retryable = status >= 500 || status === 429 || status === 418;
        throw new SmsSendError(`kavenegar ${status}: ${json?.return?.message ?? res.statusText}`, retryable);
      }
      const id = json?.entries?.[0]?.messageid;
      return { messageId: id == null ? null : String(id) };
    },
  };
}
