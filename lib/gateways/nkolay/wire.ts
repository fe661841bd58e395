import { createHash, timingSafeEqual } from 'node:crypto';

/**
 * N Kolay's wire rules, shared by the client and the fake (providers.md §B.2; the official OpenAPI
 * spec `paynkolay/paynkolay-api-spec` openapi.yaml):
 * - every outgoing request is signed `hashDatav2 = base64(SHA-512(UTF-8(f1|f2|…|merchantSecretKey)))`,
 *   the fields per operation below;
 * - amounts are dot-decimal lira strings ("6.00"); ours are kuruş as bigint, converted exactly;
 * - dates are Turkey's (UTC+3, no summer time since 2016), in a different format per endpoint.
 */

export const NKOLAY_BASE_URLS = {
  test: 'https://paynkolaytest.nkolayislem.com.tr',
  production: 'https://paynkolay.nkolayislem.com.tr',
} as const;
export type NkolayEnvironment = keyof typeof NKOLAY_BASE_URLS;

export const NKOLAY_PATHS = {
  payment: '/Vpos/v1/Payment',
  hostedLink: '/Vpos/by-link-create',
  paymentList: '/Vpos/Payment/PaymentList',
  cancelRefund: '/Vpos/v1/CancelRefundPayment',
} as const;

/** ISO 4217 numeric codes N Kolay takes (`currencyNumber` on Payment, `currencyCode` on the hosted page). */
export const NKOLAY_CURRENCY_NUMBER = { TRY: '949' } as const;

/** The longest window one PaymentList call may cover (openapi: "max 30 days"; counted inclusive of both days [I]). */
export const NKOLAY_LIST_MAX_DAYS = 30;

export function nkolayHash(fields: readonly string[], secretKey: string): string {
  return createHash('sha512')
    .update([...fields, secretKey].join('|'), 'utf8')
    .digest('base64');
}

/** The field lists each signed operation hashes (before the secret key), in N Kolay's order. */
export const nkolayHashFields = {
  /** Payment and the shared (hosted) page: `sx|clientRefCode|amount|successUrl|failUrl|rnd|customerKey`. */
  sale: (f: { sx: string; clientRefCode: string; amount: string; successUrl: string; failUrl: string; rnd: string; customerKey?: string }) => [
    f.sx,
    f.clientRefCode,
    f.amount,
    f.successUrl,
    f.failUrl,
    f.rnd,
    f.customerKey ?? '',
  ],
  /** CancelRefundPayment: `sx|referenceCode|type|amount|trxDate`. */
  cancelRefund: (f: { sx: string; referenceCode: string; type: string; amount: string; trxDate: string }) => [
    f.sx,
    f.referenceCode,
    f.type,
    f.amount,
    f.trxDate,
  ],
  /** PaymentList: `sx|startDate|endDate|clientRefCode` (clientRefCode empty when not filtered). */
  paymentList: (f: { sx: string; startDate: string; endDate: string; clientRefCode?: string }) => [f.sx, f.startDate, f.endDate, f.clientRefCode ?? ''],
};

/**
 * The two documented field sets of the result N Kolay posts to successUrl/failUrl:
 * - `v9`: the "Hash Yanıtı" page (05-hash-response.php), with CURRENCY_CODE before the secret; what the
 *   test sandbox signed in a real callback quoted by mstgnz/gopay;
 * - `v8`: the OpenAPI spec's `WebhookCallback`, without CURRENCY_CODE.
 * Neither covers CLIENT_REFERENCE_CODE: the order id in a result is not vouched for by the hash.
 */
export const NKOLAY_RESULT_FIELD_SETS = {
  v9: ['MERCHANT_NO', 'REFERENCE_CODE', 'AUTH_CODE', 'RESPONSE_CODE', 'USE_3D', 'RND', 'INSTALLMENT', 'AUTHORIZATION_AMOUNT', 'CURRENCY_CODE'],
  v8: ['MERCHANT_NO', 'REFERENCE_CODE', 'AUTH_CODE', 'RESPONSE_CODE', 'USE_3D', 'RND', 'INSTALLMENT', 'AUTHORIZATION_AMOUNT'],
} as const;
export type NkolayResultFieldSet = keyof typeof NKOLAY_RESULT_FIELD_SETS;

/** Signs a result as N Kolay does (used by the fake; exported so tests can build one). */
export function signNkolayResult(fields: Record<string, string>, secretKey: string, set: NkolayResultFieldSet = 'v9'): string {
  return nkolayHash(
    NKOLAY_RESULT_FIELD_SETS[set].map((k) => fields[k] ?? ''),
    secretKey,
  );
}

/** Which field set a result's hash matches, or null. Compared in constant time. */
export function matchNkolayResultHash(fields: Record<string, string>, hash: string, secretKey: string): NkolayResultFieldSet | null {
  const given = Buffer.from(hash, 'utf8');
  for (const set of ['v9', 'v8'] as const) {
    const want = Buffer.from(signNkolayResult(fields, secretKey, set), 'utf8');
    if (want.length === given.length && timingSafeEqual(want, given)) return set;
  }
  return null;
}

/** Kuruş to N Kolay's amount: `12345n` → `"123.45"`, `5n` → `"0.05"`. Never a float. */
export function kurusToLira(kurus: bigint): string {
  if (kurus < 0n) throw new RangeError('N Kolay amounts are never negative');
  const s = kurus.toString().padStart(3, '0');
  return `${s.slice(0, -2)}.${s.slice(-2)}`;
}

/** N Kolay's amount to kuruş: "123.45", "123.4", "123" (and "1,234.56" as some reports print it [I]); null if it is not an amount. */
export function liraToKurus(value: unknown): bigint | null {
  if (typeof value === 'number') value = Number.isFinite(value) ? value.toFixed(2) : '';
  if (typeof value !== 'string') return null;
  const m = /^(\d{1,3}(?:,\d{3})+|\d{1,15})(?:\.(\d{1,2}))?$/.exec(value.trim());
  if (!m) return null;
  return BigInt(m[1].replace(/,/g, '')) * 100n + BigInt((m[2] ?? '0').padEnd(2, '0'));
}

const TURKEY_OFFSET_MS = 3 * 60 * 60 * 1000;

/** The wall-clock parts of a moment in Turkey (UTC+3). */
export function turkeyParts(at: Date) {
  const t = new Date(at.getTime() + TURKEY_OFFSET_MS);
  const p = (n: number, w = 2) => String(n).padStart(w, '0');
  return {
    yyyy: p(t.getUTCFullYear(), 4),
    mm: p(t.getUTCMonth() + 1),
    dd: p(t.getUTCDate()),
    hh: p(t.getUTCHours()),
    mi: p(t.getUTCMinutes()),
    ss: p(t.getUTCSeconds()),
  };
}

/** Payment's `rnd`: "DD-MM-YYYY HH:mm:ss" (openapi PaymentRequest). */
export function paymentRnd(at: Date): string {
  const t = turkeyParts(at);
  return `${t.dd}-${t.mm}-${t.yyyy} ${t.hh}:${t.mi}:${t.ss}`;
}

/** The hosted page's `rnd`: "YYYYMMDDHHmmss" (openapi example 20251227155649). */
export function hostedRnd(at: Date): string {
  const t = turkeyParts(at);
  return `${t.yyyy}${t.mm}${t.dd}${t.hh}${t.mi}${t.ss}`;
}

/** PaymentList dates: "DD.MM.YYYY". */
export function listDate(at: Date): string {
  const t = turkeyParts(at);
  return `${t.dd}.${t.mm}.${t.yyyy}`;
}

/** CancelRefundPayment's `trxDate`, the sale's day: "YYYY.MM.DD". */
export function trxDate(at: Date): string {
  const t = turkeyParts(at);
  return `${t.yyyy}.${t.mm}.${t.dd}`;
}

/** The Turkish calendar day of a moment as a day number (for window and same-day rules). */
export function turkeyDayNumber(at: Date): number {
  return Math.floor((at.getTime() + TURKEY_OFFSET_MS) / 86_400_000);
}

/**
 * The bank's own response codes as N Kolay's error-code page words them (43-error-codes.php, as
 * transcribed in tcgunel/omnipay-paynkolay `ErrorCodes.php`): only a fallback for an answer that
 * gives a code without a message; a message N Kolay sends is kept as given.
 */
export const NKOLAY_BANK_MESSAGES: Record<string, string> = {
  '05': 'Kart Bankasını Arayınız / İşlem Onaylanmadı',
  '12': 'Geçersiz İşlem / Sanal POS Tanımsız İşlem Yetkisi',
  '14': 'Geçersiz Kart Numarası',
  '41': 'Kayıp Kart',
  '43': 'Kayıp Kart',
  '51': 'Yetersiz Bakiye / Yetersiz Kart Limiti',
  '54': 'Kartın Son Kullanım Tarihi Dolmuş',
  '57': 'Karta İzin Verilmeyen İşlem',
  '62': 'Kısıtlanmış Kart / Kendi Ülkesinde Geçerli Kart',
  '82': 'CVV Hatalı',
  '91': 'Kart Bankası Yanıt Vermiyor',
  '93': 'E-ticaret İşlemlerine Kapalı Kart',
  '96': 'Kart Bankası Yanıt Vermiyor',
  '99': 'Sistem Hatası',
};
