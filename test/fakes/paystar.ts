import { randomBytes } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { paystarSign } from '@/lib/gateways/paystar';

/**
 * A local PayStar that speaks its documented protocol and checks every request: the bearer
 * gateway id, the JSON shape and the HMAC-SHA512 sign. `pay` plays the payer on its page.
 */
type Txn = {
  token: string;
  refNum: string;
  orderId: string;
  amount: number;
  callback: string;
  state: 'new' | 'paid' | 'failed';
  card?: string;
  tracking?: string;
  verified?: boolean;
};

export async function startFakePaystar(opts: { gatewayId: string; signKey: string }) {
  const txns = new Map<string, Txn>();
  const requests: { path: string; body: Record<string, unknown> }[] = [];
  /** Set to make verify answer with another price (an amount mismatch), or hang. */
  const tweaks = { verifyPriceDelta: 0, verifyHang: false, declineVerify: false };

  const server = http.createServer((req, res) => {
    let raw = '';
    req.on('data', (c) => (raw += c));
    req.on('end', () => {
      const send = (status: number, body: unknown) => {
        res.writeHead(status, { 'content-type': 'application/json' });
        res.end(JSON.stringify(body));
      };
      let body: Record<string, unknown>;
      try {
        body = JSON.parse(raw || '{}');
      } catch {
        return send(400, { status: -1, message: 'درخواست نامعتبر' });
      }
      requests.push({ path: req.url ?? '', body });
      if (req.headers.authorization !== `Bearer ${opts.gatewayId}`) return send(401, { status: -2, message: 'درگاه فعال نیست' });
      if (req.method === 'POST' && req.url === '/api/pardakht/create') {
        const { amount, order_id, callback, sign } = body as { amount: unknown; order_id: unknown; callback: unknown; sign: unknown };
        if (typeof amount !== 'number' || !Number.isInteger(amount) || typeof order_id !== 'string' || typeof callback !== 'string') {
          return send(200, { status: -1, message: 'درخواست نامعتبر' });
        }
        if (sign !== paystarSign(opts.signKey, [amount, order_id, callback])) return send(200, { status: -5, message: 'امضا نامعتبر است' });
        if (amount < 5000) return send(200, { status: -4, message: 'مبلغ کمتر از حد مجاز است' });
        const t: Txn = {
          token: randomBytes(8).toString('hex'),
          refNum: `PS${randomBytes(5).toString('hex')}`,
          orderId: order_id,
          amount,
          callback,
          state: 'new',
        };
        txns.set(t.refNum, t);
        return send(200, { status: 1, message: 'موفق', data: { token: t.token, ref_num: t.refNum, order_id, payment_amount: amount } });
      }
      if (req.method === 'POST' && req.url === '/api/pardakht/verify') {
        const { ref_num, amount, sign } = body as { ref_num: unknown; amount: unknown; sign: unknown };
        const t = typeof ref_num === 'string' ? txns.get(ref_num) : undefined;
        if (!t) return send(200, { status: -6, message: 'تراکنش یافت نشد' });
        if (sign !== paystarSign(opts.signKey, [String(amount), t.refNum, t.card ?? '', t.tracking ?? '']))
          return send(200, { status: -5, message: 'امضا نامعتبر است' });
        if (t.state !== 'paid' || tweaks.declineVerify) return send(200, { status: -9, message: 'تراکنش ناموفق بوده است' });
        if (amount !== t.amount) return send(200, { status: -7, message: 'مبلغ با تراکنش مطابقت ندارد' });
        if (tweaks.verifyHang) return; // never answers
        t.verified = true;
        return send(200, { status: 1, message: 'موفق', data: { price: t.amount + tweaks.verifyPriceDelta, ref_num: t.refNum, card_number: t.card } });
      }
      if (req.method === 'POST' && req.url === '/api/pardakht/inquiry') {
        const t = typeof body.ref_num === 'string' ? txns.get(body.ref_num) : undefined;
        if (!t) return send(200, { status: -6, message: 'تراکنش یافت نشد' });
        return send(200, { status: 1, message: 'موفق', data: { price: t.amount, ref_num: t.refNum, status: t.state, card_number: t.card ?? null } });
      }
      send(404, { status: -1, message: 'not found' });
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    baseUrl,
    requests,
    tweaks,
    /** The payer on PayStar's page: pays (or is declined), then PayStar calls back with these params. */
    pay(refNum: string, ok: boolean): Record<string, string> {
      const t = txns.get(refNum);
      if (!t) throw new Error('unknown ref_num');
      t.state = ok ? 'paid' : 'failed';
      t.card = ok ? '603799******0004' : undefined;
      t.tracking = ok ? String(Date.now()).slice(-10) : undefined;
      return {
        status: ok ? '1' : '-98',
        order_id: t.orderId,
        ref_num: t.refNum,
        transaction_id: String(Date.now()),
        ...(ok ? { card_number: t.card!, tracking_code: t.tracking! } : {}),
      };
    },
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}
