import { randomInt } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A local top-up aggregator of Esaj's REST shape (lib/topup/esaj.ts has the protocol and what of it
 * is [V] / [I]). It keeps a wallet that charges debit at the provider's cost (a failed charge gives
 * it back), a catalogue in the provider's own product shape, and orders by our order id:
 * - a charge answers "in progress" (9) and becomes final on a later inquiry (`tweaks.instant` answers
 *   final at once; `tweaks.pendingInquiries` keeps it in progress longer; `tweaks.acceptedNotCharged`
 *   answers 0 with status "accepted", which is not "charged");
 * - a second charge with the same Idempotency-Key or order id charges nothing and answers 12 with the
 *   first order as it stands;
 * - code 5 when the wallet is below the cost, 2 for an amount the product does not allow, 3 for a
 *   malformed number, 8 for an inquiry about an order it never got;
 * - `failNext` / `failMobile` make charges fail (final 10), `hang` never answers (after doing the
 *   work), `fail5xx` answers 500 (before doing it), `garbage` answers an HTML page.
 * Every call checks the bearer key (401, code 1) and the body's shape (strict: a field it does not
 * know is refused, code 11), and is kept in `requests`.
 */
type Endpoint = 'catalogue' | 'charge' | 'inquiry' | 'wallet';

export type FakeTopupOrder = {
  orderId: string;
  idempotencyKey: string;
  productId: number;
  mobile: string;
  price: number;
  cost: number;
  operatorType: number | null;
  state: 'pending' | 'success' | 'failed';
  willFail: boolean;
  inquiriesLeft: number;
  transactionId: string;
  pinCode?: string;
  serialNumber?: string;
  chargeCalls: number;
};

export type FakeTopupRequest = { method: string; path: string; authorization: string | undefined; idempotencyKey: string | undefined; body: unknown };

const MESSAGES = {
  1: 'کلید دسترسی نامعتبر است',
  2: 'مبلغ نامعتبر است',
  3: 'شماره موبایل نامعتبر است',
  5: 'اعتبار کیف پول کمتر از مبلغ است',
  7: 'کد سفارش نامعتبر است',
  8: 'تراکنش یافت نشد',
  9: 'در حال انجام',
  10: 'شارژ انجام نشد: اپراتور درخواست را نپذیرفت',
  11: 'درخواست ناموفق',
  12: 'کد سفارش تکراری است',
} as const;

/** A product as the provider sends it. */
export type FakeWireProduct = {
  id: number;
  name: string;
  name_en: string | null;
  description: string;
  description_full: null;
  sku: null;
  price: number;
  second_price: number | null;
  showable_price: null;
  type: string;
  minimum_sale: null;
  dimension: null;
  score: number;
  status: number;
  options: { amounts?: number[]; step?: number } | string | null;
  deliverable: number;
  third_party_id: null;
  capacity: number | string | null;
  period: number | string | null;
  sim_card_type: string;
  operator_id: number;
  profile_id: null;
  order: number;
  created_at: null;
  updated_at: null;
  categories: unknown[];
  discount: number | string;
};

const product = (p: Partial<FakeWireProduct> & Pick<FakeWireProduct, 'id' | 'name' | 'type' | 'operator_id' | 'price'>): FakeWireProduct => ({
  name_en: null,
  description: p.name,
  description_full: null,
  sku: null,
  second_price: null,
  showable_price: null,
  minimum_sale: null,
  dimension: null,
  score: 0,
  status: 1,
  options: null,
  deliverable: 0,
  third_party_id: null,
  capacity: null,
  period: null,
  sim_card_type: 'credit',
  profile_id: null,
  order: p.id,
  created_at: null,
  updated_at: null,
  categories: [],
  discount: 3,
  ...p,
});

/** The provider's catalogue, in its own shape. Operator ids: 1 MCI, 2 Irancell, 3 Rightel, 5 Shatel. */
export const FAKE_TOPUP_CATALOGUE: FakeWireProduct[] = [
  product({
    id: 11,
    name: 'شارژ مستقیم همراه اول',
    type: 'cell_direct_charge',
    operator_id: 1,
    price: 21000,
    second_price: 200000,
    options: { amounts: [21000, 50000, 100000, 200000] },
    discount: 2.5,
  }),
  // The document's own sample, field for field.
  product({
    id: 62,
    name: 'شارژ مستقیم ایرانسل - مبلغ دلخواه',
    type: 'cell_direct_charge',
    operator_id: 2,
    price: 5000,
    second_price: 2000000,
    order: 62,
    discount: '3.25',
  }),
  product({
    id: 31,
    name: 'شارژ مستقیم رایتل',
    name_en: 'Rightel direct top-up',
    type: 'cell_direct_charge',
    operator_id: 3,
    price: 10000,
    second_price: 1000000,
    options: '{"step":10000}',
    discount: 4,
  }),
  product({
    id: 63,
    name: 'شارژ شگفت‌انگیز ایرانسل',
    type: 'cell_amazing_charge',
    operator_id: 2,
    price: 10000,
    second_price: 200000,
    options: { amounts: [10000, 20000, 50000, 100000, 200000] },
  }),
  product({
    id: 32,
    name: 'شارژ شورانگیز رایتل',
    type: 'cell_exciting_charge',
    operator_id: 3,
    price: 20000,
    second_price: 1000000,
    options: { amounts: [20000, 50000, 100000, 200000, 500000, 1000000] },
  }),
  product({ id: 14, name: 'کارت شارژ همراه اول ۱۰۰٬۰۰۰ ریالی', type: 'cell_pin_charge', operator_id: 1, price: 100000, discount: 2 }),
  product({
    id: 101,
    name: 'بسته اینترنت همراه اول ۱ گیگابایت یک‌روزه',
    type: 'cell_internet_package',
    operator_id: 1,
    price: 50000,
    capacity: 1024,
    period: 1,
    discount: 5,
  }),
  product({
    id: 102,
    name: 'بسته اینترنت همراه اول ۱۰ گیگابایت ۳۰ روزه',
    type: 'cell_internet_package',
    operator_id: 1,
    price: 650000,
    capacity: '10 GB',
    period: '30',
    discount: 5,
  }),
  product({
    id: 103,
    name: 'بسته اینترنت همراه اول دائمی ۲۰ گیگابایت ماهانه',
    type: 'cell_internet_package',
    operator_id: 1,
    price: 1100000,
    capacity: '20GB',
    period: 30,
    sim_card_type: 'permanent',
    discount: 5,
  }),
  product({
    id: 104,
    name: 'بسته اینترنت همراه اول ۳ گیگابایت هفتگی (غیرفعال)',
    type: 'cell_internet_package',
    operator_id: 1,
    price: 180000,
    capacity: 3072,
    period: 7,
    status: 0,
  }),
  product({
    id: 201,
    name: 'بسته اینترنت ایرانسل ۵۰۰ مگابایت یک‌روزه',
    type: 'cell_internet_package',
    operator_id: 2,
    price: 35000,
    capacity: '500 MB',
    period: 1,
    discount: '4.5',
  }),
  product({
    id: 202,
    name: 'بسته اینترنت ایرانسل ۶ گیگابایت هفتگی',
    type: 'cell_internet_package',
    operator_id: 2,
    price: 300000,
    capacity: 6144,
    period: 7,
    discount: '4.5',
  }),
  product({
    id: 203,
    name: 'بسته اینترنت ایرانسل ۳۰ گیگابایت ۳۰ روزه',
    type: 'cell_internet_package',
    operator_id: 2,
    price: 1250000,
    capacity: '۳۰ گیگ',
    period: '۳۰ روزه',
    discount: '4.5',
  }),
  product({ id: 301, name: 'بسته اینترنت رایتل ۲ گیگابایت سه‌روزه', type: 'cell_internet_package', operator_id: 3, price: 90000, capacity: 2048, period: 3 }),
  product({
    id: 302,
    name: 'بسته اینترنت رایتل ۱۵ گیگابایت ۳۰ روزه',
    type: 'cell_internet_package',
    operator_id: 3,
    price: 700000,
    capacity: 15360,
    period: 30,
  }),
  product({
    id: 501,
    name: 'بسته اینترنت شاتل موبایل ۱۰ گیگابایت ماهانه',
    type: 'cell_internet_package',
    operator_id: 5,
    price: 450000,
    capacity: 10240,
    period: 30,
  }),
  // Something the provider sells that a top-up store does not: an adapter must leave it out.
  product({ id: 900, name: 'پرداخت قبض برق', type: 'bill_payment', operator_id: 1, price: 1000 }),
];

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const onlyKeys = (o: Record<string, unknown>, allowed: string[]) => Object.keys(o).every((k) => allowed.includes(k));
const digits = (n: number) => Array.from({ length: n }, () => randomInt(0, 10)).join('');

export async function startFakeTopup(opts: { apiKey: string; wallet?: bigint }) {
  let wallet = opts.wallet ?? 1_000_000_000n;
  const orders = new Map<string, FakeTopupOrder>();
  const byKey = new Map<string, string>(); // Idempotency-Key → order id
  const requests: FakeTopupRequest[] = [];
  const tweaks = {
    /** Charges answer their final state at once instead of "in progress". */
    instant: false,
    /** How many inquiries of a new order still answer "in progress" before it is final. */
    pendingInquiries: 0,
    /** A charge answers code 0 with status "accepted": taken, not charged (it settles on inquiry). */
    acceptedNotCharged: false,
    /** The next charge fails (final: code 10, wallet refunded). */
    failNext: false,
    /** Charges to this number fail. */
    failMobile: null as string | null,
    /** This endpoint never answers (a charge is still taken and charged). */
    hang: null as Endpoint | null,
    /** This endpoint answers HTTP 500 with an HTML page, having done nothing. */
    fail5xx: null as Endpoint | null,
    /** This endpoint answers HTTP 200 with an HTML page, having done nothing. */
    garbage: null as Endpoint | null,
  };

  const orderData = (o: FakeTopupOrder) => ({
    order_id: o.orderId,
    transaction_id: o.transactionId,
    product_id: o.productId,
    status: o.state,
    amount: o.price,
    mobile: o.mobile,
    credit: Number(wallet),
    ...(o.state === 'success' && o.pinCode ? { pin_code: o.pinCode, serial_number: o.serialNumber } : {}),
  });
  /** The order's answer as it stands: 9 in progress, 0 success, 10 failed (or `code` for a duplicate). */
  const orderAnswer = (o: FakeTopupOrder, code?: number) => {
    const c = code ?? (o.state === 'pending' ? 9 : o.state === 'success' ? 0 : 10);
    return { result_code: c, message: c === 0 ? 'عملیات موفق' : MESSAGES[c as keyof typeof MESSAGES], data: orderData(o) };
  };
  const settle = (o: FakeTopupOrder) => {
    if (o.state !== 'pending') return;
    o.state = o.willFail ? 'failed' : 'success';
    if (o.state === 'failed') wallet += BigInt(o.cost); // the provider gives a failed charge back to our wallet
  };
  const refuse = (code: keyof typeof MESSAGES, extra?: string) => ({
    result_code: code,
    message: extra ? `${MESSAGES[code]}: ${extra}` : MESSAGES[code],
    data: null,
  });

  const allowed = (p: FakeWireProduct, price: number) => {
    const o = typeof p.options === 'string' ? (JSON.parse(p.options) as { amounts?: number[]; step?: number }) : p.options;
    if (p.type === 'cell_internet_package' || p.type === 'cell_pin_charge') return price === p.price;
    if (o?.amounts) return o.amounts.includes(price);
    const step = o?.step ?? 1;
    return p.second_price !== null && price >= p.price && price <= p.second_price && (price - p.price) % step === 0;
  };

  const charge = (path: string, key: string | undefined, body: unknown): { status: number; body: unknown } => {
    if (!key) return { status: 400, body: refuse(11, 'Idempotency-Key الزامی است') };
    if (!isObject(body) || !onlyKeys(body, ['product_id', 'mobile', 'price', 'order_id', 'operator_type', 'webservice_code']))
      return { status: 422, body: refuse(11, 'فیلد ناشناخته') };
    const { product_id, mobile, price, order_id, operator_type } = body;
    if (typeof order_id !== 'string' || !/^[A-Za-z0-9_-]{1,64}$/.test(order_id)) return { status: 200, body: refuse(7) };
    const first = orders.get(byKey.get(key) ?? order_id);
    if (first) {
      first.chargeCalls++;
      return { status: 200, body: orderAnswer(first, 12) };
    }
    if (typeof product_id !== 'number' || !Number.isSafeInteger(product_id)) return { status: 422, body: refuse(11, 'product_id') };
    if (operator_type !== undefined && (typeof operator_type !== 'number' || !Number.isInteger(operator_type)))
      return { status: 422, body: refuse(11, 'operator_type') };
    if (typeof mobile !== 'string' || !/^09\d{9}$/.test(mobile)) return { status: 200, body: refuse(3) };
    if (typeof price !== 'number' || !Number.isSafeInteger(price) || price <= 0) return { status: 200, body: refuse(2) };
    const p = FAKE_TOPUP_CATALOGUE.find((x) => x.id === product_id && x.status === 1 && x.type !== 'bill_payment');
    if (!p) return { status: 200, body: refuse(11, 'محصول یافت نشد') };
    if ((p.type === 'cell_internet_package') !== (path === '/api/top-up/package')) return { status: 200, body: refuse(11, 'مسیر با نوع محصول نمی‌خواند') };
    if (operator_type !== undefined && operator_type !== p.operator_id) return { status: 200, body: refuse(11, 'اپراتور با محصول نمی‌خواند') };
    if (!allowed(p, price)) return { status: 200, body: refuse(2) };
    const cost = price - Math.floor((price * Math.round(Number(p.discount) * 100)) / 10_000);
    if (wallet < BigInt(cost)) return { status: 200, body: refuse(5) };
    wallet -= BigInt(cost);
    const o: FakeTopupOrder = {
      orderId: order_id,
      idempotencyKey: key,
      productId: product_id,
      mobile,
      price,
      cost,
      operatorType: (operator_type as number | undefined) ?? null,
      state: 'pending',
      willFail: tweaks.failNext || tweaks.failMobile === mobile,
      inquiriesLeft: tweaks.pendingInquiries,
      transactionId: `T${digits(10)}`,
      chargeCalls: 1,
      ...(p.type === 'cell_pin_charge' ? { pinCode: digits(16), serialNumber: digits(10) } : {}),
    };
    tweaks.failNext = false;
    orders.set(order_id, o);
    byKey.set(key, order_id);
    if (tweaks.instant) {
      settle(o);
      return { status: 200, body: orderAnswer(o) };
    }
    if (tweaks.acceptedNotCharged) return { status: 200, body: { result_code: 0, message: 'درخواست ثبت شد', data: { ...orderData(o), status: 'accepted' } } };
    return { status: 200, body: orderAnswer(o) };
  };

  const inquiry = (body: unknown): { status: number; body: unknown } => {
    if (!isObject(body) || !onlyKeys(body, ['order_id']) || typeof body.order_id !== 'string') return { status: 422, body: refuse(11, 'order_id') };
    const o = orders.get(body.order_id);
    if (!o) return { status: 200, body: refuse(8) };
    if (o.state === 'pending') {
      if (o.inquiriesLeft > 0) o.inquiriesLeft--;
      else settle(o);
    }
    return { status: 200, body: orderAnswer(o) };
  };

  const server = http.createServer((req, res) => {
    let raw = '';
    req.on('data', (c) => (raw += c));
    req.on('end', () => {
      const path = (req.url ?? '').split('?')[0];
      const endpoint: Endpoint | null =
        req.method === 'POST' && path === '/api/filter'
          ? 'catalogue'
          : req.method === 'POST' && (path === '/api/top-up' || path === '/api/top-up/package')
            ? 'charge'
            : req.method === 'POST' && path === '/api/top-up/inquiry'
              ? 'inquiry'
              : req.method === 'GET' && path === '/api/wallet'
                ? 'wallet'
                : null;
      let body: unknown = null;
      let badJson = false;
      if (raw) {
        try {
          body = JSON.parse(raw);
        } catch {
          badJson = true;
        }
      }
      const key = req.headers['idempotency-key'];
      requests.push({
        method: req.method ?? '',
        path,
        authorization: req.headers.authorization,
        idempotencyKey: typeof key === 'string' ? key : undefined,
        body: badJson ? raw : body,
      });
      const send = (status: number, payload: unknown) => {
        res.writeHead(status, { 'content-type': 'application/json' });
        res.end(JSON.stringify(payload));
      };
      if (req.headers.authorization !== `Bearer ${opts.apiKey}`) return send(401, refuse(1));
      if (!endpoint) return send(404, refuse(11, 'not found'));
      if (tweaks.fail5xx === endpoint) {
        res.writeHead(502, { 'content-type': 'text/html' });
        return res.end('<html><body><h1>502 Bad Gateway</h1></body></html>');
      }
      if (tweaks.garbage === endpoint) {
        res.writeHead(200, { 'content-type': 'text/html' });
        return res.end('<html><body>سرویس در دست تعمیر است</body></html>');
      }
      if (badJson || (endpoint !== 'wallet' && !isObject(body))) return send(400, refuse(11, 'JSON نامعتبر'));
      if (endpoint !== 'wallet' && req.headers['content-type']?.split(';')[0] !== 'application/json') return send(415, refuse(11, 'content-type'));
      let out: { status: number; body: unknown };
      if (endpoint === 'catalogue') {
        const b = body as Record<string, unknown>;
        const items = isObject(b.items) ? b.items : {};
        if (b.table !== 'product' || !onlyKeys(b, ['table', 'items']) || !onlyKeys(items, ['operator', 'pagination']))
          out = { status: 422, body: refuse(11, 'table') };
        else
          out = {
            status: 200,
            body: {
              result_code: 0,
              message: 'عملیات موفق',
              data: FAKE_TOPUP_CATALOGUE.filter((p) => items.operator === undefined || Number(items.operator) === p.operator_id),
            },
          };
      } else if (endpoint === 'charge') out = charge(path, typeof key === 'string' ? key : undefined, body);
      else if (endpoint === 'inquiry') out = inquiry(body);
      else out = { status: 200, body: { result_code: 0, message: 'عملیات موفق', data: { balance: Number(wallet) } } };
      // A hanging endpoint has done its work; only the answer is lost.
      if (tweaks.hang === endpoint) return;
      send(out.status, out.body);
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    baseUrl,
    requests,
    orders,
    tweaks,
    setWallet(n: bigint) {
      wallet = n;
    },
    balance: () => wallet,
    close: () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}
