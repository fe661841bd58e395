import { createHash } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { CallLog } from '@/lib/gateways/types';
import {
  FAKE_NKOLAY_3D_PASSWORD,
  FAKE_NKOLAY_CARDS,
  FAKE_NKOLAY_MESSAGES,
  readForm,
  startFakeNkolay,
  submitForm,
  type FakeNkolayMerchant,
} from '@/test/fakes/nkolay';
import { nkolayClient, type NkolayClient } from './client';
import { NkolayHashMismatch, type NkolayConfig, type NkolayResult } from './types';
import { NKOLAY_BASE_URLS, hostedRnd, kurusToLira, liraToKurus, listDate, nkolayHash, paymentRnd, signNkolayResult, trxDate } from './wire';

/**
 * The public test merchant 273 of paynkolay.com.tr/entegrasyon, as quoted by mstgnz/gopay's
 * `provider/nkolay/nkolay_verification_test.go` (its `docSxList`, `docSecretKey`): public values, not
 * anyone's secret. The sales and cancel tokens are ours, shaped like N Kolay's.
 */
const DOC_SX_LIST =
  '118591467|W8a1JLU8A5Cw+HfadVcO6HiR/GGGxr0NkWr2OGythr8fo0YWdw70cvnI6oKMqvzra3Qu+Wa5u0NRil9gRdJmjocVNd4XciDwfD9+pkVqDErw7/pVZfpcSO+GePg+ZvcqFbOO5A==|3hJpHVF2cqvcCZ4q6F7rcA==';
const DOC_SECRET_KEY = '_viH5wUS4HiBmmw9uGybN';

const MERCHANT: FakeNkolayMerchant = {
  sx: '118591467|W8a1JLU8A5Cw+HfadVcO6HiR/GGGxr0NkWr2OGythr8fo0YWdw70cvnI6oKMqvzra3Qu+Wa5u0NRil9gRdJmjocVNd4XciDwfD9+pkVqDErw7/pVZfpcSO+GePg+ZvcqFbOO5A==',
  sxList: DOC_SX_LIST,
  sxCancel:
    '118591467|W8a1JLU8A5Cw+HfadVcO6HiR/GGGxr0NkWr2OGythr8fo0YWdw70cvnI6oKMqvzra3Qu+Wa5u0NRil9gRdJmjocVNd4XciDwfD9+pkVqDErw7/pVZfpcSO+GePg+ZvcqFbOO5A==|yDUZaCk6rsoHZJWI3d471A/+TJA7C81X',
  merchantSecretKey: DOC_SECRET_KEY,
  merchantNo: '400000273',
};
const SECRETS = [MERCHANT.sx, MERCHANT.sxList, MERCHANT.sxCancel, MERCHANT.merchantSecretKey];
const CVV = '264';
const DAY = 86_400_000;

let fake: Awaited<ReturnType<typeof startFakeNkolay>>;
let client: NkolayClient;
/** Every log a client returned in this file: none may carry a secret or a card number. */
const logs: CallLog[] = [];

function clientOf(over: Partial<NkolayConfig> = {}): NkolayClient {
  const c = nkolayClient({
    environment: 'test',
    baseUrl: fake.baseUrl,
    sx: MERCHANT.sx,
    sxList: MERCHANT.sxList,
    sxCancel: MERCHANT.sxCancel,
    merchantSecretKey: MERCHANT.merchantSecretKey,
    timeoutMs: 500,
    now: fake.clock.now,
    ...over,
  });
  const keep =
    <A extends unknown[], T>(fn: (...a: A) => Promise<NkolayResult<T>>) =>
    async (...a: A) => {
      const r = await fn(...a);
      logs.push(r.log);
      return r;
    };
  return {
    ...c,
    pay: keep(c.pay),
    createHostedPage: keep(c.createHostedPage),
    listPayments: keep(c.listPayments),
    status: keep(c.status),
    cancel: keep(c.cancel),
    refund: keep(c.refund),
  };
}

beforeAll(async () => {
  fake = await startFakeNkolay(MERCHANT);
  client = clientOf();
});
afterAll(() => fake.close());
// A fixed Turkish morning, so "the same day" never crosses Turkey's midnight (21:00 UTC) mid-test.
beforeEach(() => fake.clock.set(new Date('2026-10-06T07:00:00Z')));

let seq = 0;
const order = () => `DG-${Date.now()}-${++seq}`;
const card = (number: string) => ({ number, month: 1, year: 2028, cvv: CVV, holderName: 'Ayşe Yılmaz' });
const back = (ref: string) => ({
  successUrl: `http://dargah.test/api/gateways/nkolay/ok?o=${ref}`,
  failUrl: `http://dargah.test/api/gateways/nkolay/fail?o=${ref}`,
});
const window = () => ({ from: new Date(fake.clock.now().getTime() - DAY), to: fake.clock.now() });

function ok<T>(r: NkolayResult<T>): T {
  if (r.kind !== 'ok') throw new Error(`expected ok, got ${JSON.stringify(r, (_k, v: unknown) => (typeof v === 'bigint' ? String(v) : v))}`);
  return r.data;
}

async function paid(amount: bigint, number: string = FAKE_NKOLAY_CARDS.approved) {
  const clientRefCode = order();
  const saleDate = fake.clock.now();
  const r = ok(await client.pay({ clientRefCode, amount, ...back(clientRefCode), card: card(number), use3D: false }));
  if (r.step !== 'paid') throw new Error('expected a non-3-D approval');
  return { ...r, saleDate };
}

/** Walks N Kolay's 3-D pages as the cardholder's browser would, to the result it posts to us. */
async function through3d(html: string, password = FAKE_NKOLAY_3D_PASSWORD) {
  const acs = await submitForm(html);
  return readForm(await submitForm(acs, { password }));
}

describe('N Kolay: the documented hashes and amounts', () => {
  it('signs PaymentList exactly as N Kolay’s documented example', async () => {
    // String and digest from the PaymentList page of N Kolay's documentation, as quoted by
    // mstgnz/gopay provider/nkolay/nkolay_verification_test.go (TestHashV2_MatchesPaymentListDocExample).
    const documented = '3a1yzE1TS1aUrPpcycyWVqUQhhzFb2YomZbw+W/83MD5/VglsBROO8G4cm2BlvEFTQsE/eYyLbV1viqU8sYkaw==';
    expect(nkolayHash([DOC_SX_LIST, '05.10.2026', '06.10.2026', ''], DOC_SECRET_KEY)).toBe(documented);
    // And what the client actually sends for that window (Turkish days of these UTC moments).
    await client.listPayments({ from: new Date('2026-10-05T09:00:00Z'), to: new Date('2026-10-06T09:00:00Z') });
    const sent = fake.calls.at(-1)!.form;
    expect(sent).toMatchObject({ sx: DOC_SX_LIST, startDate: '05.10.2026', endDate: '06.10.2026', hashDatav2: documented });
    expect(sent).not.toHaveProperty('clientRefCode');
  });

  it('accepts the result the N Kolay sandbox really posted (9-field set)', () => {
    // Posted by the N Kolay sandbox to successUrl on 2026-10-06 for the public test merchant 273, as
    // quoted by mstgnz/gopay (TestValidCallbackHash_SandboxCallback).
    const posted = {
      MERCHANT_NO: '400000273',
      REFERENCE_CODE: 'IKSIRPF1874018',
      AUTH_CODE: 'S62888',
      RESPONSE_CODE: '2',
      USE_3D: 'true',
      RND: '1791312160942',
      INSTALLMENT: '1',
      AUTHORIZATION_AMOUNT: '10.00',
      CURRENCY_CODE: 'TRY',
      hashDataV2: 'pZ+mAwfj5b/sfd4acbGjR7mhqbGuRYEnQbqbN4JxUGESaDn4JF3NdtshvGh9EhB2qpZIwcf1M9XF03ClAdMX+Q==',
    };
    const check = client.verifyResult(posted);
    expect(check.ok && check.result).toMatchObject({ fieldSet: 'v9', approved: true, referenceCode: 'IKSIRPF1874018', amount: 1000n, authCode: 'S62888' });
  });

  it('signs Payment, the hosted page and CancelRefund by the spec’s field lists (no published digest: recomputed independently)', async () => {
    const independent = (parts: string[]) => createHash('sha512').update(parts.join('|')).digest('base64');
    const ref = order();
    await client.pay({ clientRefCode: ref, amount: 600n, ...back(ref), card: card(FAKE_NKOLAY_CARDS.approved), use3D: false });
    const p = fake.calls.at(-1)!.form;
    expect(p.amount).toBe('6.00');
    // The fake's clock stands at 07:00 UTC, 10:00 in Turkey.
    expect(p.rnd).toMatch(/^06-10-2026 10:0\d:\d\d$/);
    expect(p.hashDatav2).toBe(independent([MERCHANT.sx, ref, '6.00', p.successUrl, p.failUrl, p.rnd, '', DOC_SECRET_KEY]));
    expect(p).toMatchObject({
      environment: 'API',
      transactionType: 'SALES',
      use3D: 'false',
      currencyNumber: '949',
      installmentNo: '1',
      month: '01',
      year: '2028',
    });

    await client.createHostedPage({ clientRefCode: ref + '-h', amount: 123456n, ...back(ref) });
    const h = fake.calls.at(-1)!.form;
    expect(h.rnd).toMatch(/^\d{14}$/);
    expect(h.hashDatav2).toBe(independent([MERCHANT.sx, ref + '-h', '1234.56', h.successUrl, h.failUrl, h.rnd, '', DOC_SECRET_KEY]));

    const sale = await paid(5000n);
    await client.cancel({ referenceCode: sale.referenceCode, amount: 5000n, saleDate: sale.saleDate });
    const c = fake.calls.at(-1)!.form;
    expect(c).toMatchObject({ sx: MERCHANT.sxCancel, type: 'cancel', amount: '50.00', trxDate: trxDate(sale.saleDate) });
    expect(c.hashDatav2).toBe(independent([MERCHANT.sxCancel, sale.referenceCode, 'cancel', '50.00', c.trxDate, DOC_SECRET_KEY]));
  });

  it('converts kuruş to N Kolay’s decimal strings exactly, and back', () => {
    expect(kurusToLira(12345n)).toBe('123.45');
    expect(kurusToLira(5n)).toBe('0.05');
    expect(kurusToLira(100n)).toBe('1.00');
    expect(kurusToLira(0n)).toBe('0.00');
    expect(kurusToLira(900719925474099312n)).toBe('9007199254740993.12');
    expect(() => kurusToLira(-1n)).toThrow(RangeError);
    expect(liraToKurus('123.45')).toBe(12345n);
    expect(liraToKurus('10')).toBe(1000n);
    expect(liraToKurus('10.5')).toBe(1050n);
    expect(liraToKurus('1,234.56')).toBe(123456n);
    for (const bad of ['1.234', '-1.00', 'abc', '', '1e3', '12,34']) expect(liraToKurus(bad)).toBeNull();
  });

  it('writes each endpoint’s dates in Turkey’s time (UTC+3)', () => {
    const at = new Date('2026-10-04T22:30:05Z'); // already 5 October in Turkey
    expect(paymentRnd(at)).toBe('05-10-2026 01:30:05');
    expect(hostedRnd(at)).toBe('20261005013005');
    expect(listDate(at)).toBe('05.10.2026');
    expect(trxDate(at)).toBe('2026.10.05');
    expect(nkolayClient({ environment: 'production', sx: 'a', sxList: 'b', sxCancel: 'c', merchantSecretKey: 'd' }).baseUrl).toBe(NKOLAY_BASE_URLS.production);
    expect(nkolayClient({ environment: 'test', sx: 'a', sxList: 'b', sxCancel: 'c', merchantSecretKey: 'd' }).baseUrl).toBe(NKOLAY_BASE_URLS.test);
  });
});

describe('N Kolay: the result posted to success/fail', () => {
  it('accepts a genuine result with either documented field set', async () => {
    for (const set of ['v9', 'v8'] as const) {
      fake.control.resultFieldSet = set;
      const ref = order();
      const r = ok(await client.pay({ clientRefCode: ref, amount: 2500n, ...back(ref), card: card(FAKE_NKOLAY_CARDS.approved3d), use3D: true }));
      const posted = await through3d(r.step === '3d' ? r.html : '');
      expect('CURRENCY_CODE' in posted.fields).toBe(set === 'v9');
      const check = client.verifyResult(posted.fields);
      expect(check.ok && check.result).toMatchObject({ fieldSet: set, approved: true, amount: 2500n, unsignedClientRefCode: ref });
    }
    fake.control.resultFieldSet = 'v9';
  });

  it('refuses a tampered result, one signed with another key, and one without a hash — with a typed error', async () => {
    const ref = order();
    const r = ok(await client.pay({ clientRefCode: ref, amount: 2500n, ...back(ref), card: card(FAKE_NKOLAY_CARDS.insufficient), use3D: true }));
    const { fields } = await through3d(r.step === '3d' ? r.html : '');
    expect(client.verifyResult(fields).ok).toBe(true);

    const forged = [
      { ...fields, RESPONSE_CODE: '2' }, // a decline turned into an approval
      { ...fields, AUTHORIZATION_AMOUNT: '0.01' },
      { ...fields, REFERENCE_CODE: 'IKSIRPF1' },
      { ...fields, hashDataV2: signNkolayResult(fields, 'another-merchant-key') },
      Object.fromEntries(Object.entries(fields).filter(([k]) => k !== 'hashDataV2')),
    ];
    for (const f of forged) {
      const check = client.verifyResult(f);
      expect(check.ok).toBe(false);
      if (!check.ok) {
        expect(check.error).toBeInstanceOf(NkolayHashMismatch);
        expect(check.error.code).toBe('NKOLAY_HASH_MISMATCH');
      }
    }
  });
});

describe('N Kolay: payments', () => {
  it('approves a non-3-D payment and declines by card with the bank’s code and Turkish message', async () => {
    const sale = await paid(12345n);
    expect(sale).toMatchObject({ step: 'paid', amount: 12345n, installments: 1 });
    expect(sale.referenceCode).toMatch(/^IKSIRPF\d+$/);

    const cases = [
      [FAKE_NKOLAY_CARDS.insufficient, '51', 'Yetersiz Bakiye'],
      [FAKE_NKOLAY_CARDS.lost, '41', 'Kayıp Kart'],
      [FAKE_NKOLAY_CARDS.stolen, '43', 'Kayıp Kart'],
      [FAKE_NKOLAY_CARDS.expired, '54', 'Son Kullanım Tarihi'],
    ] as const;
    for (const [number, code, words] of cases) {
      const ref = order();
      const r = await client.pay({ clientRefCode: ref, amount: 1000n, ...back(ref), card: card(number), use3D: false });
      expect(r.kind).toBe('declined');
      if (r.kind === 'declined') {
        expect(r.bankCode).toBe(code);
        expect(r.message).toContain(words);
        expect(r.referenceCode).toMatch(/^IKSIRPF/);
      }
    }
  });

  it('3-D: the bank page, the password, the signed result to successUrl; a wrong password or a decline to failUrl', async () => {
    const ref = order();
    const r = ok(await client.pay({ clientRefCode: ref, amount: 7500n, ...back(ref), card: card(FAKE_NKOLAY_CARDS.approved3d), use3D: true, installments: 3 }));
    expect(r.step).toBe('3d');
    if (r.step !== '3d') return;
    const posted = await through3d(r.html);
    expect(posted.action).toBe(back(ref).successUrl);
    const check = client.verifyResult(posted.fields);
    expect(check.ok && check.result).toMatchObject({ approved: true, referenceCode: r.referenceCode, amount: 7500n, installments: 3 });

    const ref2 = order();
    const r2 = ok(await client.pay({ clientRefCode: ref2, amount: 7500n, ...back(ref2), card: card(FAKE_NKOLAY_CARDS.approved3d), use3D: true }));
    const wrong = await through3d(r2.step === '3d' ? r2.html : '', '000000');
    expect(wrong.action).toBe(back(ref2).failUrl);
    const c2 = client.verifyResult(wrong.fields);
    expect(c2.ok && c2.result).toMatchObject({ approved: false, message: FAKE_NKOLAY_MESSAGES.threeD });

    const ref3 = order();
    const r3 = ok(await client.pay({ clientRefCode: ref3, amount: 7500n, ...back(ref3), card: card(FAKE_NKOLAY_CARDS.lost), use3D: true }));
    const declined = await through3d(r3.step === '3d' ? r3.html : '');
    expect(declined.action).toBe(back(ref3).failUrl);
    const c3 = client.verifyResult(declined.fields);
    expect(c3.ok && c3.result).toMatchObject({ approved: false, bankCode: '41', message: 'Kayıp Kart' });
  });

  it('the hosted page: a link on N Kolay’s host, the payer pays there, the result comes back signed', async () => {
    const ref = order();
    const { url } = ok(await client.createHostedPage({ clientRefCode: ref, amount: 99900n, ...back(ref), maxInstallments: 6 }));
    expect(new URL(url).origin).toBe(fake.baseUrl);
    const page = await (await fetch(url)).text();
    expect(page).toContain('999.00');
    const acs = await submitForm(page, { cardNumber: FAKE_NKOLAY_CARDS.approved3d, month: '01', year: '2028', cvv: CVV, installment: '2' });
    const posted = readForm(await submitForm(acs, { password: FAKE_NKOLAY_3D_PASSWORD }));
    expect(posted.action).toBe(back(ref).successUrl);
    const check = client.verifyResult(posted.fields);
    expect(check.ok && check.result).toMatchObject({ approved: true, amount: 99900n, installments: 2, unsignedClientRefCode: ref });
    expect(ok(await client.status(ref, window()))).toMatchObject({ state: 'paid', sale: { amount: 99900n, installments: 2, cardMasked: '435509******5232' } });
  });

  it('refuses a hosted page link that is not on N Kolay’s host (the payer would be sent there)', async () => {
    fake.control.linkOrigin = 'https://paynkolay.example.net';
    const ref = order();
    const r = await client.createHostedPage({ clientRefCode: ref, amount: 100n, ...back(ref) });
    fake.control.linkOrigin = null;
    expect(r.kind).toBe('unreachable');
  });
});

describe('N Kolay: status by the payment list', () => {
  it('pages through a day’s list', async () => {
    fake.clock.set(new Date('2026-11-02T08:00:00Z'));
    const refs = [await paid(100n), await paid(200n), await paid(300n)].map((s) => s.referenceCode);
    const day = { from: fake.clock.now(), to: fake.clock.now() };
    const first = ok(await client.listPayments({ ...day, page: 0, pageSize: 2 }));
    const second = ok(await client.listPayments({ ...day, page: 1, pageSize: 2 }));
    expect([...first, ...second].map((r) => r.referenceCode)).toEqual(refs);
    expect(first.map((r) => [r.type, r.status, r.amount])).toEqual([
      ['sale', 'success', 100n],
      ['sale', 'success', 200n],
    ]);
  });

  it('paid, declined, started and never finished, unknown order; empty days are an empty list', async () => {
    const sale = await paid(4000n);
    expect(ok(await client.status(sale.clientRefCode, window()))).toMatchObject({
      state: 'paid',
      reversed: 0n,
      sale: { referenceCode: sale.referenceCode, amount: 4000n },
    });

    const d = order();
    await client.pay({ clientRefCode: d, amount: 4000n, ...back(d), card: card(FAKE_NKOLAY_CARDS.insufficient), use3D: false });
    expect(ok(await client.status(d, window()))).toMatchObject({
      state: 'declined',
      sale: { bankCode: '51', message: 'Yetersiz Bakiye / Yetersiz Kart Limiti' },
    });

    const n = order();
    await client.pay({ clientRefCode: n, amount: 4000n, ...back(n), card: card(FAKE_NKOLAY_CARDS.approved3d), use3D: true });
    expect(ok(await client.status(n, window())).state).toBe('pending');

    expect(ok(await client.status('DG-never', window()))).toMatchObject({ state: 'not-found', rows: [] });
    const far = new Date('2020-01-01T09:00:00Z');
    expect(ok(await client.listPayments({ from: far, to: far }))).toEqual([]);
  });

  it('at most 30 days a call', async () => {
    const to = fake.clock.now();
    await expect(client.listPayments({ from: new Date(to.getTime() - 30 * DAY), to })).rejects.toThrow(RangeError);
    expect((await client.listPayments({ from: new Date(to.getTime() - 29 * DAY), to })).kind).toBe('ok');
  });
});

describe('N Kolay: cancel and refund', () => {
  it('cancels on the sale’s day, in full; the next day a cancel is refused and the status stays paid', async () => {
    const a = await paid(10000n);
    expect((await client.refund({ referenceCode: a.referenceCode, amount: 10000n, saleDate: a.saleDate, partial: false })).kind).toBe('error');
    expect((await client.cancel({ referenceCode: a.referenceCode, amount: 10000n, saleDate: a.saleDate })).kind).toBe('ok');
    expect(ok(await client.status(a.clientRefCode, window()))).toMatchObject({ state: 'cancelled', reversed: 10000n });

    const b = await paid(10000n);
    fake.clock.advance(DAY);
    const r = await client.cancel({ referenceCode: b.referenceCode, amount: 10000n, saleDate: b.saleDate });
    expect(r).toMatchObject({ kind: 'error', message: FAKE_NKOLAY_MESSAGES.cancelNotToday });
    expect(ok(await client.status(b.clientRefCode, window())).state).toBe('paid');
  });

  it('refunds later: partial, partial, then above what is left refused, then the rest', async () => {
    const s = await paid(10000n);
    fake.clock.advance(2 * DAY);
    const w = { from: s.saleDate, to: fake.clock.now() };
    expect((await client.refund({ referenceCode: s.referenceCode, amount: 3000n, saleDate: s.saleDate, partial: true })).kind).toBe('ok');
    expect((await client.refund({ referenceCode: s.referenceCode, amount: 2500n, saleDate: s.saleDate, partial: true })).kind).toBe('ok');
    expect(ok(await client.status(s.clientRefCode, w))).toMatchObject({ state: 'partially-refunded', reversed: 5500n });
    const above = await client.refund({ referenceCode: s.referenceCode, amount: 4501n, saleDate: s.saleDate, partial: true });
    expect(above).toMatchObject({ kind: 'error', message: FAKE_NKOLAY_MESSAGES.refundAboveLeft });
    expect((await client.refund({ referenceCode: s.referenceCode, amount: 4500n, saleDate: s.saleDate, partial: true })).kind).toBe('ok');
    expect(ok(await client.status(s.clientRefCode, w))).toMatchObject({ state: 'refunded', reversed: 10000n });
    expect((await client.refund({ referenceCode: s.referenceCode, amount: 1n, saleDate: s.saleDate, partial: true })).kind).toBe('error');
    expect(fake.calls.filter((c) => c.form.type === 'refund').length).toBeGreaterThanOrEqual(4);
  });

  it('a wrong sale day or reference is refused as not found', async () => {
    const s = await paid(1000n);
    const r = await client.cancel({ referenceCode: s.referenceCode, amount: 1000n, saleDate: new Date(s.saleDate.getTime() - DAY) });
    expect(r).toMatchObject({ kind: 'declined', bankCode: '25', message: FAKE_NKOLAY_MESSAGES.notFound });
  });
});

describe('N Kolay: failures', () => {
  it('a timeout, a 500 or a page that is not JSON is unreachable; N Kolay’s own refusals are errors', async () => {
    for (const mode of ['timeout', '500', 'garbage'] as const) {
      fake.failNext(1, mode);
      const ref = order();
      const r = await client.pay({ clientRefCode: ref, amount: 1000n, ...back(ref), card: card(FAKE_NKOLAY_CARDS.approved), use3D: false });
      expect(r.kind).toBe('unreachable');
    }
    fake.failNext(1, '500');
    expect((await client.listPayments(window())).kind).toBe('unreachable');
    // A redirect is not followed: only the configured base URL is ever fetched.
    fake.failNext(1, 'redirect');
    expect(await client.listPayments(window())).toMatchObject({ kind: 'unreachable', reason: 'HTTP 302' });

    const wrongKey = clientOf({ merchantSecretKey: 'not-the-key' });
    const ref = order();
    expect(await wrongKey.pay({ clientRefCode: ref, amount: 1000n, ...back(ref), card: card(FAKE_NKOLAY_CARDS.approved), use3D: false })).toMatchObject({
      kind: 'error',
      message: FAKE_NKOLAY_MESSAGES.hash,
    });
    // The list's refusal comes with `result` as a JSON string.
    expect(await wrongKey.listPayments(window())).toMatchObject({ kind: 'error', message: FAKE_NKOLAY_MESSAGES.hash });
    const wrongToken = clientOf({ sxCancel: MERCHANT.sx });
    const s = await paid(1000n);
    expect(await wrongToken.cancel({ referenceCode: s.referenceCode, amount: 1000n, saleDate: s.saleDate })).toMatchObject({
      kind: 'error',
      message: FAKE_NKOLAY_MESSAGES.sx,
    });
    const nowhere = nkolayClient({
      environment: 'test',
      baseUrl: 'http://127.0.0.1:9',
      sx: 'a',
      sxList: 'b',
      sxCancel: 'c',
      merchantSecretKey: 'd',
      timeoutMs: 500,
    });
    expect((await nowhere.listPayments(window())).kind).toBe('unreachable');
  });
});

describe('N Kolay: logs', () => {
  it('no token, secret key, hash, card number or CVV in any log', () => {
    expect(logs.length).toBeGreaterThan(40);
    const json = JSON.stringify(logs, (_k, v: unknown) => (typeof v === 'bigint' ? String(v) : v));
    for (const s of SECRETS) expect(json).not.toContain(s);
    // The sales token is the others' prefix; its distinctive part alone must not appear either.
    expect(json).not.toContain(MERCHANT.sx.split('|')[1]);
    expect(json).not.toContain('hashDatav2":"');
    for (const number of Object.values(FAKE_NKOLAY_CARDS)) expect(json).not.toContain(number);
    expect(json).not.toMatch(/"cvv"|"month"|"year"/);
    expect(json).toContain('454671******7894');
  });
});
