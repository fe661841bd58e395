import { normalizeIranMobile } from './operators';
import type { CallLog, ChargeAnswer, ChargeInput, ChargeOutcome, Operator, ProductKind, SimType, TopupProvider, UpstreamProduct } from './provider';
import { upstreamFetch } from '@/lib/net/upstream';

/**
 * A REST top-up aggregator of Esaj's shape (docs.testesaj.ir; research/providers.md §D.2). What a
 * public source shows is [V], what is our reading or our guess is [I]; change it here (the constants
 * below) when the provider's document says otherwise.
 *
 * - Every call: `Authorization: Bearer <api key>` [V, a public Esaj client]; JSON in and out.
 * - Catalogue: POST {base}/api/filter {table: "product", items: {pagination: "false"}} → {data: [product]} [V];
 *   a product is {id, name, name_en, price (the minimum), second_price (the maximum), type
 *   ("cell_direct_charge" [V], others [I]), sim_card_type ("credit" [V]), operator_id, capacity
 *   (volume), period (duration), status, options, …} [V]; `options` {amounts | step} and `discount`
 *   (the provider's discount to us, percent) are [I].
 * - Charge: POST {base}/api/top-up (amounts, PINs) or {base}/api/top-up/package (internet) [V] with
 *   {product_id, mobile, price, operator_type} [V] and our `order_id` [I]. The `Idempotency-Key` header is
 *   mandatory [V]: without it nothing is charged, and a retry with the same key answers the same
 *   result. Ours is our order id, so one order is charged at most once however often it is sent.
 * - Inquiry: POST {base}/api/top-up/inquiry {order_id} [I], by our order id.
 * - Wallet: GET {base}/api/wallet → {data: {balance}} [I].
 * - Answers: {result_code, message, data} with errors inside HTTP 200 bodies; the result codes are
 *   ToranjSoft's documented vocabulary [I] (RESULT_CODES). An order's `data` is {order_id, status,
 *   transaction_id, amount, mobile, pin_code, serial_number, credit} [I] (ORDER_STATUS).
 *
 * A timeout, a network error, a 5xx, a body that is not a JSON object, or an answer that contradicts
 * the order says nothing about the line: `unknown`, and the order is asked about again later.
 */
export type EsajConfig = { baseUrl: string; apiKey: string; timeoutMs?: number };

/** How one result code bears on an order: read `data.status` (byStatus), or an outcome, per call. */
type Effect = 'byStatus' | 'failed' | 'pending' | 'unknown';

/**
 * The provider's result codes (ToranjSoft's table, ws.elkapos.com) and what each means for the
 * order, on the charge and on the inquiry. Only `failed` is final and refunds the buyer, so a code
 * becomes `failed` only where it says the line was not and will not be charged:
 * - 0 ok: "a transaction code with status 0 does not mean the charge succeeded" [V], so the order's
 *   own `data.status` decides, and without one it is `pending` (accepted, not charged).
 * - 1 / 6 (our credentials, our account) and 13: about us, not the order: `unknown` until fixed.
 * - 2, 3, 5, 7, 11 on a charge: the provider refused the order, nothing was charged. On an inquiry
 *   they say nothing of the order (`unknown`), except 7: an order id the provider cannot hold.
 * - 4 service unavailable: a charge refused now is refused (the idempotency key would answer the
 *   same again); on an inquiry it is `unknown`.
 * - 8 not found: on an inquiry, the order never reached the provider, so it was never charged; a
 *   charge never answers it (`unknown`).
 * - 9 in progress: ask again. 10: failed, final.
 * - 12 duplicate order id: the first order's answer, read by its `data.status`.
 */
const RESULT_CODES: Record<number, { meaning: string; charge: Effect; inquire: Effect }> = {
  0: { meaning: 'ok', charge: 'byStatus', inquire: 'byStatus' },
  1: { meaning: 'bad credentials', charge: 'unknown', inquire: 'unknown' },
  2: { meaning: 'invalid amount', charge: 'failed', inquire: 'unknown' },
  3: { meaning: 'invalid mobile', charge: 'failed', inquire: 'unknown' },
  4: { meaning: 'service unavailable', charge: 'failed', inquire: 'unknown' },
  5: { meaning: 'wallet below the amount', charge: 'failed', inquire: 'unknown' },
  6: { meaning: 'user missing or disabled', charge: 'unknown', inquire: 'unknown' },
  7: { meaning: 'invalid order code', charge: 'failed', inquire: 'failed' },
  8: { meaning: 'not found', charge: 'unknown', inquire: 'failed' },
  9: { meaning: 'in progress', charge: 'pending', inquire: 'pending' },
  10: { meaning: 'failed', charge: 'failed', inquire: 'failed' },
  11: { meaning: 'request failed', charge: 'failed', inquire: 'unknown' },
  12: { meaning: 'duplicate order code', charge: 'byStatus', inquire: 'byStatus' },
  13: { meaning: 'invalid deposit code', charge: 'unknown', inquire: 'unknown' },
};

/** An order's `data.status` [I]; "accepted" is not "charged". Any other status is `unknown`. */
const ORDER_STATUS: Record<string, 'delivered' | 'pending' | 'failed'> = {
  success: 'delivered',
  delivered: 'delivered',
  accepted: 'pending',
  pending: 'pending',
  processing: 'pending',
  failed: 'failed',
  canceled: 'failed',
  refunded: 'failed',
};

/** Esaj's operator ids: Irancell is 2 in the document's sample [V]; the rest are [I]. */
export const ESAJ_OPERATOR_IDS: Record<Operator, number> = { mci: 1, irancell: 2, rightel: 3, taliya: 4, shatel: 5, aptel: 6, samantel: 7, telekish: 8 };
/** Esaj's product types: "cell_direct_charge" [V]; the rest are [I]. A type not listed is not sold. */
export const ESAJ_PRODUCT_TYPES: Record<string, ProductKind> = {
  cell_direct_charge: 'direct',
  cell_amazing_charge: 'wonderful',
  cell_exciting_charge: 'shoorangiz',
  cell_pin_charge: 'pin',
  cell_internet_package: 'package',
};
/** "credit" [V]; "permanent" [I], persian-tools' word for postpaid. */
const SIM_TYPES: Record<string, SimType> = { credit: 'prepaid', permanent: 'postpaid' };

const PATHS = { filter: '/api/filter', topUp: '/api/top-up', package: '/api/top-up/package', inquiry: '/api/top-up/inquiry', wallet: '/api/wallet' } as const;

type Answer = { result_code?: unknown; message?: unknown; data?: unknown };
const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** A whole number of Rials from a JSON number or a digit string; null otherwise. */
function rials(v: unknown, allowZero = false): bigint | null {
  if (typeof v === 'number' && Number.isSafeInteger(v) && (v > 0 || (allowZero && v === 0))) return BigInt(v);
  if (typeof v === 'string' && (/^[1-9]\d{0,17}$/.test(v) || (allowZero && v === '0'))) return BigInt(v);
  return null;
}

function codeOf(a: Answer): number | null {
  if (typeof a.result_code === 'number' && Number.isInteger(a.result_code)) return a.result_code;
  if (typeof a.result_code === 'string' && /^\d{1,3}$/.test(a.result_code.trim())) return Number(a.result_code);
  return null;
}

const reasonOf = (a: Answer, code: number | null) =>
  `${typeof a.message === 'string' && a.message ? a.message : (RESULT_CODES[code ?? -1]?.meaning ?? 'refused')} (${code ?? String(a.result_code)})`;

/** Volume in MB from a number (MB) or text such as "1.5 GB", "500MB", "۲ گیگ". */
function volumeMb(v: unknown): number | null {
  if (typeof v === 'number' && Number.isFinite(v) && v > 0) return Math.round(v);
  if (typeof v !== 'string') return null;
  const s = v.replace(/[\u06F0-\u06F9\u0660-\u0669]/g, (d) => String(d.codePointAt(0)! & 0xf)).replace('٫', '.');
  const m = /^\s*(\d+(?:\.\d+)?)\s*(gb|g|گیگ(?:ابایت)?|mb|m|مگ(?:ابایت)?|tb|ترابایت)?\s*$/i.exec(s);
  if (!m) return null;
  const n = Number(m[1]);
  const unit = (m[2] ?? 'mb').toLowerCase();
  const mb = unit.startsWith('g') || unit.startsWith('گ') ? n * 1024 : unit.startsWith('t') || unit.startsWith('ت') ? n * 1024 * 1024 : n;
  return mb > 0 ? Math.round(mb) : null;
}

function days(v: unknown): number | null {
  if (typeof v === 'number' && Number.isInteger(v) && v > 0) return v;
  if (typeof v === 'string') {
    const m = /^\s*(\d{1,4})/.exec(v.replace(/[\u06F0-\u06F9\u0660-\u0669]/g, (d) => String(d.codePointAt(0)! & 0xf)));
    if (m && Number(m[1]) > 0) return Number(m[1]);
  }
  return null;
}

/** A percent (2.5 or "2.5") as whole basis points, without floating-point drift. */
function basisPoints(v: unknown): number {
  const s = typeof v === 'number' && Number.isFinite(v) ? v.toFixed(4) : typeof v === 'string' ? v.trim() : '';
  const m = /^(\d{1,3})(?:\.(\d{1,4}))?$/.exec(s);
  if (!m) return 0;
  const bp = Number(m[1]) * 100 + Math.round(Number(`0.${m[2] ?? '0'}`) * 100);
  return bp >= 0 && bp <= 10_000 ? bp : 0;
}

/** One product of the list as ours, or null when it is not one we can sell (unknown type or operator, no title, no price). */
export function mapEsajProduct(raw: unknown): UpstreamProduct | null {
  if (!isObject(raw)) return null;
  const id = typeof raw.id === 'number' || typeof raw.id === 'string' ? String(raw.id) : '';
  const kind = typeof raw.type === 'string' ? ESAJ_PRODUCT_TYPES[raw.type] : undefined;
  const operator = (Object.entries(ESAJ_OPERATOR_IDS) as [Operator, number][]).find(([, n]) => Number(raw.operator_id) === n)?.[0];
  const simType = typeof raw.sim_card_type === 'string' ? SIM_TYPES[raw.sim_card_type] : undefined;
  const titleFa = typeof raw.name === 'string' ? raw.name.trim() : '';
  if (!/^\d{1,18}$/.test(id) || !kind || !operator || !simType || !titleFa) return null;
  let options: Record<string, unknown> = {};
  if (isObject(raw.options)) options = raw.options;
  else if (typeof raw.options === 'string') {
    try {
      const o: unknown = JSON.parse(raw.options);
      if (isObject(o)) options = o;
    } catch {
      // options that are not JSON carry no amounts
    }
  }
  const first = rials(raw.price);
  const second = raw.second_price === null || raw.second_price === undefined ? null : rials(raw.second_price);
  const list = Array.isArray(options.amounts) ? options.amounts.map((x) => rials(x)) : null;
  const base = { price: null, minAmount: null, maxAmount: null, step: null, amounts: null } as Pick<
    UpstreamProduct,
    'price' | 'minAmount' | 'maxAmount' | 'step' | 'amounts'
  >;
  let money: typeof base;
  if (kind === 'package' || kind === 'pin') {
    if (first === null) return null;
    money = { ...base, price: first };
  } else if (list && list.length > 0 && list.every((x) => x !== null)) {
    money = { ...base, amounts: [...new Set(list as bigint[])].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)) };
  } else if (first !== null && second !== null) {
    if (second < first) return null;
    money = { ...base, minAmount: first, maxAmount: second, step: rials(options.step) };
  } else if (first !== null && raw.second_price == null) {
    money = { ...base, price: first };
  } else return null;
  return {
    upstreamId: id,
    operator,
    kind,
    simType,
    titleFa,
    titleEn: typeof raw.name_en === 'string' && raw.name_en.trim() ? raw.name_en.trim() : null,
    ...money,
    volumeMb: kind === 'package' ? volumeMb(raw.capacity) : null,
    durationDays: kind === 'package' ? days(raw.period) : null,
    marginBasisPoints: basisPoints(raw.discount),
    active: Number(raw.status) === 1,
  };
}

export function esajProvider(cfg: EsajConfig): TopupProvider {
  const base = cfg.baseUrl.replace(/\/+$/, '');

  /** The API key never reaches a log, even echoed back; a PIN keeps only its last four digits. */
  const scrub = (v: unknown, key = ''): unknown => {
    if (typeof v === 'string') {
      const clean = cfg.apiKey ? v.split(cfg.apiKey).join('***') : v;
      return key === 'pin_code' ? `${'*'.repeat(Math.max(0, clean.length - 4))}${clean.slice(-4)}` : clean;
    }
    if (Array.isArray(v)) return v.map((x) => scrub(x));
    if (isObject(v)) return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, scrub(x, k)]));
    return v;
  };

  const call = async (
    method: 'GET' | 'POST',
    path: string,
    body: Record<string, unknown> | null,
    headers: Record<string, string> = {},
  ): Promise<{ answer: Answer | null; error?: string; log: CallLog }> => {
    const t0 = performance.now();
    let answer: Answer | null = null;
    let httpStatus: number | null = null;
    let error: string | undefined;
    try {
      const res = await upstreamFetch(
        `${base}${path}`,
        {
          method,
          headers: {
            accept: 'application/json',
            authorization: `Bearer ${cfg.apiKey}`,
            ...(body ? { 'content-type': 'application/json' } : {}),
            ...headers,
          },
          ...(body ? { body: JSON.stringify(body) } : {}),
          signal: AbortSignal.timeout(cfg.timeoutMs ?? 15_000),
        },
        path,
      );
      httpStatus = res.status;
      const text = await res.text();
      try {
        const parsed: unknown = JSON.parse(text);
        if (isObject(parsed)) answer = parsed;
        else error = `Not a JSON object (HTTP ${res.status})`;
      } catch {
        error = `Not JSON (HTTP ${res.status})`;
      }
      if (res.status >= 500) error = `HTTP ${res.status}`;
      else if (!error && codeOf(answer!) === null) error = `No result code (HTTP ${res.status})`;
    } catch (e) {
      error = (e as Error).name === 'TimeoutError' ? 'Timed out' : `Network: ${(e as Error).message}`;
    }
    return {
      answer: error ? null : answer,
      error,
      log: {
        request: scrub({ method, path, ...(Object.keys(headers).length ? { headers } : {}), ...(body ? { body } : {}) }),
        response: scrub(answer ?? { error, httpStatus }),
        latencyMs: Math.round(performance.now() - t0),
      },
    };
  };

  /** What an order's answer says, checked against the order we asked about. */
  const outcomeOf = (answer: Answer, input: ChargeInput, op: 'charge' | 'inquire'): ChargeOutcome => {
    const code = codeOf(answer)!;
    const effect = RESULT_CODES[code]?.[op] ?? 'unknown';
    if (effect === 'failed') return { status: 'failed', reason: reasonOf(answer, code) };
    if (effect === 'pending') return { status: 'pending', reason: reasonOf(answer, code) };
    if (effect === 'unknown') return { status: 'unknown', reason: reasonOf(answer, code) };
    const d = isObject(answer.data) ? answer.data : null;
    if (!d || d.status === undefined || d.status === null) return { status: 'pending', reason: `Accepted, not confirmed (${code})` };
    // An answer about another order, another line or another amount is not this order's answer.
    if (d.order_id !== undefined && String(d.order_id) !== input.orderId)
      return { status: 'unknown', reason: `The answer names another order (${String(d.order_id)})` };
    if (d.mobile !== undefined && normalizeIranMobile(String(d.mobile)) !== normalizeIranMobile(input.mobile))
      return { status: 'unknown', reason: 'The answer names another mobile number' };
    if (d.amount !== undefined && rials(d.amount) !== input.amount)
      return { status: 'unknown', reason: `The answer names another amount (${String(d.amount)})` };
    const state = typeof d.status === 'string' ? ORDER_STATUS[d.status.toLowerCase()] : undefined;
    if (state === 'failed') return { status: 'failed', reason: reasonOf(answer, code) };
    if (state === 'pending') return { status: 'pending', reason: `${String(d.status)} (${code})` };
    if (state !== 'delivered') return { status: 'unknown', reason: `Unknown order status (${String(d.status)})` };
    const ref = typeof d.transaction_id === 'string' || typeof d.transaction_id === 'number' ? String(d.transaction_id) : '';
    if (!ref) return { status: 'unknown', reason: 'Delivered without a transaction id' };
    if (input.kind !== 'pin') return { status: 'delivered', ref, pin: null };
    const pinCode = typeof d.pin_code === 'string' || typeof d.pin_code === 'number' ? String(d.pin_code) : '';
    const serial = typeof d.serial_number === 'string' || typeof d.serial_number === 'number' ? String(d.serial_number) : '';
    if (!pinCode || !serial) return { status: 'unknown', reason: 'A PIN product delivered without its PIN' };
    return { status: 'delivered', ref, pin: { code: pinCode, serial } };
  };

  /** Orders we cannot even put into the provider's shape are refused before any call. */
  const invalid = (input: ChargeInput): string | null => {
    if (!normalizeIranMobile(input.mobile)) return 'Invalid mobile number';
    if (!/^\d{1,18}$/.test(input.upstreamId)) return 'Not an Esaj product id';
    if (input.amount <= 0n || input.amount > BigInt(Number.MAX_SAFE_INTEGER)) return 'Amount out of range';
    if (!/^[A-Za-z0-9_-]{1,64}$/.test(input.orderId)) return 'Order id not usable as an idempotency key';
    return null;
  };
  const skipped = (path: string, reason: string): CallLog => ({ request: { method: 'POST', path, skipped: reason }, response: null, latencyMs: 0 });

  return {
    id: 'esaj',
    async catalogue() {
      const { answer, error, log } = await call('POST', PATHS.filter, { table: 'product', items: { pagination: 'false' } });
      if (error || !answer) return { ok: false, reason: error ?? 'No answer', log };
      if (codeOf(answer) !== 0 || !Array.isArray(answer.data)) return { ok: false, reason: reasonOf(answer, codeOf(answer)), log };
      const products = answer.data.map(mapEsajProduct).filter((p): p is UpstreamProduct => p !== null);
      return { ok: true, products, log };
    },
    async charge(input): Promise<ChargeAnswer> {
      const path = input.kind === 'package' ? PATHS.package : PATHS.topUp;
      const why = invalid(input);
      // Nothing was sent: the order cannot have been charged.
      if (why) return { status: 'failed', reason: why, log: skipped(path, why) };
      const { answer, error, log } = await call(
        'POST',
        path,
        {
          product_id: Number(input.upstreamId),
          mobile: normalizeIranMobile(input.mobile),
          price: Number(input.amount),
          order_id: input.orderId,
          // Named explicitly, so a number ported away from its prefix's operator is charged on its own.
          operator_type: ESAJ_OPERATOR_IDS[input.operator],
        },
        { 'idempotency-key': input.orderId },
      );
      if (error || !answer) return { status: 'unknown', reason: error ?? 'No answer', log };
      return { ...outcomeOf(answer, input, 'charge'), log };
    },
    async inquire(input): Promise<ChargeAnswer> {
      const { answer, error, log } = await call('POST', PATHS.inquiry, { order_id: input.orderId });
      if (error || !answer) return { status: 'unknown', reason: error ?? 'No answer', log };
      return { ...outcomeOf(answer, input, 'inquire'), log };
    },
    async wallet() {
      const { answer, error, log } = await call('GET', PATHS.wallet, null);
      if (error || !answer) return { ok: false, reason: error ?? 'No answer', log };
      const d = isObject(answer.data) ? answer.data : {};
      const balance = rials(d.balance, true);
      if (codeOf(answer) !== 0 || balance === null) return { ok: false, reason: reasonOf(answer, codeOf(answer)), log };
      return { ok: true, balance, log };
    },
  };
}
