import { randomBytes, randomInt } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { POD_SERVICE_CALL_PATH, POD_SERVICE_IDS, type PodOperation } from '@/lib/rails/pod/types';

/**
 * A local POD business platform (providers.md §C) for the split-invoice rail. It checks every call
 * strictly and answers as POD does, errors inside HTTP 200 (`hasError: true`):
 * - the envelope: `POST /srv/sc/nzh/doServiceCall`, form-encoded, headers `_token_` (a business's token,
 *   else 21) and `_token_issuer_: 1`, `scProductId` one of the mode's service ids (sandbox and
 *   production ids differ), `scApiKey` the business's key (else 4 [I]), no field an operation does
 *   not take, multi-invoice `data` a JSON string (and `metadata` inside it JSON strings);
 * - split invoices: the sum rule (customer items = main + every sub, exactly; whole positive
 *   Rials), a bill number unique per business, beneficiaries that made the issuer their dealer
 *   (else 4);
 * - the life cycle: issued → paid (on POD's page: `pay`) → verified when issued with
 *   `verificationNeeded` → closed, or canceled before close. Close: not the caller's invoice 4,
 *   waiting for verification 58, closed already 45, not paid 55. Close, cancel and verify take the
 *   main invoice's id or the customer invoice's (POD's document names both); only the customer
 *   invoice is payable;
 * - test controls: `pay` (the payer paid on POD's page), `failNext(n, 'timeout' | '500' |
 *   'garbage')` (with `afterWork` the call is done before the answer is lost), `errorNext(code)`
 *   (POD's 227, 378, or an error with no code), `revokeDealer`, and
 *   every call received in `calls`.
 * Refusals POD's public documents give no number for (malformed data, the sum rule, a bill number
 * used before, an unknown invoice, a canceled one) answer FAKE_POD_INVALID, with a message. [I]
 */
export const FAKE_POD_INVALID = 1;

/** Where the platform API sits on the host, as on api.pod.ir. */
const PLATFORM_PATH = '/srv/sc';

export type FakePodBusiness = { id: number; name?: string; token: string; apiKey: string };

export type FakePodCall = {
  method: string;
  path: string;
  operation: PodOperation | null;
  token: string | undefined;
  tokenIssuer: string | undefined;
  contentType: string | undefined;
  form: Record<string, string | string[]>;
  /** Multi-invoice `data`, parsed. */
  data?: unknown;
  answer: unknown;
};

type Item = { amount: number; quantity: number; description: string };
type Group = {
  ownerId: number;
  billNumber: string | null;
  verificationNeeded: boolean;
  taxRate: number;
  payed: boolean;
  verified: boolean;
  closed: boolean;
  canceled: boolean;
  paymentDate: number;
  cancelDate: number;
  paymentBillNumber: string;
  customerDescription: string | null;
  customerId: number;
  mainId: number;
  subIds: number[];
};
type Invoice = {
  id: number;
  role: 'customer' | 'main' | 'sub';
  group: Group;
  businessId: number;
  guildCode: string;
  billNumber: string | null;
  description: string | null;
  metadata: string | null;
  items: Item[];
  uniqueNumber: string;
  issuanceDate: number;
  referenceNumber: string;
};

class Refusal extends Error {
  constructor(
    readonly code: number,
    message: string,
  ) {
    super(message);
  }
}

const MESSAGES: Record<number, string> = {
  4: 'PERMISSION_DENIED - اجازه انجام این عملیات را ندارید',
  21: 'توکن کسب‌وکاری وارد نشده است',
  45: 'BILL_ALREADY_CLOSED - فاکتور بسته شده است.',
  55: 'BILL_NOT_PAYED - فاکتور پرداخت نشده است',
  58: 'BILL_IS_WAITING_FOR_VERIFICATION - فاکتور تا قبل از تایید شدن قابل بستن نمی باشد.',
};
const refuse = (code: number, message = MESSAGES[code] ?? 'خطا'): never => {
  throw new Refusal(code, message);
};

/** The fields each operation takes besides scProductId and scApiKey; anything else is refused. */
const FIELDS: Record<PodOperation, string[]> = {
  issueMultiInvoice: ['data', 'delegatorId[]', 'delegationHash[]', 'forceDelegation', 'scVoucherHash[]'],
  getInvoiceList: [
    'id',
    'billNumber',
    'uniqueNumber',
    'trackerId',
    'fromDate',
    'toDate',
    'isCanceled',
    'isPayed',
    'isClosed',
    'isWaiting',
    'guildCode',
    'referenceNumber',
    'userId',
    'issuerId[]',
    'query',
    'productIdList[]',
    'offset',
    'firstId',
    'lastId',
    'size',
    'scVoucherHash[]',
  ],
  closeInvoice: ['id', 'scVoucherHash[]'],
  cancelInvoice: ['id', 'scVoucherHash[]'],
  verifyInvoice: ['id', 'billNumber', 'scVoucherHash[]'],
};

const isObj = (v: unknown): v is Record<string, unknown> => Boolean(v) && typeof v === 'object' && !Array.isArray(v);
const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

function items(v: unknown, where: string): Item[] {
  if (!Array.isArray(v) || v.length === 0) refuse(FAKE_POD_INVALID, `${where}: invoiceItemVOs must be a non-empty array`);
  return (v as unknown[]).map((x, i) => {
    if (!isObj(x)) return refuse(FAKE_POD_INVALID, `${where}[${i}]: not an object`);
    const extra = Object.keys(x).filter((k) => !['productId', 'price', 'quantity', 'description'].includes(k));
    if (extra.length) refuse(FAKE_POD_INVALID, `${where}[${i}]: unknown fields ${extra.join(', ')}`);
    if (x.productId !== 0) refuse(FAKE_POD_INVALID, `${where}[${i}]: productId must be 0 (no POD product)`);
    if (typeof x.price !== 'number' || !Number.isSafeInteger(x.price) || x.price <= 0)
      refuse(FAKE_POD_INVALID, `${where}[${i}]: price must be a positive whole number of Rials`);
    if (typeof x.quantity !== 'number' || !Number.isSafeInteger(x.quantity) || x.quantity <= 0)
      refuse(FAKE_POD_INVALID, `${where}[${i}]: quantity must be a positive whole number`);
    if (typeof x.description !== 'string') refuse(FAKE_POD_INVALID, `${where}[${i}]: description must be a string`);
    return { amount: x.price as number, quantity: x.quantity as number, description: x.description as string };
  });
}

const totalOf = (list: Item[]) => list.reduce((s, i) => s + i.amount * i.quantity, 0);

function jsonString(v: unknown, where: string): string | null {
  if (v === undefined || v === null) return null;
  if (typeof v !== 'string') return refuse(FAKE_POD_INVALID, `${where} must be a JSON string`);
  try {
    if (!isObj(JSON.parse(v))) throw new Error();
  } catch {
    refuse(FAKE_POD_INVALID, `${where} must be a JSON object as a string`);
  }
  return v;
}

const optString = (v: unknown, where: string): string | null => {
  if (v === undefined || v === null) return null;
  return typeof v === 'string' ? v : refuse(FAKE_POD_INVALID, `${where} must be a string`);
};

export async function startFakePod(opts: { sandbox?: boolean; businesses: FakePodBusiness[] }) {
  const mode = opts.sandbox ? 'sandbox' : 'production';
  const byProductId = new Map<string, PodOperation>(Object.entries(POD_SERVICE_IDS).map(([op, ids]) => [String(ids[mode]), op as PodOperation]));
  const invoices = new Map<number, Invoice>();
  const calls: FakePodCall[] = [];
  /** Beneficiary → dealers it refused (every business is every other's dealer until revoked here). */
  const revoked = new Set<string>();
  // Invoice ids start at a random point: payments keep POD ids as their gateway token, unique in a
  // database that outlives one fake (a second run would otherwise reuse the first run's ids).
  let nextId = randomInt(1_000_000, 2 ** 47);
  let nextRef = 72_105_352;
  const failures: { mode: 'timeout' | '500' | 'garbage'; afterWork: boolean }[] = [];
  /** Error answers to give next, before any work (POD's 227, 378, or no code at all). */
  const errors: { code: number | null; message: string }[] = [];

  const businessOf = (id: number) => opts.businesses.find((b) => b.id === id);

  function view(inv: Invoice): Record<string, unknown> {
    const g = inv.group;
    const total = totalOf(inv.items);
    const vat = total * g.taxRate;
    const biz = businessOf(inv.businessId);
    return {
      id: inv.id,
      totalAmountWithoutDiscount: total,
      delegationAmount: 0,
      totalAmount: total,
      payableAmount: total + vat,
      vat,
      issuanceDate: inv.issuanceDate,
      deliveryDate: 0,
      ...(inv.billNumber !== null ? { billNumber: inv.billNumber } : {}),
      paymentBillNumber: g.paymentBillNumber,
      uniqueNumber: inv.uniqueNumber,
      description: inv.description ?? '',
      paymentDate: g.payed ? g.paymentDate : 0,
      payed: g.payed,
      serial: 0,
      canceled: g.canceled,
      cancelDate: g.canceled ? g.cancelDate : 0,
      business: { id: inv.businessId, name: biz?.name ?? `کسب و کار ${inv.businessId}` },
      invoiceItemSrvs: inv.items.map((it, i) => ({ id: inv.id * 10 + i, amount: it.amount, description: it.description, quantity: it.quantity, discount: 0 })),
      guildSrv: { code: inv.guildCode },
      closed: g.closed,
      verificationNeeded: g.verificationNeeded,
      ...(inv.metadata !== null ? { metadata: inv.metadata } : {}),
      safe: false,
      referenceNumber: inv.referenceNumber,
      willBeBlocked: false,
      willBePaid: false,
      unsafeCloseTimeOut: 0,
      edited: false,
      waiting: g.verificationNeeded && !g.verified,
      subInvoice: inv.role === 'sub',
      ...(inv.role === 'main' ? { customerInvoice: view(invoices.get(g.customerId)!), subInvoices: g.subIds.map((id) => view(invoices.get(id)!)) } : {}),
    };
  }

  function issueMultiInvoice(callerId: number, form: Record<string, string | string[]>, call: FakePodCall) {
    if (typeof form.data !== 'string') return refuse(FAKE_POD_INVALID, 'data must be a JSON string');
    let d: unknown;
    try {
      d = JSON.parse(form.data);
    } catch {
      return refuse(FAKE_POD_INVALID, 'data is not JSON');
    }
    call.data = d;
    if (!isObj(d)) return refuse(FAKE_POD_INVALID, 'data must be a JSON object');
    if (d.currencyCode !== undefined && d.currencyCode !== 'IRR') refuse(FAKE_POD_INVALID, 'currencyCode must be IRR');
    if (d.verificationNeeded !== undefined && typeof d.verificationNeeded !== 'boolean') refuse(FAKE_POD_INVALID, 'verificationNeeded must be a boolean');
    const rate = d.preferredTaxRate ?? 0;
    if (typeof rate !== 'number' || rate < 0 || rate > 1) refuse(FAKE_POD_INVALID, 'preferredTaxRate must be 0..1');
    optString(d.redirectURL, 'redirectURL');
    const customerMetadata = jsonString(d.customerMetadata, 'customerMetadata');
    void customerMetadata;
    const m = d.mainInvoice;
    if (!isObj(m)) return refuse(FAKE_POD_INVALID, 'mainInvoice is required');
    if (typeof m.guildCode !== 'string' || !m.guildCode) refuse(FAKE_POD_INVALID, 'mainInvoice.guildCode is required');
    const mainItems = items(m.invoiceItemVOs, 'mainInvoice.invoiceItemVOs');
    const billNumber = optString(m.billNumber, 'mainInvoice.billNumber');
    const mainMeta = jsonString(m.metadata, 'mainInvoice.metadata');
    if (!Array.isArray(d.subInvoices)) return refuse(FAKE_POD_INVALID, 'subInvoices must be an array');
    const subs = (d.subInvoices as unknown[]).map((s, i) => {
      if (!isObj(s)) return refuse(FAKE_POD_INVALID, `subInvoices[${i}]: not an object`);
      if (typeof s.businessId !== 'number' || !Number.isSafeInteger(s.businessId)) return refuse(FAKE_POD_INVALID, `subInvoices[${i}].businessId is required`);
      if (typeof s.guildCode !== 'string' || !s.guildCode) refuse(FAKE_POD_INVALID, `subInvoices[${i}].guildCode is required`);
      // A beneficiary must have made the issuer its dealer (POD's addDealer); a business POD does not know has not.
      if (!businessOf(s.businessId) || revoked.has(`${s.businessId}:${callerId}`)) refuse(4);
      return {
        businessId: s.businessId,
        guildCode: s.guildCode as string,
        billNumber: optString(s.billNumber, `subInvoices[${i}].billNumber`),
        description: optString(s.description, `subInvoices[${i}].description`),
        metadata: jsonString(s.metadata, `subInvoices[${i}].metadata`),
        items: items(s.invoiceItemVOs, `subInvoices[${i}].invoiceItemVOs`),
      };
    });
    const customerItems = items(d.customerInvoiceItemVOs, 'customerInvoiceItemVOs');
    const shares = totalOf(mainItems) + subs.reduce((s, x) => s + totalOf(x.items), 0);
    if (totalOf(customerItems) !== shares) {
      refuse(FAKE_POD_INVALID, `مبلغ فاکتور مشتری (${totalOf(customerItems)}) با مجموع سهم‌ها (${shares}) برابر نیست`);
    }
    if (billNumber !== null && [...invoices.values()].some((i) => i.businessId === callerId && i.billNumber === billNumber)) {
      refuse(FAKE_POD_INVALID, 'billNumber تکراری است');
    }
    const now = Date.now();
    const referenceNumber = String(nextRef);
    const group: Group = {
      ownerId: callerId,
      billNumber,
      verificationNeeded: d.verificationNeeded === true,
      taxRate: rate as number,
      payed: false,
      verified: false,
      closed: false,
      canceled: false,
      paymentDate: 0,
      cancelDate: 0,
      paymentBillNumber: String(1_049_539 + nextId),
      customerDescription: optString(d.customerDescription, 'customerDescription'),
      customerId: nextId++,
      mainId: nextId++,
      subIds: [],
    };
    const make = (id: number, role: Invoice['role'], p: Omit<Invoice, 'id' | 'role' | 'group' | 'uniqueNumber' | 'issuanceDate' | 'referenceNumber'>) => {
      invoices.set(id, { id, role, group, uniqueNumber: randomBytes(8).toString('hex'), issuanceDate: now, referenceNumber, ...p });
    };
    make(group.customerId, 'customer', {
      businessId: callerId,
      guildCode: m.guildCode as string,
      billNumber: null,
      description: group.customerDescription,
      metadata: customerMetadata,
      items: customerItems,
    });
    make(group.mainId, 'main', {
      businessId: callerId,
      guildCode: m.guildCode as string,
      billNumber,
      description: optString(m.description, 'mainInvoice.description'),
      metadata: mainMeta,
      items: mainItems,
    });
    for (const s of subs) {
      const id = nextId++;
      group.subIds.push(id);
      make(id, 'sub', s);
    }
    return view(invoices.get(group.mainId)!);
  }

  /** The invoice a close, cancel or verify names: the caller's main or customer invoice. */
  function groupFor(callerId: number, rawId: unknown): Group {
    if (typeof rawId !== 'string' || !/^\d{1,18}$/.test(rawId)) return refuse(FAKE_POD_INVALID, 'id is required');
    const inv = invoices.get(Number(rawId));
    if (!inv) return refuse(FAKE_POD_INVALID, 'فاکتور یافت نشد');
    if (inv.businessId !== callerId || inv.role === 'sub') return refuse(4);
    return inv.group;
  }

  function getInvoiceList(callerId: number, f: Record<string, string | string[]>) {
    const cursors = ['offset', 'firstId', 'lastId'].filter((k) => f[k] !== undefined);
    if (cursors.length !== 1) refuse(FAKE_POD_INVALID, 'exactly one of offset, firstId, lastId is required');
    const size = Number(f.size ?? 25);
    if (!Number.isInteger(size) || size < 1 || size > 100) refuse(FAKE_POD_INVALID, 'size must be 1..100');
    const offset = f.offset !== undefined ? Number(f.offset) : 0;
    const list = [...invoices.values()]
      .filter((i) => i.businessId === callerId)
      .filter((i) => f.id === undefined || String(i.id) === f.id)
      .filter((i) => f.billNumber === undefined || i.billNumber === f.billNumber)
      .filter((i) => f.uniqueNumber === undefined || i.uniqueNumber === f.uniqueNumber)
      .sort((a, b) => b.id - a.id);
    return { result: list.slice(offset, offset + size).map(view), count: list.length };
  }

  function operate(op: PodOperation, callerId: number, form: Record<string, string | string[]>, call: FakePodCall): { result: unknown; count?: number } {
    if (op === 'issueMultiInvoice') return { result: issueMultiInvoice(callerId, form, call) };
    if (op === 'getInvoiceList') return getInvoiceList(callerId, form);
    const g = groupFor(callerId, form.id);
    if (op === 'cancelInvoice') {
      if (g.closed) refuse(45);
      if (!g.canceled) Object.assign(g, { canceled: true, cancelDate: Date.now() });
      return { result: true };
    }
    if (g.canceled) refuse(FAKE_POD_INVALID, 'فاکتور ابطال شده است');
    if (op === 'verifyInvoice') {
      g.verified = true;
      return { result: true };
    }
    if (g.verificationNeeded && !g.verified) refuse(58);
    if (g.closed) refuse(45);
    if (!g.payed) refuse(55);
    g.closed = true;
    return { result: true };
  }

  function serviceCall(req: http.IncomingMessage, raw: string): { status: number; body: unknown; call: FakePodCall } {
    const form: Record<string, string | string[]> = {};
    const call: FakePodCall = {
      method: req.method ?? '',
      path: req.url ?? '',
      operation: null,
      token: req.headers._token_ as string | undefined,
      tokenIssuer: req.headers._token_issuer_ as string | undefined,
      contentType: req.headers['content-type'],
      form,
      answer: null,
    };
    const reference = String(nextRef++);
    try {
      if (!call.contentType?.startsWith('application/x-www-form-urlencoded'))
        refuse(FAKE_POD_INVALID, 'Content-Type must be application/x-www-form-urlencoded');
      for (const [k, v] of new URLSearchParams(raw)) {
        if (k.endsWith('[]')) form[k] = [...((form[k] as string[] | undefined) ?? []), v];
        else if (k in form) refuse(FAKE_POD_INVALID, `${k} sent twice`);
        else form[k] = v;
      }
      const caller = opts.businesses.find((b) => b.token === call.token);
      if (!caller || call.tokenIssuer !== '1') refuse(21);
      const op = byProductId.get(String(form.scProductId ?? ''));
      if (!op) return refuse(FAKE_POD_INVALID, `سرویس ${String(form.scProductId)} یافت نشد`);
      call.operation = op;
      if (form.scApiKey !== caller!.apiKey) refuse(4, 'PERMISSION_DENIED - کلید سرویس نامعتبر است');
      const unknown = Object.keys(form).filter((k) => k !== 'scProductId' && k !== 'scApiKey' && !FIELDS[op].includes(k));
      if (unknown.length) refuse(FAKE_POD_INVALID, `unknown fields: ${unknown.join(', ')}`);
      const { result, count } = operate(op, caller!.id, form, call);
      return { status: 200, body: { hasError: false, referenceNumber: reference, errorCode: 0, count: count ?? 1, ott: '', result }, call };
    } catch (e) {
      if (!(e instanceof Refusal)) throw e;
      return { status: 200, body: { hasError: true, referenceNumber: reference, errorCode: e.code, message: e.message, count: 0, ott: '' }, call };
    }
  }

  /** POD's payment page, for a browser (e2e): the invoice and a Pay button that returns to redirectUri. */
  function payPage(url: URL, res: http.ServerResponse) {
    const inv = invoices.get(Number(url.searchParams.get('invoiceId')));
    if (!inv || inv.role !== 'customer') return res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' }).end('فاکتور یافت نشد');
    const back = url.searchParams.get('redirectUri') ?? '';
    res
      .writeHead(200, { 'content-type': 'text/html; charset=utf-8' })
      .end(
        `<!doctype html><html lang="fa" dir="rtl"><meta charset="utf-8"><title>POD (fake)</title><h1>پرداخت فاکتور ${inv.id}</h1>` +
          `<p data-testid="pod-amount">${totalOf(inv.items)}</p>` +
          `<form method="post" action="/_fake/pay"><input type="hidden" name="invoiceId" value="${inv.id}">` +
          `<input type="hidden" name="redirectUri" value="${escapeHtml(back)}"><button>پرداخت</button></form></html>`,
      );
  }

  function pay(id: number | string) {
    const inv = invoices.get(Number(id));
    if (!inv) throw new Error(`fake POD: no invoice ${id}`);
    if (inv.role !== 'customer') throw new Error(`fake POD: invoice ${id} is not payable (only the customer invoice is)`);
    if (inv.group.canceled) throw new Error(`fake POD: invoice ${id} is canceled`);
    if (!inv.group.payed) Object.assign(inv.group, { payed: true, paymentDate: Date.now() });
  }

  const server = http.createServer((req, res) => {
    let raw = '';
    req.on('data', (c) => (raw += c));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://fake.pod');
      if (req.method === 'GET' && url.pathname === '/v1/pbc/payinvoice/') return payPage(url, res);
      if (req.method === 'POST' && url.pathname === '/_fake/pay') {
        const f = new URLSearchParams(raw);
        pay(f.get('invoiceId') ?? '');
        return res.writeHead(303, { location: f.get('redirectUri') || '/' }).end();
      }
      if (req.method !== 'POST' || url.pathname !== `${PLATFORM_PATH}${POD_SERVICE_CALL_PATH}`) {
        return res.writeHead(404, { 'content-type': 'text/html' }).end('<html><body>404 Not Found</body></html>');
      }
      const forced = errors.shift();
      if (forced) {
        const body = {
          hasError: true,
          referenceNumber: String(nextRef++),
          ...(forced.code !== null ? { errorCode: forced.code } : {}),
          message: forced.message,
        };
        calls.push({
          method: req.method,
          path: url.pathname,
          operation: null,
          token: undefined,
          tokenIssuer: undefined,
          contentType: undefined,
          form: {},
          answer: body,
        });
        return res.writeHead(200, { 'content-type': 'application/json;charset=UTF-8' }).end(JSON.stringify(body));
      }
      const failure = failures.shift();
      if (failure && !failure.afterWork) {
        calls.push({
          method: req.method,
          path: url.pathname,
          operation: null,
          token: undefined,
          tokenIssuer: undefined,
          contentType: undefined,
          form: {},
          answer: failure.mode,
        });
        return lose(failure.mode, res);
      }
      const { status, body, call } = serviceCall(req, raw);
      call.answer = failure ? failure.mode : body;
      calls.push(call);
      if (failure) return lose(failure.mode, res);
      res.writeHead(status, { 'content-type': 'application/json;charset=UTF-8' }).end(JSON.stringify(body));
    });
  });

  function lose(mode: 'timeout' | '500' | 'garbage', res: http.ServerResponse) {
    if (mode === 'timeout') return; // never answers; close() drops the socket
    if (mode === '500') return res.writeHead(500, { 'content-type': 'text/html' }).end('<html><body>Internal Server Error</body></html>');
    res.writeHead(200, { 'content-type': 'text/html' }).end('<html><body>سامانه در حال بروزرسانی است</body></html>');
  }

  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    /** The platform API base (`{baseUrl}/nzh/doServiceCall`). */
    baseUrl: `${origin}${PLATFORM_PATH}`,
    /** The payment pages' host. */
    payBaseUrl: origin,
    calls,
    /** The payer paid the customer invoice on POD's page. */
    pay,
    /** The next `n` service calls lose their answer: no answer at all, a 500, or an HTML page. `afterWork`: the call was done first. */
    failNext(n: number, mode: 'timeout' | '500' | 'garbage', o: { afterWork?: boolean } = {}) {
      for (let i = 0; i < n; i++) failures.push({ mode, afterWork: o.afterWork ?? false });
    },
    /** The next service call answers this error (null: an error without a code), doing nothing. */
    errorNext(code: number | null, message = 'خطای داخلی') {
      errors.push({ code, message });
    },
    /** A beneficiary takes back the dealer permission it gave. */
    revokeDealer(beneficiaryId: number, dealerId: number) {
      revoked.add(`${beneficiaryId}:${dealerId}`);
    },
    /** An invoice as POD would answer it (for assertions), or undefined. */
    invoice(id: number | string) {
      const inv = invoices.get(Number(id));
      return inv && view(inv);
    },
    close: () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}
