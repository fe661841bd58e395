import type { CallLog } from '@/lib/gateways/types';
import { maskCard } from '@/lib/gateways/types';
import {
  NkolayHashMismatch,
  type NkolayConfig,
  type NkolayHostedPageInput,
  type NkolayListInput,
  type NkolayListRow,
  type NkolayPaymentInput,
  type NkolayPaymentOk,
  type NkolayResult,
  type NkolayResultCheck,
  type NkolayReversalInput,
  type NkolayReversalOk,
  type NkolayRowStatus,
  type NkolayRowType,
  type NkolayStatus,
} from './types';
import {
  NKOLAY_BANK_MESSAGES,
  NKOLAY_BASE_URLS,
  NKOLAY_CURRENCY_NUMBER,
  NKOLAY_LIST_MAX_DAYS,
  NKOLAY_PATHS,
  hostedRnd,
  kurusToLira,
  listDate,
  liraToKurus,
  matchNkolayResultHash,
  nkolayHash,
  nkolayHashFields,
  paymentRnd,
  trxDate,
  turkeyDayNumber,
} from './wire';
import { upstreamFetch } from '@/lib/net/upstream';

/**
 * A typed client for N Kolay's virtual POS (providers.md §B; the OpenAPI spec
 * `paynkolay/paynkolay-api-spec`):
 * - every call is `POST {base}{path}`, form-encoded, signed with `hashDatav2` (wire.ts); the three
 *   tokens are used each for its own operations (sales `sx`, reporting `sx-list`, cancel/refund
 *   `sx-cancel`);
 * - answers are JSON with `RESPONSE_CODE` "2" for success, errors inside HTTP 200; the payment list
 *   comes wrapped (`{id, result}`), its `result` sometimes a JSON string;
 * - requests go only to the definition's base URL, redirects are not followed, a timeout bounds each.
 * Nothing secret reaches a log: tokens, the secret key and hashes are left out of what is logged,
 * card data is masked, and any echo of a secret in an answer is blanked.
 */
export interface NkolayClient {
  readonly baseUrl: string;
  /** Payment by card (3-D or not): the online-collection screen. Card data is used for this call only. */
  pay(input: NkolayPaymentInput): Promise<NkolayResult<NkolayPaymentOk>>;
  /** N Kolay's own payment page (`by-link-create`): card data never touches us. */
  createHostedPage(input: NkolayHostedPageInput): Promise<NkolayResult<{ url: string }>>;
  /** Checks a result posted to successUrl/failUrl against either documented hash. No network. */
  verifyResult(fields: Record<string, string>): NkolayResultCheck;
  /** The payment list for a window of at most 30 days (throws RangeError beyond). */
  listPayments(input: NkolayListInput): Promise<NkolayResult<NkolayListRow[]>>;
  /** What became of one order, by the payment list filtered by its `clientRefCode`. */
  status(clientRefCode: string, window: { from: Date; to: Date }): Promise<NkolayResult<NkolayStatus>>;
  /** Same-day, full reversal. */
  cancel(input: NkolayReversalInput): Promise<NkolayResult<NkolayReversalOk>>;
  /** From the day after the sale: full or partial (`amount` below the sale's). */
  refund(input: NkolayReversalInput & { partial: boolean }): Promise<NkolayResult<NkolayReversalOk>>;
}

const DEFAULT_TIMEOUT_MS = 15_000;
const MAX_ANSWER_CHARS = 2_000_000;
/** Form fields that are secrets or derived from them: never logged. */
const SECRET_FIELDS = new Set(['sx', 'hashDatav2', 'hashData', 'hashDataV2']);
const CARD_FIELDS = new Set(['cardNumber', 'cvv', 'month', 'year', 'cardHolderName']);

type Answer = Record<string, unknown>;

const isRecord = (v: unknown): v is Answer => Boolean(v) && typeof v === 'object' && !Array.isArray(v);
const str = (v: unknown): string | null => (typeof v === 'string' ? v : typeof v === 'number' ? String(v) : null);
const nonEmpty = (v: unknown): string | null => {
  const s = str(v)?.trim();
  return s ? s : null;
};

/**
 * The answer object inside N Kolay's wrappings: a body that is itself a JSON string, `{id, result}`
 * with `result` an object or a JSON string (GoPay `parsePaymentList`, seen on the sandbox).
 */
function unwrap(v: unknown, depth = 0): Answer | null {
  if (depth > 3) return null;
  if (typeof v === 'string') {
    try {
      return unwrap(JSON.parse(v), depth + 1);
    } catch {
      return null;
    }
  }
  if (!isRecord(v)) return null;
  if (!('RESPONSE_CODE' in v) && 'result' in v) return unwrap(v.result, depth + 1);
  return v;
}

const succeeded = (a: Answer) => str(a.RESPONSE_CODE)?.trim() === '2';

/** A bank's response code is two digits (43-error-codes.php); N Kolay's own are not (CORE0305, ""). */
const bankCodeOf = (a: Answer): string | null => {
  const c = nonEmpty(a.ERROR_CODE) ?? nonEmpty(a.BANK_RESPONSE_CODE);
  return c && /^\d{2}$/.test(c) ? c : null;
};

/** N Kolay's words as given (Turkish), untrimmed: they are shown and kept, not parsed. */
const given = (v: unknown): string | null => (nonEmpty(v) ? str(v) : null);
const messageOf = (a: Answer, fallback: string): string => (given(a.ERROR_MESSAGE) ?? given(a.RESPONSE_DATA) ?? fallback).slice(0, 500);

const ROW_TYPES: Record<string, NkolayRowType> = {
  SALES: 'sale',
  SALE: 'sale',
  PRESALES: 'presale',
  CANCEL: 'cancel',
  REFUND: 'refund',
  CANCELP: 'partial-cancel',
  REFUNDP: 'partial-refund',
};
const ROW_STATUSES: Record<string, NkolayRowStatus> = { SUCCESS: 'success', ERROR: 'error', NEW: 'new' };

function rowOf(v: unknown): NkolayListRow | null {
  if (!isRecord(v)) return null;
  const referenceCode = nonEmpty(v.REFERENCE_CODE);
  if (!referenceCode) return null;
  const rawType = str(v.TRANSACTION_TYPE) ?? '';
  const rawStatus = str(v.STATUS) ?? '';
  const installments = Number(str(v.INSTALLMENT_COUNT) ?? str(v.INSTALLMENT) ?? NaN);
  return {
    referenceCode,
    clientRefCode: nonEmpty(v.CLIENT_REFERENCE_CODE),
    type: ROW_TYPES[rawType.trim().toUpperCase()] ?? 'other',
    status: ROW_STATUSES[rawStatus.trim().toUpperCase()] ?? 'other',
    rawType,
    rawStatus,
    amount: liraToKurus(v.AUTHORIZATION_AMOUNT ?? v.TRANSACTION_AMOUNT ?? v.AMOUNT),
    trxDate: nonEmpty(v.TRX_DATE),
    authCode: nonEmpty(v.AUTH_CODE),
    installments: Number.isInteger(installments) && installments > 0 ? installments : null,
    cardMasked: maskCard(nonEmpty(v.CARD_NUMBER)),
    bankCode: bankCodeOf(v),
    message: given(v.ERROR_MESSAGE) ?? given(v.RESPONSE_DATA),
  };
}

/**
 * One order's state from its rows (GoPay's rule, providers.md §B.2): a successful cancel or refund
 * outranks the sale; `NEW` is a payment started and never finished.
 */
export function statusOfRows(rows: NkolayListRow[]): NkolayStatus {
  const sales = rows.filter((r) => r.type === 'sale');
  const sale = sales.find((r) => r.status === 'success') ?? sales.at(-1) ?? null;
  const reversals = rows.filter((r) => r.status === 'success' && r.type !== 'sale' && r.type !== 'presale' && r.type !== 'other');
  const reversed = reversals.reduce((s, r) => s + (r.amount ?? 0n), 0n);
  if (!sale) return { state: 'not-found', sale: null, reversed, rows };
  if (sale.status !== 'success') return { state: sale.status === 'error' ? 'declined' : 'pending', sale, reversed, rows };
  if (reversals.some((r) => r.type === 'cancel')) return { state: 'cancelled', sale, reversed, rows };
  if (reversed > 0n && sale.amount !== null && reversed >= sale.amount) return { state: 'refunded', sale, reversed, rows };
  if (reversed > 0n) return { state: 'partially-refunded', sale, reversed, rows };
  return { state: 'paid', sale, reversed, rows };
}

const digits = (s: string) => s.replace(/\D/g, '');

export function nkolayClient(cfg: NkolayConfig): NkolayClient {
  const base = (cfg.baseUrl ?? NKOLAY_BASE_URLS[cfg.environment]).replace(/\/+$/, '');
  const origin = new URL(base).origin;
  const now = cfg.now ?? (() => new Date());
  // Longest first: the list and cancel tokens start with the sales token.
  const secrets = [cfg.sxList, cfg.sxCancel, cfg.sx, cfg.merchantSecretKey].filter((s) => s.length >= 4).sort((a, b) => b.length - a.length);

  const redact = (v: unknown): unknown => {
    if (typeof v === 'string') return secrets.reduce((s, secret) => s.split(secret).join('[redacted]'), v);
    if (Array.isArray(v)) return v.map(redact);
    if (isRecord(v)) return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, SECRET_FIELDS.has(k) ? '[redacted]' : redact(x)]));
    return v;
  };

  /** What of a request form is logged: no token, no hash, the card masked, no CVV or expiry. */
  const loggable = (path: string, form: Record<string, string>) => {
    const kept: Record<string, string> = {};
    for (const [k, v] of Object.entries(form)) {
      if (SECRET_FIELDS.has(k) || CARD_FIELDS.has(k)) continue;
      kept[k] = v;
    }
    if (form.cardNumber) kept.card = maskCard(form.cardNumber) ?? '[card]';
    return redact({ path, ...kept });
  };

  /** A 3-D page is the bank's HTML: it may carry card data (some banks post the PAN), so only its size is logged. */
  const loggableAnswer = (a: Answer) => {
    const { BANK_REQUEST_MESSAGE, ...rest } = a;
    return redact(typeof BANK_REQUEST_MESSAGE === 'string' ? { ...rest, BANK_REQUEST_MESSAGE: `[html, ${BANK_REQUEST_MESSAGE.length} chars]` } : rest);
  };

  async function call<T>(path: string, form: Record<string, string>, read: (a: Answer, log: CallLog) => NkolayResult<T>): Promise<NkolayResult<T>> {
    const t0 = performance.now();
    const request = loggable(path, form);
    const log = (response: unknown): CallLog => ({ request, response, latencyMs: Math.round(performance.now() - t0) });
    let status: number;
    let text: string;
    try {
      const res = await upstreamFetch(
        `${base}${path}`,
        {
          method: 'POST',
          headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
          body: new URLSearchParams(form).toString(),
          redirect: 'manual',
          signal: AbortSignal.timeout(cfg.timeoutMs ?? DEFAULT_TIMEOUT_MS),
        },
        path,
      );
      status = res.status;
      text = await res.text();
    } catch (e) {
      const reason = (e as Error).name === 'TimeoutError' ? 'Timed out' : `Network: ${(e as Error).message}`;
      return { kind: 'unreachable', reason, log: log({ error: reason, httpStatus: null }) };
    }
    let answer: Answer | null = null;
    try {
      answer = text.length <= MAX_ANSWER_CHARS ? unwrap(JSON.parse(text)) : null;
    } catch {
      // not JSON: judged below
    }
    if (!answer || status >= 300 || !('RESPONSE_CODE' in answer)) {
      const reason = status >= 300 ? `HTTP ${status}` : `Not an N Kolay answer (HTTP ${status})`;
      return { kind: 'unreachable', reason, log: log({ error: reason, httpStatus: status, body: String(redact(text.slice(0, 300))) }) };
    }
    // An answer that echoes a credential (in a refusal's message, say) must not carry it into a
    // payment's failure reason, a reversal's message or a page: blank it before it is read at all.
    return read(redact(answer) as Answer, log(loggableAnswer(answer)));
  }

  /** A refusal: the bank's when it names a bank code, N Kolay's own otherwise. */
  const refusal = <T>(a: Answer, log: CallLog): NkolayResult<T> => {
    const bankCode = bankCodeOf(a);
    if (bankCode) {
      return {
        kind: 'declined',
        bankCode,
        message: messageOf(a, NKOLAY_BANK_MESSAGES[bankCode] ?? `Banka kodu ${bankCode}`),
        referenceCode: nonEmpty(a.REFERENCE_CODE),
        log,
      };
    }
    return { kind: 'error', code: nonEmpty(a.ERROR_CODE) ?? nonEmpty(a.RESPONSE_CODE), message: messageOf(a, 'N Kolay isteği reddetti'), log };
  };

  function checkAmount(amount: bigint) {
    if (amount <= 0n) throw new RangeError('An N Kolay amount must be positive');
  }

  async function listPayments(input: NkolayListInput): Promise<NkolayResult<NkolayListRow[]>> {
    const days = turkeyDayNumber(input.to) - turkeyDayNumber(input.from) + 1;
    if (days < 1 || days > NKOLAY_LIST_MAX_DAYS) throw new RangeError(`A payment list covers 1 to ${NKOLAY_LIST_MAX_DAYS} days (asked: ${days})`);
    const fields = { sx: cfg.sxList, startDate: listDate(input.from), endDate: listDate(input.to), clientRefCode: input.clientRefCode ?? '' };
    const form: Record<string, string> = {
      sx: fields.sx,
      startDate: fields.startDate,
      endDate: fields.endDate,
      ...(input.clientRefCode ? { clientRefCode: input.clientRefCode } : {}),
      ...(input.page !== undefined ? { pageCount: String(input.page) } : {}),
      ...(input.pageSize !== undefined ? { pageSize: String(input.pageSize) } : {}),
      hashDatav2: nkolayHash(nkolayHashFields.paymentList(fields), cfg.merchantSecretKey),
    };
    return call(NKOLAY_PATHS.paymentList, form, (a, log) => {
      if (!succeeded(a)) {
        // "Listelenecek kayıt bulunamadı." (CORE0305): an empty list, not a failure.
        if (nonEmpty(a.ERROR_CODE) === 'CORE0305' || /kayıt bulunamadı/i.test(str(a.RESPONSE_DATA) ?? '')) return { kind: 'ok', data: [], log };
        return refusal(a, log);
      }
      const list = a.LIST ?? a.TRANSACTION_LIST ?? [];
      if (!Array.isArray(list)) return { kind: 'unreachable', reason: 'A payment list without its LIST', log };
      const rows = list.map(rowOf);
      if (rows.some((r) => r === null)) return { kind: 'unreachable', reason: 'A payment list row without a REFERENCE_CODE', log };
      return { kind: 'ok', data: rows as NkolayListRow[], log };
    });
  }

  async function reversal(input: NkolayReversalInput, type: string): Promise<NkolayResult<NkolayReversalOk>> {
    checkAmount(input.amount);
    const fields = { sx: cfg.sxCancel, referenceCode: input.referenceCode, type, amount: kurusToLira(input.amount), trxDate: trxDate(input.saleDate) };
    const form = { ...fields, hashDatav2: nkolayHash(nkolayHashFields.cancelRefund(fields), cfg.merchantSecretKey) };
    return call(NKOLAY_PATHS.cancelRefund, form, (a, log) =>
      succeeded(a) ? { kind: 'ok', data: { referenceCode: nonEmpty(a.REFERENCE_CODE), message: given(a.RESPONSE_DATA) }, log } : refusal(a, log),
    );
  }

  return {
    baseUrl: base,

    async pay(input) {
      checkAmount(input.amount);
      const installments = input.installments ?? 1;
      if (!Number.isInteger(installments) || installments < 1 || installments > 12) throw new RangeError('Installments are 1 to 12');
      const sale = {
        sx: cfg.sx,
        clientRefCode: input.clientRefCode,
        amount: kurusToLira(input.amount),
        successUrl: input.successUrl,
        failUrl: input.failUrl,
        rnd: paymentRnd(now()),
      };
      const c = input.customer ?? {};
      const form: Record<string, string> = {
        ...sale,
        cardNumber: digits(input.card.number),
        month: String(input.card.month).padStart(2, '0'),
        year: String(input.card.year),
        cvv: input.card.cvv,
        ...(input.card.holderName ? { cardHolderName: input.card.holderName } : {}),
        installmentNo: String(installments),
        use3D: input.use3D ? 'true' : 'false',
        transactionType: 'SALES',
        environment: 'API',
        currencyNumber: NKOLAY_CURRENCY_NUMBER[input.currency ?? 'TRY'],
        ...(input.description ? { description: input.description.slice(0, 250) } : {}),
        ...(c.name ? { namesurname: c.name } : {}),
        ...(c.email ? { email: c.email } : {}),
        ...(c.phone ? { phone: c.phone } : {}),
        ...(c.ip ? { cardHolderIP: c.ip } : {}),
        hashDatav2: nkolayHash(nkolayHashFields.sale(sale), cfg.merchantSecretKey),
      };
      return call(NKOLAY_PATHS.payment, form, (a, log): NkolayResult<NkolayPaymentOk> => {
        if (!succeeded(a)) return refusal(a, log);
        const html = nonEmpty(a.BANK_REQUEST_MESSAGE);
        if (input.use3D || html) {
          if (!html) return { kind: 'unreachable', reason: 'A 3-D answer without the bank page', log };
          return { kind: 'ok', data: { step: '3d', referenceCode: nonEmpty(a.REFERENCE_CODE), html }, log };
        }
        const referenceCode = nonEmpty(a.REFERENCE_CODE);
        const amount = liraToKurus(a.AUTHORIZATION_AMOUNT) ?? input.amount;
        if (!referenceCode) return { kind: 'unreachable', reason: 'An approval without a REFERENCE_CODE', log };
        const n = Number(str(a.INSTALLMENT) ?? installments);
        return {
          kind: 'ok',
          data: {
            step: 'paid',
            referenceCode,
            authCode: nonEmpty(a.AUTH_CODE),
            amount,
            installments: Number.isInteger(n) && n > 0 ? n : installments,
            clientRefCode: nonEmpty(a.CLIENT_REFERENCE_CODE) ?? input.clientRefCode,
          },
          log,
        };
      });
    },

    async createHostedPage(input) {
      checkAmount(input.amount);
      const sale = {
        sx: cfg.sx,
        clientRefCode: input.clientRefCode,
        amount: kurusToLira(input.amount),
        successUrl: input.successUrl,
        failUrl: input.failUrl,
        rnd: hostedRnd(now()),
      };
      const c = input.customer ?? {};
      const form: Record<string, string> = {
        ...sale,
        use3D: input.use3D === false ? 'false' : 'true',
        currencyCode: NKOLAY_CURRENCY_NUMBER[input.currency ?? 'TRY'],
        transactionType: 'SALES',
        instalments: String(input.maxInstallments ?? 1),
        detail: 'true',
        ...(input.pageSeconds ? { second: String(input.pageSeconds) } : {}),
        ...(c.ip ? { cardHolderIP: c.ip } : {}),
        ...(c.name ? { inputNamesurname: c.name } : {}),
        ...(c.email ? { inputEmail: c.email } : {}),
        ...(c.phone ? { inputPhone: c.phone } : {}),
        ...(input.description ? { inputDescription: input.description.slice(0, 250) } : {}),
        hashDatav2: nkolayHash(nkolayHashFields.sale(sale), cfg.merchantSecretKey),
      };
      return call(NKOLAY_PATHS.hostedLink, form, (a, log): NkolayResult<{ url: string }> => {
        if (!succeeded(a)) return refusal(a, log);
        const url = nonEmpty(a.LINK_URL) ?? nonEmpty(a.URL);
        let parsed: URL | null = null;
        try {
          parsed = url ? new URL(url) : null;
        } catch {
          parsed = null;
        }
        // The payer is sent there: only a page on N Kolay's own host.
        if (!parsed || parsed.origin !== origin) return { kind: 'unreachable', reason: 'A hosted page link that is not on N Kolay’s host', log };
        return { kind: 'ok', data: { url: parsed.toString() }, log };
      });
    },

    verifyResult(fields) {
      const hash = nonEmpty(fields.hashDataV2) ?? nonEmpty(fields.hashDatav2);
      const referenceCode = nonEmpty(fields.REFERENCE_CODE);
      const names = Object.keys(fields).sort();
      if (!hash) return { ok: false, error: new NkolayHashMismatch('The result carries no hashDataV2', names, referenceCode) };
      const fieldSet = matchNkolayResultHash(fields, hash, cfg.merchantSecretKey);
      if (!fieldSet || !referenceCode) {
        return { ok: false, error: new NkolayHashMismatch('The result’s hashDataV2 matches neither documented field set', names, referenceCode) };
      }
      const approved = str(fields.RESPONSE_CODE)?.trim() === '2';
      const n = Number(fields.INSTALLMENT);
      const code = nonEmpty(fields.ERROR_CODE);
      return {
        ok: true,
        result: {
          fieldSet,
          approved,
          referenceCode,
          authCode: nonEmpty(fields.AUTH_CODE),
          amount: liraToKurus(fields.AUTHORIZATION_AMOUNT),
          installments: Number.isInteger(n) && n > 0 ? n : null,
          merchantNo: nonEmpty(fields.MERCHANT_NO),
          bankCode: approved ? null : code,
          message: given(fields.RESPONSE_DATA) ?? (code ? (NKOLAY_BANK_MESSAGES[code] ?? null) : null),
          unsignedClientRefCode: nonEmpty(fields.CLIENT_REFERENCE_CODE),
        },
      };
    },

    listPayments,

    async status(clientRefCode, window) {
      const r = await listPayments({ ...window, clientRefCode });
      if (r.kind !== 'ok') return r;
      // A filter N Kolay ignored must not make another order's rows this one's.
      return { kind: 'ok', data: statusOfRows(r.data.filter((row) => row.clientRefCode === clientRefCode)), log: r.log };
    },

    cancel: (input) => reversal(input, 'cancel'),
    refund: (input) => reversal(input, input.partial ? (cfg.partialRefundType ?? 'refund') : 'refund'),
  };
}
