import { randomInt } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A local PayStar phone-payment (IVR, Saman) service, as its document describes it
 * (docs.paystar.ir "درگاه تلفنی (سامان)"; research/providers.md §A). What is only in our source
 * document or is our own guess is marked [S] / [I]; change it here when PayStar says otherwise.
 *
 * - `POST /api/ivr/create-factor` (Bearer gateway id) {amount, order_id, customer_name, email, phone}
 *   → {status: 1, data: {tracking_code}, errors: []}. [S]
 * - `POST /api/ivr/transaction`: what PayStar's own IVR asks when a caller types an invoice id
 *   ({invoice_id, merchant_cid, ivr: 0, type: 1}) or when a merchant's IVR hands over an order
 *   ({order_id, merchant_cid, amount, trunk_id, ivr: 1, type: 1}) → {transactionId, merchantId, price}
 *   or {error: 1..5}. [S]
 * - the bank's IVR: `pay` / `decline` (the test plays the bank).
 * - `GET /api/ivr/get-transaction-result` (Bearer) with `?tracking_code=` (the document shows a GET
 *   with a JSON body; a body is accepted too) → {status: 1, data: {status, amount, ref_num,
 *   card_number, paid_at, message}, errors: []}. The document's only sample is the bare string
 *   "پرداخت با موفقیت انجام شد." as `data` (tweak `bareSuccess`); the structured data is [I].
 *
 * Errors come inside HTTP 200 bodies, as PayStar's do; a wrong gateway id is the string status
 * "unauthenticated". Status codes beyond 1 are PayStar's IPG table reused [I]: -1 invalid request,
 * -3 duplicate, -5 invalid tracking code.
 */

type FactorState = 'created' | 'in_call' | 'paid' | 'failed' | 'expired';

export type FakeIvrFactor = {
  trackingCode: string;
  orderId: string;
  amount: number;
  customerName: string;
  email: string;
  phone: string;
  /** 'factor': made by create-factor; 'ivr': handed over by the merchant's IVR (ivr: 1). */
  source: 'factor' | 'ivr';
  expiresAt: number;
  state: FactorState;
  /** Set once PayStar's IVR has looked the invoice up and handed the caller to the bank. */
  transactionId?: number;
  callerId?: string;
  /** The full card number as the bank saw it: PayStar only ever answers it masked. */
  card?: string;
  refNum?: string;
  paidAt?: string;
  message?: string;
};

export type FakeIvrRequest = { method: string; path: string; query: Record<string, string>; body: unknown; authorization: string | undefined };

const MERCHANT_ID = '10000005';
const PAID_MESSAGE = 'پرداخت با موفقیت انجام شد.';
/** The look-up's error numbers, as the document lists them. [S] */
export const IVR_LOOKUP_ERROR = { invalidGateway: 1, wrongInvoice: 2, alreadyPaid: 3, expired: 4, tooManyWrongTries: 5 } as const;

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const maskedCard = (card: string) => `${card.slice(0, 6)}******${card.slice(-4)}`;

export async function startFakePaystarIvr(opts: { gatewayId: string; invoiceTtlMs?: number; wrongAttemptCap?: number; trunkId?: string }) {
  const ttl = opts.invoiceTtlMs ?? 30 * 60_000;
  const wrongCap = opts.wrongAttemptCap ?? 3;
  const trunkId = opts.trunkId ?? 'TkdpUQngERd1apGJvoHB';
  const factors = new Map<string, FakeIvrFactor>();
  const orderIds = new Set<string>();
  const ivrOrders = new Map<string, string>(); // merchant IVR's order_id → tracking code
  const wrongTries = new Map<string, number>(); // per caller (merchant_cid)
  const requests: FakeIvrRequest[] = [];
  const tweaks = {
    /** get-transaction-result never answers. */
    resultHang: false,
    /** get-transaction-result answers HTTP 500. */
    result5xx: false,
    /** get-transaction-result answers an HTML page. */
    resultGarbage: false,
    /** A paid factor still reads `pending` for this many more result inquiries (the bank's report lags). */
    resultLagging: 0,
    /** A paid factor is answered with the document's bare sample: a string, no amount. */
    bareSuccess: false,
    /** get-transaction-result answers the full card number (PayStar masks it; an adapter must not rely on that). */
    leakFullCard: false,
    createHang: false,
    create5xx: false,
    /** The merchant's gateway is switched off at PayStar: the IVR look-up answers error 1. */
    gatewayInactive: false,
  };
  let nextTransactionId = randomInt(30_000_000, 40_000_000);

  const newTrackingCode = () => {
    for (;;) {
      const c = String(randomInt(10_000_000, 100_000_000)); // 8 digits, as the document's sample
      if (!factors.has(c)) return c;
    }
  };
  /** Expiry is read lazily: a factor nobody paid within its TTL is expired from then on. */
  const current = (f: FakeIvrFactor) => {
    if ((f.state === 'created' || f.state === 'in_call') && Date.now() >= f.expiresAt) f.state = 'expired';
    return f;
  };
  const factorOf = (trackingCode: string) => {
    const f = factors.get(trackingCode);
    return f ? current(f) : undefined;
  };
  /** PayStar's IVR hands the caller to the bank: the factor gets its transaction id. */
  const handOver = (f: FakeIvrFactor, callerId: string) => {
    f.transactionId ??= nextTransactionId++;
    f.callerId ??= callerId;
    f.state = 'in_call';
    return { transactionId: f.transactionId, merchantId: MERCHANT_ID, price: String(f.amount) };
  };

  const createFactor = (body: unknown) => {
    const invalid = (errors: Record<string, string[]>) => ({ status: -1, message: 'درخواست نامعتبر است', data: [], errors });
    if (!isObject(body)) return invalid({ body: ['بدنه باید یک شیء JSON باشد'] });
    const { amount, order_id, customer_name = '', email = '', phone = '' } = body;
    const errors: Record<string, string[]> = {};
    if (typeof amount !== 'number' || !Number.isSafeInteger(amount) || amount <= 0) errors.amount = ['مبلغ باید عدد صحیح مثبت باشد'];
    else if (amount < 5000) errors.amount = ['حداقل مبلغ ۵۰۰۰ ریال است'];
    if (typeof order_id !== 'string' || order_id.length < 1 || order_id.length > 50) errors.order_id = ['شناسه سفارش باید ۱ تا ۵۰ نویسه باشد'];
    for (const [k, v] of Object.entries({ customer_name, email, phone })) {
      if (typeof v !== 'string' || v.length > 255) errors[k] = [`${k} باید رشته باشد`];
    }
    if (Object.keys(errors).length > 0) return invalid(errors);
    const orderId = order_id as string;
    if (orderIds.has(orderId)) return { status: -3, message: 'شناسه سفارش تکراری است', data: [], errors: { order_id: ['تکراری'] } };
    orderIds.add(orderId);
    const f: FakeIvrFactor = {
      trackingCode: newTrackingCode(),
      orderId,
      amount: amount as number,
      customerName: customer_name as string,
      email: email as string,
      phone: phone as string,
      source: 'factor',
      expiresAt: Date.now() + ttl,
      state: 'created',
    };
    factors.set(f.trackingCode, f);
    return { status: 1, data: { tracking_code: f.trackingCode }, errors: [] };
  };

  /** What PayStar's IVR asks for the invoice a caller typed (ivr: 0) or an order a merchant's IVR sent (ivr: 1). */
  const lookUp = (body: unknown): { status: number; body: unknown } => {
    if (!isObject(body) || body.type !== 1 || (body.ivr !== 0 && body.ivr !== 1) || typeof body.merchant_cid !== 'string' || !body.merchant_cid) {
      return { status: 422, body: { error: 0, message: 'invalid request' } };
    }
    const caller = body.merchant_cid;
    if (tweaks.gatewayInactive) return { status: 200, body: { error: IVR_LOOKUP_ERROR.invalidGateway } };
    if ((wrongTries.get(caller) ?? 0) >= wrongCap) return { status: 200, body: { error: IVR_LOOKUP_ERROR.tooManyWrongTries } };
    const wrong = () => {
      wrongTries.set(caller, (wrongTries.get(caller) ?? 0) + 1);
      return { status: 200, body: { error: IVR_LOOKUP_ERROR.wrongInvoice } };
    };
    const payable = (f: FakeIvrFactor) => {
      if (f.state === 'paid') return { status: 200, body: { error: IVR_LOOKUP_ERROR.alreadyPaid } };
      // A declined factor is closed like an expired one [I]: the merchant was already told it failed.
      if (f.state === 'expired' || f.state === 'failed') return { status: 200, body: { error: IVR_LOOKUP_ERROR.expired } };
      return { status: 200, body: handOver(f, caller) };
    };

    if (body.ivr === 0) {
      // The caller types digits: the document's sample sends them as a number.
      const invoice = typeof body.invoice_id === 'number' || typeof body.invoice_id === 'string' ? String(body.invoice_id) : '';
      const f = factorOf(invoice);
      return f && f.source === 'factor' ? payable(f) : wrong();
    }

    // ivr: 1, the merchant's IVR made the order itself; trunk_id names the merchant's gateway.
    // The document's sample has a leading space in trunk_id (" TkdpUQ…"): trimmed here [I].
    const { order_id, amount } = body;
    if (typeof body.trunk_id !== 'string' || body.trunk_id.trim() !== trunkId) return { status: 200, body: { error: IVR_LOOKUP_ERROR.invalidGateway } };
    if (
      typeof order_id !== 'string' ||
      order_id.length < 1 ||
      order_id.length > 50 ||
      typeof amount !== 'number' ||
      !Number.isSafeInteger(amount) ||
      amount < 5000
    ) {
      return { status: 422, body: { error: 0, message: 'invalid request' } };
    }
    const known = ivrOrders.get(order_id);
    if (known) {
      const f = factorOf(known)!;
      // The same order twice is the same transaction; the same order id with another amount is not.
      return f.amount === amount ? payable(f) : wrong();
    }
    const f: FakeIvrFactor = {
      trackingCode: newTrackingCode(),
      orderId: order_id,
      amount,
      customerName: '',
      email: '',
      phone: caller,
      source: 'ivr',
      expiresAt: Date.now() + ttl,
      state: 'created',
    };
    factors.set(f.trackingCode, f);
    ivrOrders.set(order_id, f.trackingCode);
    return payable(f);
  };

  const result = (trackingCode: string) => {
    if (!trackingCode) return { status: -1, message: 'کد رهگیری الزامی است', data: [], errors: { tracking_code: ['الزامی'] } };
    const f = factorOf(trackingCode);
    if (!f) return { status: -5, message: 'کد رهگیری نامعتبر است', data: [], errors: [] };
    const data = {
      status: 'pending',
      amount: f.amount,
      ref_num: null as string | null,
      card_number: null as string | null,
      paid_at: null as string | null,
      message: '',
    };
    if (f.state === 'paid') {
      if (tweaks.resultLagging > 0) {
        tweaks.resultLagging--;
        return { status: 1, data: { ...data, message: 'در انتظار پرداخت' }, errors: [] };
      }
      if (tweaks.bareSuccess) return { status: 1, data: PAID_MESSAGE, errors: [] };
      const card = tweaks.leakFullCard ? f.card! : maskedCard(f.card!);
      return { status: 1, data: { ...data, status: 'paid', ref_num: f.refNum!, card_number: card, paid_at: f.paidAt!, message: PAID_MESSAGE }, errors: [] };
    }
    if (f.state === 'failed') return { status: 1, data: { ...data, status: 'failed', message: f.message ?? 'پرداخت ناموفق بود' }, errors: [] };
    if (f.state === 'expired') return { status: 1, data: { ...data, status: 'expired', message: 'شناسه فاکتور منقضی شده است' }, errors: [] };
    return { status: 1, data: { ...data, message: 'در انتظار پرداخت' }, errors: [] };
  };

  /** The next create-factor waits, not yet carried out, until the test releases it. */
  let createHold: { arrived: () => void; released: Promise<void> } | null = null;

  const server = http.createServer((req, res) => {
    let raw = '';
    req.on('data', (c) => (raw += c));
    req.on('end', () => {
      const send = (status: number, body: unknown) => {
        res.writeHead(status, { 'content-type': 'application/json' });
        res.end(JSON.stringify(body));
      };
      const url = new URL(req.url ?? '/', 'http://fake');
      const query = Object.fromEntries(url.searchParams);
      let body: unknown = undefined;
      if (raw) {
        try {
          body = JSON.parse(raw);
        } catch {
          requests.push({ method: req.method ?? '', path: url.pathname, query, body: raw, authorization: req.headers.authorization });
          return send(400, { status: -1, message: 'درخواست نامعتبر است', data: [], errors: [] });
        }
      }
      requests.push({ method: req.method ?? '', path: url.pathname, query, body, authorization: req.headers.authorization });
      const route = `${req.method} ${url.pathname}`;

      // PayStar's own IVR calls this one: it carries no merchant bearer (the invoice, or the
      // trunk id, names the merchant) [I].
      if (route === 'POST /api/ivr/transaction') {
        const r = lookUp(body);
        return send(r.status, r.body);
      }
      if (route !== 'POST /api/ivr/create-factor' && route !== 'GET /api/ivr/get-transaction-result') {
        return send(404, { status: -1, message: 'not found', data: [], errors: [] });
      }
      if (req.headers.authorization !== `Bearer ${opts.gatewayId}`) {
        return send(200, { status: 'unauthenticated', message: 'Unauthenticated.', data: [], errors: [] });
      }
      if (route === 'POST /api/ivr/create-factor') {
        const held = createHold;
        if (held) {
          createHold = null;
          held.arrived();
          return void held.released.then(() => send(200, createFactor(body)));
        }
        if (tweaks.createHang) return; // never answers
        if (tweaks.create5xx) return send(500, { message: 'Server Error' });
        return send(200, createFactor(body));
      }
      if (tweaks.resultHang) return;
      if (tweaks.result5xx) return send(500, { message: 'Server Error' });
      if (tweaks.resultGarbage) {
        res.writeHead(200, { 'content-type': 'text/html' });
        return res.end('<html><body>502 Bad Gateway</body></html>');
      }
      const fromBody = isObject(body) && (typeof body.tracking_code === 'string' || typeof body.tracking_code === 'number') ? String(body.tracking_code) : '';
      return send(200, result(query.tracking_code ?? fromBody));
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  /** The bank can only settle a transaction PayStar's IVR handed over; a test that skips the call gets it done here. */
  const atTheBank = (trackingCode: string) => {
    const f = factorOf(trackingCode);
    if (!f) throw new Error(`fake PayStar IVR: unknown tracking code ${trackingCode}`);
    if (f.state !== 'created' && f.state !== 'in_call') throw new Error(`fake PayStar IVR: factor ${trackingCode} is ${f.state}`);
    handOver(f, f.phone || '09120000000');
    return f;
  };

  return {
    baseUrl,
    trunkId,
    merchantId: MERCHANT_ID,
    requests,
    factors,
    tweaks,
    /** The next create-factor stays in flight (not yet made) until `release()`; `arrived` resolves once it has come in. */
    holdNextCreate() {
      let release!: () => void;
      const released = new Promise<void>((r) => (release = r));
      let arrived!: () => void;
      const came = new Promise<void>((r) => (arrived = r));
      createHold = { arrived, released };
      return { arrived: came, release };
    },
    /** The bank's IVR takes the money from this card (a full card number; PayStar answers it masked). */
    pay(trackingCode: string, card = '6037991234560004') {
      if (!/^\d{16,19}$/.test(card)) throw new Error('fake PayStar IVR: a card number is 16 to 19 digits');
      const f = atTheBank(trackingCode);
      f.state = 'paid';
      f.card = card;
      f.refNum = String(randomInt(100_000_000_000, 999_999_999_999));
      f.paidAt = new Date().toISOString();
      f.message = PAID_MESSAGE;
      return f;
    },
    decline(trackingCode: string, reason = 'موجودی کافی نیست') {
      const f = atTheBank(trackingCode);
      f.state = 'failed';
      f.message = reason;
      return f;
    },
    /** The factor's TTL runs out now. */
    expire(trackingCode: string) {
      const f = factorOf(trackingCode);
      if (!f) throw new Error(`fake PayStar IVR: unknown tracking code ${trackingCode}`);
      if (f.state === 'paid' || f.state === 'failed') throw new Error(`fake PayStar IVR: factor ${trackingCode} is ${f.state}`);
      f.expiresAt = Date.now();
      f.state = 'expired';
      return f;
    },
    close: () =>
      new Promise<void>((r) => {
        server.closeAllConnections(); // a hanging answer must not keep the test waiting
        server.close(() => r());
      }),
  };
}
