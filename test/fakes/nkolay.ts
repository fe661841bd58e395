import { randomInt } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  NKOLAY_BANK_MESSAGES,
  NKOLAY_LIST_MAX_DAYS,
  NKOLAY_PATHS,
  kurusToLira,
  liraToKurus,
  nkolayHash,
  nkolayHashFields,
  signNkolayResult,
  trxDate,
  turkeyDayNumber,
  turkeyParts,
  type NkolayResultFieldSet,
} from '@/lib/gateways/nkolay/wire';

/**
 * A local N Kolay virtual POS (providers.md §B) for the adapter's tests and `npm run dev`. It checks
 * what real N Kolay checks and answers as it does, errors inside HTTP 200:
 * - form-encoded POSTs only; each operation takes its own token (`sx` sales, `sx-list` reports,
 *   `sx-cancel` cancel/refund) and its `hashDatav2` (a wrong one is refused: `RESPONSE_CODE` 9,
 *   "API : hashData error :: ", the shape the sandbox gave GoPay); amounts "123.45"; `rnd` and dates
 *   in each endpoint's format;
 * - Payment: non-3-D decides at once; 3-D answers `BANK_REQUEST_MESSAGE`, a page that posts to the
 *   fake bank's 3-D page (password `123456`), which posts the signed result to successUrl/failUrl;
 * - by-link-create: N Kolay's hosted page (`/Vpos/by…`), card form → 3-D page → signed result;
 * - decline codes by test card (`FAKE_NKOLAY_CARDS`); results signed with the 9-field set by default;
 * - cancel only on the sale's (Turkish) day and only in full; refund from the next day on, full or
 *   partial, never above what is left;
 * - PaymentList: ≤ 30 days, wrapped `{id, result}`, "Listelenecek kayıt bulunamadı." when empty.
 * Test controls: `calls`, `failNext(n, 'timeout' | '500' | 'garbage' | 'redirect')`, `clock.advance/set`,
 * `control.resultFieldSet` and `control.linkOrigin`, and the HTML helpers `readForm`/`submitForm` to walk its pages over HTTP.
 * Messages N Kolay's public documents do not give are ours [I], in Turkish.
 */

export type FakeNkolayMerchant = { sx: string; sxList: string; sxCancel: string; merchantSecretKey: string; merchantNo: string };

/**
 * The demo merchant `npm run dev` (and the tests) run the fake with: a test-environment POS
 * definition with these credentials works against it; any other is refused as N Kolay refuses it.
 */
export const FAKE_NKOLAY_MERCHANT: FakeNkolayMerchant = {
  sx: 'sx-sales-118591467|bScbGDYCtPf7SS1N6PQ6/+58rFhW1WpsWINqvkJFaJlu6bMH2tgPKDQtjeA5vClpzJP24uA0vx7OX53cP3SgUspa4EvYix+1C3aXe++8glUvu9Oyyvf3Os=',
  sxList: 'sx-list-118591467|bScbGDYCtPf7SS1N6PQ6/+58rFhW1WpsWINqvkJFaJlu6bMH2tgPKDQtjeA5vClpzJP24uA0vx7OX53cP3SgUspa4EvYix+1C3aXe++8glUvu9Oyyvf3Os=',
  sxCancel: 'sx-cancel-118591467|bScbGDYCtPf7SS1N6PQ6/+58rFhW1WpsWINqvkJFaJlu6bMH2tgPKDQtjeA5vClpzJP24uA0vx7OX53cP3SgUspa4EvYix+1C3aXe++8glUvu9Oyyvf3Os=',
  merchantSecretKey: '_YckdxUbv4vrnMUZ6VQsr',
  merchantNo: '400000904',
};

/** Test cards: the spec's Ziraat and Akbank cards approve; the rest decline with a bank code. [I] */
export const FAKE_NKOLAY_CARDS = {
  approved: '4546711234567894',
  approved3d: '4355093000315232',
  insufficient: '4000000000005100',
  lost: '4000000000004103',
  stolen: '4000000000004301',
  expired: '4000000000005407',
  wrongCvv: '4000000000008203',
  issuerDown: '4000000000009102',
} as const;
export const FAKE_NKOLAY_3D_PASSWORD = '123456';
const DECLINES: Record<string, string> = {
  [FAKE_NKOLAY_CARDS.insufficient]: '51',
  [FAKE_NKOLAY_CARDS.lost]: '41',
  [FAKE_NKOLAY_CARDS.stolen]: '43',
  [FAKE_NKOLAY_CARDS.expired]: '54',
  [FAKE_NKOLAY_CARDS.wrongCvv]: '82',
  [FAKE_NKOLAY_CARDS.issuerDown]: '91',
};

export const FAKE_NKOLAY_MESSAGES = {
  hash: 'API : hashData error :: ',
  sx: 'Geçersiz sx bilgisi',
  notFound: 'İşlem bulunamadı',
  cancelNotToday: 'İptal işlemi yalnızca işlem günü yapılabilir, iade işlemi yapınız',
  cancelPartial: 'İptal işlemi yalnızca işlem tutarının tamamı için yapılabilir',
  refundToday: 'İşlem günü iade yapılamaz, iptal işlemi yapınız',
  refundAboveLeft: 'Belirtilen tutar iade edilemiyor: kalan tutardan fazla',
  alreadyReversed: 'İşlem daha önce iptal/iade edilmiş',
  empty: 'Listelenecek kayıt bulunamadı.',
  window: 'Tarih aralığı en fazla 30 gün olabilir',
  threeD: '3D doğrulama başarısız',
} as const;

type RowType = 'SALES' | 'CANCEL' | 'REFUND' | 'REFUNDP';
type Row = {
  referenceCode: string;
  clientRefCode: string;
  type: RowType;
  status: 'NEW' | 'SUCCESS' | 'ERROR';
  amount: bigint;
  at: Date;
  authCode: string;
  installments: number;
  cardMasked: string;
  bankCode: string;
  message: string;
  /** Sales only. */
  sale?: { successUrl: string; failUrl: string; cardNumber: string; rnd: string; use3D: boolean };
  /** Cancels and refunds: the sale they reverse. */
  of?: string;
};
type Link = { id: string; clientRefCode: string; amount: bigint; successUrl: string; failUrl: string; use3D: boolean; maxInstallments: number };

type FailMode = 'timeout' | '500' | 'garbage' | 'redirect';

export type FakeNkolayCall = { path: string; form: Record<string, string>; answer: unknown };

class Refusal extends Error {
  constructor(
    readonly body: Record<string, unknown>,
    readonly wrapped = false,
  ) {
    super(String(body.RESPONSE_DATA));
  }
}
const refuse = (message: string, code: number | string = 0, errorCode = ''): never => {
  throw new Refusal({ RESPONSE_CODE: code, RESPONSE_DATA: message, ERROR_CODE: errorCode });
};

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
const unescapeHtml = (s: string) => s.replace(/&#(\d+);/g, (_, n: string) => String.fromCharCode(Number(n)));
const mask = (card: string) => `${card.slice(0, 6)}******${card.slice(-4)}`;

/** The first form of a page: where it posts and its fields (hidden and filled). */
export function readForm(html: string): { action: string; fields: Record<string, string> } {
  const form = /<form[^>]*action="([^"]*)"[^>]*>([\s\S]*?)<\/form>/i.exec(html);
  if (!form) throw new Error(`no form in: ${html.slice(0, 200)}`);
  const fields: Record<string, string> = {};
  for (const [tag] of form[2].matchAll(/<input\b[^>]*>/gi)) {
    const name = /\bname="([^"]*)"/.exec(tag)?.[1];
    if (name !== undefined) fields[unescapeHtml(name)] = unescapeHtml(/\bvalue="([^"]*)"/.exec(tag)?.[1] ?? '');
  }
  return { action: unescapeHtml(form[1]), fields };
}

/** Posts a page's first form as a browser would (with `fill` typed in), returning the next page. */
export async function submitForm(html: string, fill: Record<string, string> = {}): Promise<string> {
  const { action, fields } = readForm(html);
  const res = await fetch(action, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ ...fields, ...fill }).toString(),
  });
  return res.text();
}

/** A page that posts `fields` to `action` on load, as N Kolay's and the banks' pages do. */
function autoPost(action: string, fields: Record<string, string>, title: string): string {
  const inputs = Object.entries(fields)
    .map(([k, v]) => `<input type="hidden" name="${escapeHtml(k)}" value="${escapeHtml(v)}">`)
    .join('');
  return (
    `<!doctype html><html lang="tr"><meta charset="utf-8"><title>${escapeHtml(title)}</title><body onload="document.forms[0].submit()">` +
    `<form method="post" action="${escapeHtml(action)}">${inputs}<noscript><button>Devam</button></noscript></form></body></html>`
  );
}

const LIST_DATE = /^(\d{2})\.(\d{2})\.(\d{4})$/;
/** A DD.MM.YYYY day as its Turkish day number, or null (round-tripped: 30.02 is not a day). */
function listDay(s: string | undefined): number | null {
  const m = LIST_DATE.exec(s ?? '');
  if (!m) return null;
  const ms = Date.UTC(Number(m[3]), Number(m[2]) - 1, Number(m[1]));
  const d = new Date(ms);
  if (d.getUTCDate() !== Number(m[1]) || d.getUTCMonth() !== Number(m[2]) - 1) return null;
  return Math.floor(ms / 86_400_000);
}

export async function startFakeNkolay(merchant: FakeNkolayMerchant) {
  const rows: Row[] = [];
  const links = new Map<string, Link>();
  const calls: FakeNkolayCall[] = [];
  const failures: FailMode[] = [];
  /** API calls to one path kept unanswered (and not yet carried out) until the test lets them go. */
  const holds = new Map<string, { arrived: () => void; released: Promise<void> }>();
  let offsetMs = 0;
  let seq = randomInt(1_000_000, 9_000_000);
  const clock = {
    now: () => new Date(Date.now() + offsetMs),
    advance(ms: number) {
      offsetMs += ms;
    },
    set(at: Date) {
      offsetMs = at.getTime() - Date.now();
    },
  };
  const control = {
    resultFieldSet: 'v9' as NkolayResultFieldSet,
    /** Where by-link-create says the page is (a test sets another host to see the client refuse it). */
    linkOrigin: null as string | null,
  };
  let origin = '';

  const nextRef = () => `IKSIRPF${seq++}`;
  const sale = (ref: string) => rows.find((r) => r.referenceCode === ref && r.type === 'SALES');

  function requireHash(form: Record<string, string>, fields: string[], wrapped = false) {
    if (form.hashDatav2 !== nkolayHash(fields, merchant.merchantSecretKey)) {
      throw new Refusal({ RESPONSE_CODE: 9, ERROR_CODE: '', RESPONSE_DATA: FAKE_NKOLAY_MESSAGES.hash, sessionId: null }, wrapped);
    }
  }
  const requireAmount = (v: string | undefined): bigint => {
    const k = /^\d{1,12}\.\d{2}$/.test(v ?? '') ? liraToKurus(v) : null;
    if (k === null || k <= 0n) return refuse('Tutar formatı hatalı (örnek: 6.00)');
    return k;
  };
  const requireUrl = (v: string | undefined, name: string) => {
    try {
      return new URL(v ?? '').toString() && (v as string);
    } catch {
      return refuse(`${name} hatalı`);
    }
  };

  /** The bank's verdict on a card, after 3-D if any. */
  function authorize(r: Row) {
    const code = DECLINES[r.sale!.cardNumber];
    if (code) Object.assign(r, { status: 'ERROR', bankCode: code, message: NKOLAY_BANK_MESSAGES[code], authCode: '' });
    else Object.assign(r, { status: 'SUCCESS', bankCode: '00', message: 'İşlem başarılı', authCode: `S${randomInt(100000, 999999)}` });
  }

  /** The result N Kolay posts to successUrl/failUrl, signed. */
  function resultPage(r: Row): string {
    const ok = r.status === 'SUCCESS';
    const fields: Record<string, string> = {
      MERCHANT_NO: merchant.merchantNo,
      REFERENCE_CODE: r.referenceCode,
      AUTH_CODE: r.authCode,
      RESPONSE_CODE: ok ? '2' : '0',
      RESPONSE_DATA: r.message,
      USE_3D: String(r.sale!.use3D),
      RND: String(clock.now().getTime()),
      INSTALLMENT: String(r.installments),
      AUTHORIZATION_AMOUNT: kurusToLira(r.amount),
      CURRENCY_CODE: 'TRY',
      CLIENT_REFERENCE_CODE: r.clientRefCode,
      ERROR_CODE: ok ? '' : r.bankCode,
    };
    if (control.resultFieldSet === 'v8') delete fields.CURRENCY_CODE;
    fields.hashDataV2 = signNkolayResult(fields, merchant.merchantSecretKey, control.resultFieldSet);
    return autoPost(ok ? r.sale!.successUrl : r.sale!.failUrl, fields, 'N Kolay');
  }

  function newSale(p: {
    clientRefCode: string;
    amount: bigint;
    installments: number;
    card: string;
    successUrl: string;
    failUrl: string;
    rnd: string;
    use3D: boolean;
  }): Row {
    const r: Row = {
      referenceCode: nextRef(),
      clientRefCode: p.clientRefCode,
      type: 'SALES',
      status: 'NEW',
      amount: p.amount,
      at: clock.now(),
      authCode: '',
      installments: p.installments,
      cardMasked: mask(p.card),
      bankCode: '',
      message: '',
      sale: { successUrl: p.successUrl, failUrl: p.failUrl, cardNumber: p.card, rnd: p.rnd, use3D: p.use3D },
    };
    rows.push(r);
    return r;
  }

  const threeDPage = (ref: string) =>
    `<!doctype html><html lang="tr"><meta charset="utf-8"><title>3D Secure (fake)</title><h1>3D Secure</h1>` +
    `<form method="post" action="${origin}/_fake/acs/submit"><input type="hidden" name="ref" value="${escapeHtml(ref)}">` +
    `<label>Şifre <input name="password" value=""></label><button>Onayla</button></form></html>`;

  function payment(f: Record<string, string>) {
    if (f.sx !== merchant.sx) refuse(FAKE_NKOLAY_MESSAGES.sx);
    for (const k of [
      'clientRefCode',
      'amount',
      'successUrl',
      'failUrl',
      'cardNumber',
      'month',
      'year',
      'cvv',
      'use3D',
      'transactionType',
      'rnd',
      'hashDatav2',
      'environment',
    ]) {
      if (!f[k]) refuse(`${k} alanı zorunludur`);
    }
    requireHash(f, nkolayHashFields.sale({ ...f, customerKey: f.csCustomerKey } as Parameters<typeof nkolayHashFields.sale>[0]));
    const amount = requireAmount(f.amount);
    if (!/^\d{2}-\d{2}-\d{4} \d{2}:\d{2}:\d{2}$/.test(f.rnd)) refuse('rnd formatı hatalı (DD-MM-YYYY HH:mm:ss)');
    if (!/^(0[1-9]|1[0-2])$/.test(f.month) || !/^\d{4}$/.test(f.year) || !/^\d{3,4}$/.test(f.cvv)) refuse('Kart bilgileri hatalı');
    if (!/^\d{12,19}$/.test(f.cardNumber)) refuse(NKOLAY_BANK_MESSAGES['14'], 0, '14');
    if (f.environment !== 'API' || !['SALES', 'PRESALES'].includes(f.transactionType)) refuse('environment/transactionType hatalı');
    if (f.currencyNumber && f.currencyNumber !== '949') refuse('Para birimi desteklenmiyor');
    requireUrl(f.successUrl, 'successUrl');
    requireUrl(f.failUrl, 'failUrl');
    const installments = Number(f.installmentNo ?? '1');
    if (!Number.isInteger(installments) || installments < 1 || installments > 12) refuse('Taksit sayısı hatalı');
    const use3D = f.use3D === 'true';
    const r = newSale({
      clientRefCode: f.clientRefCode,
      amount,
      installments,
      card: f.cardNumber,
      successUrl: f.successUrl,
      failUrl: f.failUrl,
      rnd: f.rnd,
      use3D,
    });
    const common = {
      REFERENCE_CODE: r.referenceCode,
      CLIENT_REFERENCE_CODE: r.clientRefCode,
      MERCHANT_NO: merchant.merchantNo,
      RND: f.rnd,
      USE_3D: String(use3D),
    };
    if (use3D) {
      const html = autoPost(`${origin}/_fake/acs`, { ref: r.referenceCode }, 'Banka yönlendirme');
      return { RESPONSE_CODE: 2, RESPONSE_DATA: '', ...common, BANK_REQUEST_MESSAGE: html };
    }
    authorize(r);
    if (r.status === 'ERROR') return { RESPONSE_CODE: 0, RESPONSE_DATA: r.message, ERROR_CODE: r.bankCode, ...common };
    return {
      RESPONSE_CODE: 2,
      RESPONSE_DATA: r.message,
      ...common,
      AUTH_CODE: r.authCode,
      AUTHORIZATION_AMOUNT: kurusToLira(r.amount),
      INSTALLMENT: String(r.installments),
    };
  }

  function hostedLink(f: Record<string, string>) {
    if (f.sx !== merchant.sx) refuse(FAKE_NKOLAY_MESSAGES.sx);
    for (const k of ['clientRefCode', 'amount', 'successUrl', 'failUrl', 'rnd', 'transactionType', 'hashDatav2']) if (!f[k]) refuse(`${k} alanı zorunludur`);
    requireHash(f, nkolayHashFields.sale({ ...f, customerKey: f.customerKey } as Parameters<typeof nkolayHashFields.sale>[0]));
    const amount = requireAmount(f.amount);
    if (!/^\d{14}$/.test(f.rnd)) refuse('rnd formatı hatalı (YYYYMMDDHHmmss)');
    if (f.currencyCode && f.currencyCode !== '949') refuse('Para birimi desteklenmiyor');
    requireUrl(f.successUrl, 'successUrl');
    requireUrl(f.failUrl, 'failUrl');
    const t = turkeyParts(clock.now());
    const id = `by${seq++}${t.yyyy}${t.mm}${t.dd}${t.hh}${t.mi}${t.ss}`;
    links.set(id, {
      id,
      clientRefCode: f.clientRefCode,
      amount,
      successUrl: f.successUrl,
      failUrl: f.failUrl,
      use3D: f.use3D !== 'false',
      maxInstallments: Math.max(1, Number(f.instalments) || 1),
    });
    return { RESPONSE_CODE: 2, RESPONSE_DATA: '', LINK_URL: `${control.linkOrigin ?? origin}/Vpos/${id}` };
  }

  function cancelRefund(f: Record<string, string>) {
    if (f.sx !== merchant.sxCancel) refuse(FAKE_NKOLAY_MESSAGES.sx);
    for (const k of ['referenceCode', 'type', 'amount', 'trxDate', 'hashDatav2']) if (!f[k]) refuse(`${k} alanı zorunludur`);
    requireHash(f, nkolayHashFields.cancelRefund(f as Parameters<typeof nkolayHashFields.cancelRefund>[0]));
    const amount = requireAmount(f.amount);
    if (!['cancel', 'refund', 'refundp'].includes(f.type)) refuse('type hatalı (cancel, refund)');
    const s = sale(f.referenceCode);
    if (!s || s.status !== 'SUCCESS' || trxDate(s.at) !== f.trxDate) return refuse(FAKE_NKOLAY_MESSAGES.notFound, 0, '25');
    const reversals = rows.filter((r) => r.of === s.referenceCode && r.status === 'SUCCESS');
    const taken = reversals.reduce((sum, r) => sum + r.amount, 0n);
    const cancelled = reversals.some((r) => r.type === 'CANCEL');
    const left = cancelled ? 0n : s.amount - taken;
    const sameDay = turkeyDayNumber(s.at) === turkeyDayNumber(clock.now());
    if (left === 0n) refuse(FAKE_NKOLAY_MESSAGES.alreadyReversed);
    let type: RowType;
    if (f.type === 'cancel') {
      if (!sameDay) refuse(FAKE_NKOLAY_MESSAGES.cancelNotToday);
      if (amount !== s.amount) refuse(FAKE_NKOLAY_MESSAGES.cancelPartial);
      type = 'CANCEL';
    } else {
      if (sameDay) refuse(FAKE_NKOLAY_MESSAGES.refundToday);
      if (amount > left) refuse(FAKE_NKOLAY_MESSAGES.refundAboveLeft);
      type = amount === s.amount ? 'REFUND' : 'REFUNDP';
    }
    const r: Row = {
      referenceCode: nextRef(),
      clientRefCode: s.clientRefCode,
      type,
      status: 'SUCCESS',
      amount,
      at: clock.now(),
      authCode: s.authCode,
      installments: s.installments,
      cardMasked: s.cardMasked,
      bankCode: '00',
      message: 'İşlem başarılı',
      of: s.referenceCode,
    };
    rows.push(r);
    return { RESPONSE_CODE: 2, RESPONSE_DATA: 'İşlem başarılı', REFERENCE_CODE: r.referenceCode };
  }

  function paymentList(f: Record<string, string>) {
    const wrap = (result: Record<string, unknown>) => ({ id: '', result, error: null });
    if (f.sx !== merchant.sxList) throw new Refusal({ RESPONSE_CODE: 0, RESPONSE_DATA: FAKE_NKOLAY_MESSAGES.sx, ERROR_CODE: '' }, true);
    requireHash(f, nkolayHashFields.paymentList(f as Parameters<typeof nkolayHashFields.paymentList>[0]), true);
    const from = listDay(f.startDate);
    const to = listDay(f.endDate);
    if (from === null || to === null || to < from)
      throw new Refusal({ RESPONSE_CODE: 0, RESPONSE_DATA: 'Tarih formatı hatalı (DD.MM.YYYY)', ERROR_CODE: '' }, true);
    if (to - from + 1 > NKOLAY_LIST_MAX_DAYS) throw new Refusal({ RESPONSE_CODE: 0, RESPONSE_DATA: FAKE_NKOLAY_MESSAGES.window, ERROR_CODE: '' }, true);
    const size = Math.min(Number(f.pageSize) || 100, 500);
    const page = Number(f.pageCount) || 0;
    const found = rows
      .filter((r) => turkeyDayNumber(r.at) >= from && turkeyDayNumber(r.at) <= to)
      .filter((r) => !f.clientRefCode || r.clientRefCode === f.clientRefCode)
      .slice(page * size, (page + 1) * size);
    if (found.length === 0) {
      return wrap({
        RESPONSE_CODE: '0',
        RESPONSE_DATA: FAKE_NKOLAY_MESSAGES.empty,
        LIST: null,
        ERROR_CODE: 'CORE0305',
        ERROR_MESSAGE: FAKE_NKOLAY_MESSAGES.empty,
      });
    }
    return wrap({
      RESPONSE_CODE: '2',
      RESPONSE_DATA: 'Servis dönüşü başarılı',
      LIST: found.map((r) => {
        const t = turkeyParts(r.at);
        return {
          REFERENCE_CODE: r.referenceCode,
          CLIENT_REFERENCE_CODE: r.clientRefCode,
          TRANSACTION_TYPE: r.type,
          STATUS: r.status,
          TRX_DATE: `${t.dd}.${t.mm}.${t.yyyy} ${t.hh}:${t.mi}:${t.ss}`,
          AUTH_CODE: r.authCode,
          TRANSACTION_AMOUNT: kurusToLira(r.amount),
          INSTALLMENT_COUNT: r.installments,
          CARD_NUMBER: r.cardMasked,
          IS_3D: r.sale?.use3D ?? false,
          ERROR_CODE: r.status === 'ERROR' ? r.bankCode : null,
          ERROR_MESSAGE: r.status === 'ERROR' ? r.message : null,
        };
      }),
      ERROR_CODE: null,
      ERROR_MESSAGE: null,
    });
  }

  const API: Record<string, (f: Record<string, string>) => Record<string, unknown>> = {
    [NKOLAY_PATHS.payment]: payment,
    [NKOLAY_PATHS.hostedLink]: hostedLink,
    [NKOLAY_PATHS.cancelRefund]: cancelRefund,
    [NKOLAY_PATHS.paymentList]: paymentList,
  };

  const html = (res: http.ServerResponse, status: number, body: string) => res.writeHead(status, { 'content-type': 'text/html; charset=utf-8' }).end(body);

  /** The payer's pages: the hosted page, its card form, the bank's 3-D page and its answer. */
  function page(method: string, url: URL, f: Record<string, string>, res: http.ServerResponse) {
    const linkId = /^\/Vpos\/(by\d+)$/.exec(url.pathname)?.[1];
    if (method === 'GET' && linkId) {
      const l = links.get(linkId);
      if (!l) return html(res, 404, 'Link bulunamadı');
      return html(
        res,
        200,
        `<!doctype html><html lang="tr"><meta charset="utf-8"><title>N Kolay Ödeme (fake)</title><h1>Ödeme</h1>` +
          `<p data-testid="nkolay-amount">${kurusToLira(l.amount)} TL</p>` +
          `<form method="post" action="${origin}/_fake/hosted/pay"><input type="hidden" name="link" value="${l.id}">` +
          `<label>Kart numarası <input name="cardNumber" value=""></label><label>Ay <input name="month" value=""></label>` +
          `<label>Yıl <input name="year" value=""></label><label>CVV <input name="cvv" value=""></label>` +
          `<label>Taksit <input name="installment" value="1"></label><button>Öde</button></form></html>`,
      );
    }
    if (method === 'POST' && url.pathname === '/_fake/hosted/pay') {
      const l = links.get(f.link ?? '');
      if (!l) return html(res, 404, 'Link bulunamadı');
      const card = (f.cardNumber ?? '').replace(/\D/g, '');
      if (!/^\d{12,19}$/.test(card)) return html(res, 200, 'Geçersiz Kart Numarası');
      const installments = Math.min(Math.max(1, Number(f.installment) || 1), l.maxInstallments);
      const r = newSale({
        clientRefCode: l.clientRefCode,
        amount: l.amount,
        installments,
        card,
        successUrl: l.successUrl,
        failUrl: l.failUrl,
        rnd: '',
        use3D: l.use3D,
      });
      if (l.use3D) return html(res, 200, threeDPage(r.referenceCode));
      authorize(r);
      return html(res, 200, resultPage(r));
    }
    if (method === 'POST' && url.pathname === '/_fake/acs') {
      const r = sale(f.ref ?? '');
      if (!r || r.status !== 'NEW') return html(res, 404, 'İşlem bulunamadı');
      return html(res, 200, threeDPage(r.referenceCode));
    }
    if (method === 'POST' && url.pathname === '/_fake/acs/submit') {
      const r = sale(f.ref ?? '');
      if (!r || r.status !== 'NEW') return html(res, 404, 'İşlem bulunamadı');
      if (f.password !== FAKE_NKOLAY_3D_PASSWORD) Object.assign(r, { status: 'ERROR', bankCode: '', message: FAKE_NKOLAY_MESSAGES.threeD });
      else authorize(r);
      return html(res, 200, resultPage(r));
    }
    return html(res, 404, '<html><body>404 Not Found</body></html>');
  }

  function lose(mode: FailMode, res: http.ServerResponse) {
    if (mode === 'timeout') return; // never answers; close() drops the socket
    if (mode === 'redirect') return res.writeHead(302, { location: 'http://127.0.0.1:9/elsewhere' }).end();
    if (mode === '500') return html(res, 500, '<html><body>Internal Server Error</body></html>');
    html(res, 200, '<html><body>Sistem bakımda</body></html>');
  }

  const server = http.createServer((req, res) => {
    let raw = '';
    req.on('data', (c) => (raw += c));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://fake.nkolay');
      const form: Record<string, string> = {};
      for (const [k, v] of new URLSearchParams(raw)) form[k] = v;
      const api = API[url.pathname];
      if (!api || req.method !== 'POST') return page(req.method ?? '', url, form, res);
      const call: FakeNkolayCall = { path: url.pathname, form, answer: null };
      calls.push(call);
      const held = holds.get(url.pathname);
      if (held) {
        holds.delete(url.pathname);
        held.arrived();
        return void held.released.then(() => answer(api, url, form, call, req, res));
      }
      answer(api, url, form, call, req, res);
    });
  });

  function answer(
    api: (f: Record<string, string>) => unknown,
    url: URL,
    form: Record<string, string>,
    call: FakeNkolayCall,
    req: http.IncomingMessage,
    res: http.ServerResponse,
  ) {
    const failure = failures.shift();
    if (failure) {
      call.answer = failure;
      return lose(failure, res);
    }
    let body: unknown;
    try {
      if (!req.headers['content-type']?.startsWith('application/x-www-form-urlencoded')) refuse('Content-Type application/x-www-form-urlencoded olmalıdır');
      body = api(form);
    } catch (e) {
      if (!(e instanceof Refusal)) throw e;
      // The payment list's refusals come as {result: "<JSON string>"} (seen by GoPay on the sandbox).
      body = e.wrapped ? { result: JSON.stringify(e.body) } : e.body;
    }
    call.answer = body;
    // A list asked by clientRefCode comes back as one JSON string holding the answer (GoPay, seen on
    // the sandbox and production).
    const wire = url.pathname === NKOLAY_PATHS.paymentList && form.clientRefCode ? JSON.stringify(JSON.stringify(body)) : JSON.stringify(body);
    res.writeHead(200, { 'content-type': 'application/json; charset=utf-8' }).end(wire);
  }

  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    baseUrl: origin,
    calls,
    clock,
    /** Which documented field set the results are signed with (the 9-field page by default). */
    control,
    /** The next `n` API calls lose their answer: none at all, a 500, an HTML page under 200, or a redirect elsewhere. */
    failNext(n: number, mode: FailMode) {
      for (let i = 0; i < n; i++) failures.push(mode);
    },
    /**
     * The next API call to `path` waits, not yet carried out, until `release()`: a call in flight
     * while something else happens. `arrived` resolves once it has come in.
     */
    holdNext(path: string) {
      let release!: () => void;
      const released = new Promise<void>((r) => (release = r));
      let arrived!: () => void;
      const came = new Promise<void>((r) => (arrived = r));
      holds.set(path, { arrived, released });
      return { arrived: came, release };
    },
    /** The rows of one order, as the list would give them (for assertions). */
    rowsOf: (clientRefCode: string) => rows.filter((r) => r.clientRefCode === clientRefCode).map((r) => ({ ...r, sale: undefined })),
    close: () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}
