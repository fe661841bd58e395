import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CallLog } from '@/lib/gateways/types';
import { FAKE_POD_INVALID, startFakePod, type FakePodBusiness } from '@/test/fakes/pod';
import { podClient, type PodClient } from './client';
import { POD_CALLBACK_PARAM, podGateway } from './gateway';
import { mirrorSplitInvoice, podItems, type MirrorSplitInput } from './index';
import { podErrorMeaning, type PodAnswer } from './types';

const OURS: FakePodBusiness = { id: 7867, name: 'بازارگاه نمونه', token: 'biz-token-marketplace-0001', apiKey: 'sc-api-key-marketplace-0001' };
const SELLER: FakePodBusiness = { id: 9343, token: 'biz-token-seller-0002', apiKey: 'sc-api-key-seller-0002' };
const COURIER: FakePodBusiness = { id: 12006, token: 'biz-token-courier-0003', apiKey: 'sc-api-key-courier-0003' };
const OTHER: FakePodBusiness = { id: 5555, token: 'biz-token-other-0004', apiKey: 'sc-api-key-other-0004' };
const DRIVER: FakePodBusiness = { id: 20202, token: 'biz-token-driver-0005', apiKey: 'sc-api-key-driver-0005' };
const SECRETS = [OURS, SELLER, COURIER, OTHER, DRIVER].flatMap((b) => [b.token, b.apiKey]);

let fake: Awaited<ReturnType<typeof startFakePod>>;
let sandboxFake: Awaited<ReturnType<typeof startFakePod>>;
let client: PodClient;
/** Every log a client returned in this file: none may carry a token or a key. */
const logs: CallLog[] = [];

function clientOf(f: typeof fake, who: FakePodBusiness, over: { sandbox?: boolean; apiKey?: string; token?: string; timeoutMs?: number } = {}): PodClient {
  const c = podClient({ baseUrl: f.baseUrl, payBaseUrl: f.payBaseUrl, sandbox: false, token: who.token, apiKey: who.apiKey, timeoutMs: 800, ...over });
  // Keep every log for the secrets check at the end.
  const keep =
    <A extends unknown[], T>(fn: (...a: A) => Promise<PodAnswer<T>>) =>
    async (...a: A) => {
      const r = await fn(...a);
      logs.push(r.log);
      return r;
    };
  return {
    ...c,
    issueMultiInvoice: keep(c.issueMultiInvoice),
    getInvoiceList: keep(c.getInvoiceList),
    closeInvoice: keep(c.closeInvoice),
    cancelInvoice: keep(c.cancelInvoice),
    verifyInvoice: keep(c.verifyInvoice),
  };
}

beforeAll(async () => {
  [fake, sandboxFake] = await Promise.all([
    startFakePod({ businesses: [OURS, SELLER, COURIER, OTHER, DRIVER] }),
    startFakePod({ sandbox: true, businesses: [OURS, SELLER] }),
  ]);
  client = clientOf(fake, OURS);
});
afterAll(async () => {
  await Promise.all([fake.close(), sandboxFake.close()]);
});

let billSeq = 0;
const bill = () => `DG-${Date.now()}-${++billSeq}`;
const line = (description: string, unitPrice: bigint, quantity = 1, discount = 0n) => ({ description, unitPrice, quantity, discount });

/** The issue's example: 1 300 = 800 (the marketplace) + 300 (a seller) + 200 (a courier). */
function split(over: Partial<MirrorSplitInput> = {}): MirrorSplitInput {
  return {
    billNumber: bill(),
    verificationNeeded: false,
    redirectUrl: 'https://dargah.test/pay/invoice/1',
    main: { guildCode: 'API_GUILD', items: [line('کالا', 350n, 2), line('بسته‌بندی', 100n)] },
    subs: [
      { podBusinessId: SELLER.id, guildCode: 'CLOTHING_GUILD', items: [line('سهم فروشنده', 150n, 2)] },
      { podBusinessId: String(COURIER.id), guildCode: 'API_GUILD', items: [line('ارسال', 200n)] },
    ],
    customerItems: [line('پیراهن', 500n, 2), line('ارسال', 300n)],
    ...over,
  };
}

async function issued(c: PodClient = client, over: Partial<MirrorSplitInput> = {}) {
  const r = await mirrorSplitInvoice(c, split(over));
  if (!r.ok) throw new Error(JSON.stringify(r));
  return r;
}

const gatewayFor = (c: PodClient, invoiceId: string | null) => podGateway({ client: c, invoiceIdOf: async () => invoiceId });

describe('POD client against the fake POD', () => {
  it('issues a split invoice: one form-encoded doServiceCall, production service id, key, token headers, data as a JSON string', async () => {
    const input = split();
    const r = await mirrorSplitInvoice(client, input);
    expect(r).toMatchObject({ ok: true, podInvoiceId: expect.stringMatching(/^\d+$/), customerInvoiceId: expect.stringMatching(/^\d+$/) });
    if (!r.ok) return;
    const call = fake.calls.at(-1)!;
    expect(call).toMatchObject({
      method: 'POST',
      path: '/srv/sc/nzh/doServiceCall',
      operation: 'issueMultiInvoice',
      token: OURS.token,
      tokenIssuer: '1',
      contentType: 'application/x-www-form-urlencoded',
    });
    expect(call.form).toEqual({ scProductId: '29798', scApiKey: OURS.apiKey, data: expect.any(String) });
    expect(JSON.parse(call.form.data as string)).toEqual({
      currencyCode: 'IRR',
      verificationNeeded: false,
      redirectURL: 'https://dargah.test/pay/invoice/1',
      mainInvoice: {
        guildCode: 'API_GUILD',
        billNumber: input.billNumber,
        invoiceItemVOs: [
          { productId: 0, price: 350, quantity: 2, description: 'کالا' },
          { productId: 0, price: 100, quantity: 1, description: 'بسته‌بندی' },
        ],
      },
      subInvoices: [
        { businessId: SELLER.id, guildCode: 'CLOTHING_GUILD', invoiceItemVOs: [{ productId: 0, price: 150, quantity: 2, description: 'سهم فروشنده' }] },
        { businessId: COURIER.id, guildCode: 'API_GUILD', invoiceItemVOs: [{ productId: 0, price: 200, quantity: 1, description: 'ارسال' }] },
      ],
      customerInvoiceItemVOs: [
        { productId: 0, price: 500, quantity: 2, description: 'پیراهن' },
        { productId: 0, price: 300, quantity: 1, description: 'ارسال' },
      ],
    });
    // POD's answer: the main invoice (800) with the customer invoice (1 300, the one to pay) and the two shares inside.
    expect(r.referenceNumber).toMatch(/^\d+$/);
    expect(fake.invoice(r.podInvoiceId)).toMatchObject({ totalAmount: 800, subInvoice: false, payed: false, billNumber: input.billNumber });
    expect(fake.invoice(r.customerInvoiceId)).toMatchObject({ payableAmount: 1300, uniqueNumber: r.uniqueNumber });
    const main = fake.invoice(r.podInvoiceId)!;
    expect((main.subInvoices as { totalAmount: number; business: { id: number } }[]).map((s) => [s.business.id, s.totalAmount])).toEqual([
      [SELLER.id, 300],
      [COURIER.id, 200],
    ]);
  });

  it('JSON sub-objects go as JSON strings, arrays bracketed', async () => {
    const r = await client.issueMultiInvoice({
      mainInvoice: {
        guildCode: 'API_GUILD',
        billNumber: bill(),
        metadata: { order: 'A-1' },
        invoiceItemVOs: [{ productId: 0, price: 1000, quantity: 1, description: 'x' }],
      },
      subInvoices: [],
      customerMetadata: { source: 'dargah' },
      customerInvoiceItemVOs: [{ productId: 0, price: 1000, quantity: 1, description: 'x' }],
    });
    expect(r.ok).toBe(true);
    const data = fake.calls.at(-1)!.data as { mainInvoice: { metadata: unknown }; customerMetadata: unknown };
    expect(data.mainInvoice.metadata).toBe('{"order":"A-1"}');
    expect(data.customerMetadata).toBe('{"source":"dargah"}');
    const { podForm } = await import('./client');
    expect(podForm({ issuerId: [1, 2], size: 1, skip: undefined }).toString()).toBe('issuerId%5B%5D=1&issuerId%5B%5D=2&size=1');
  });

  it('the fake checks the envelope strictly: form encoding, _token_issuer_, known fields only, each once, metadata as JSON strings', async () => {
    const raw = async (body: string, headers: Record<string, string> = {}) => {
      const res = await fetch(`${fake.baseUrl}/nzh/doServiceCall`, {
        method: 'POST',
        headers: { _token_: OURS.token, _token_issuer_: '1', 'content-type': 'application/x-www-form-urlencoded', ...headers },
        body,
      });
      expect(res.status).toBe(200);
      return (await res.json()) as { hasError: boolean; errorCode?: number; message?: string };
    };
    const list = `scProductId=29813&scApiKey=${OURS.apiKey}&offset=0&size=1`;
    expect(await raw(list)).toMatchObject({ hasError: false });
    expect(await raw(JSON.stringify({ scProductId: 29813, scApiKey: OURS.apiKey }), { 'content-type': 'application/json' })).toMatchObject({
      hasError: true,
      errorCode: FAKE_POD_INVALID,
    });
    expect(await raw(list, { _token_issuer_: '2' })).toMatchObject({ hasError: true, errorCode: 21 });
    expect(await raw(list, { _token_: '' })).toMatchObject({ hasError: true, errorCode: 21 });
    expect(await raw(`${list}&amount=5`)).toMatchObject({ hasError: true, message: expect.stringContaining('amount') });
    expect(await raw(`${list}&size=2`)).toMatchObject({ hasError: true, message: expect.stringContaining('twice') });
    expect(await raw(`scProductId=29813&scApiKey=${OURS.apiKey}&size=1`)).toMatchObject({ hasError: true, message: expect.stringContaining('offset') });
    const data = {
      mainInvoice: { guildCode: 'G', metadata: { not: 'a string' }, invoiceItemVOs: [{ productId: 0, price: 10, quantity: 1, description: 'a' }] },
      subInvoices: [],
      customerInvoiceItemVOs: [{ productId: 0, price: 10, quantity: 1, description: 'a' }],
    };
    const issue = (d: unknown) => raw(new URLSearchParams({ scProductId: '29798', scApiKey: OURS.apiKey, data: JSON.stringify(d) }).toString());
    expect(await issue(data)).toMatchObject({ hasError: true, message: expect.stringContaining('metadata') });
    expect(
      await issue({
        ...data,
        mainInvoice: { ...data.mainInvoice, metadata: undefined, invoiceItemVOs: [{ productId: 0, price: 10.5, quantity: 1, description: 'a' }] },
      }),
    ).toMatchObject({
      hasError: true,
      message: expect.stringContaining('price'),
    });
    expect(await issue({ ...data, mainInvoice: { ...data.mainInvoice, metadata: '{"ok":true}' } })).toMatchObject({ hasError: false });
  });

  it('uses the sandbox service ids in sandbox mode, and a fake in the other mode does not know the service', async () => {
    const sandbox = clientOf(sandboxFake, OURS, { sandbox: true });
    const r = await issued(sandbox, { subs: [{ podBusinessId: SELLER.id, guildCode: 'API_GUILD', items: [line('سهم', 500n)] }] });
    expect(sandboxFake.calls.at(-1)!.form.scProductId).toBe('39293');
    expect(await sandbox.getInvoiceList({ id: r.customerInvoiceId })).toMatchObject({ ok: true, result: [{ id: Number(r.customerInvoiceId) }] });
    expect(sandboxFake.calls.at(-1)!.form).toMatchObject({ scProductId: '39308', id: r.customerInvoiceId, offset: '0', size: '10' });
    // Production ids at the sandbox: an error inside HTTP 200, not an exception.
    const wrong = clientOf(sandboxFake, OURS, { sandbox: false });
    expect(await wrong.getInvoiceList({ id: r.customerInvoiceId })).toMatchObject({ ok: false, kind: 'error', podCode: FAKE_POD_INVALID });
  });

  it('the sum rule and the bill number: checked before sending, and refused by POD when sent anyway', async () => {
    const before = fake.calls.length;
    const broken = await mirrorSplitInvoice(client, split({ customerItems: [line('پیراهن', 500n, 2), line('ارسال', 299n)] }));
    expect(broken).toMatchObject({ ok: false, kind: 'invalid', reason: expect.stringContaining('1299') });
    expect(fake.calls.length).toBe(before);
    // Sent raw, POD (the fake) refuses it too.
    const raw = await client.issueMultiInvoice({
      mainInvoice: { guildCode: 'API_GUILD', invoiceItemVOs: [{ productId: 0, price: 800, quantity: 1, description: 'x' }] },
      subInvoices: [{ businessId: SELLER.id, guildCode: 'API_GUILD', invoiceItemVOs: [{ productId: 0, price: 300, quantity: 1, description: 'y' }] }],
      customerInvoiceItemVOs: [{ productId: 0, price: 1000, quantity: 1, description: 'z' }],
    });
    expect(raw).toMatchObject({ ok: false, kind: 'error', podCode: FAKE_POD_INVALID, referenceNumber: expect.any(String) });
    // A bill number once per business: a second use is refused; another business may use it. The
    // very same invoice asked again (its first answer lost with our commit) is the one POD holds: adopted.
    const first = await issued();
    const billNumber = fake.invoice(first.podInvoiceId)!.billNumber as string;
    const sharesMoved = {
      main: { guildCode: 'API_GUILD', items: [line('کالا', 350n, 2)] },
      subs: [split().subs[0], { podBusinessId: String(COURIER.id), guildCode: 'API_GUILD', items: [line('ارسال', 300n)] }],
    };
    expect(await mirrorSplitInvoice(client, split({ billNumber, ...sharesMoved }))).toMatchObject({ ok: false, kind: 'error', podCode: FAKE_POD_INVALID });
    expect(await mirrorSplitInvoice(client, split({ billNumber, main: { ...split().main, guildCode: 'OTHER_GUILD' } }))).toMatchObject({
      ok: false,
      kind: 'error',
    });
    expect(await mirrorSplitInvoice(client, split({ billNumber }))).toMatchObject({
      ok: true,
      adopted: true,
      podInvoiceId: first.podInvoiceId,
      customerInvoiceId: first.customerInvoiceId,
    });
    const other = clientOf(fake, OTHER);
    expect((await mirrorSplitInvoice(other, split({ billNumber }))).ok).toBe(true);
    // A part with nothing to pay, or a beneficiary id that is not one.
    expect(await mirrorSplitInvoice(client, split({ main: { guildCode: 'API_GUILD', items: [line('هدیه', 100n, 1, 100n)] } }))).toMatchObject({
      ok: false,
      kind: 'invalid',
    });
    expect(await mirrorSplitInvoice(client, split({ subs: [{ podBusinessId: 'x', guildCode: 'G', items: [line('a', 500n)] }] }))).toMatchObject({
      ok: false,
      kind: 'invalid',
    });
  });

  it('folds discounts into POD’s discount-less lines, keeping every total exact', async () => {
    expect(podItems([line('a', 1000n, 3, 300n), line('b', 1000n, 3, 100n), line('c', 500n, 2, 1000n), line('d', 70n, 1)], 'x')).toEqual({
      ok: true,
      total: 2700n + 2900n + 0n + 70n,
      items: [
        { productId: 0, price: 900, quantity: 3, description: 'a' },
        { productId: 0, price: 2900, quantity: 1, description: 'b (× 3)' },
        { productId: 0, price: 70, quantity: 1, description: 'd' },
      ],
    });
    expect(podItems([line('a', 100n, 1, 101n)], 'x')).toMatchObject({ ok: false });
    expect(podItems([line('a', 100n, 0)], 'x')).toMatchObject({ ok: false });
    // Through POD: a discounted customer line still adds up to the shares.
    const r = await mirrorSplitInvoice(client, split({ customerItems: [line('پیراهن', 600n, 2, 200n), line('ارسال', 300n)] }));
    expect(r.ok).toBe(true);
    if (r.ok) expect(fake.invoice(r.customerInvoiceId)).toMatchObject({ totalAmount: 1300 });
  });

  it('pay on POD’s page, confirm by the invoice list, close; close twice → 45, cancel a closed one → 45', async () => {
    const r = await issued();
    const g = gatewayFor(client, r.customerInvoiceId);
    const input = { token: r.customerInvoiceId, amount: 1300n, callback: {} };
    expect(await g.verify(input)).toMatchObject({ status: 'pending' });
    expect(await client.closeInvoice(r.customerInvoiceId)).toMatchObject({ ok: false, kind: 'error', podCode: 55 });
    fake.pay(r.customerInvoiceId);
    expect(await g.verify(input)).toMatchObject({ status: 'paid', amount: 1300n, ref: r.uniqueNumber, cardMasked: null });
    expect(await g.inquire(input)).toMatchObject({ status: 'paid', amount: 1300n });
    expect(fake.calls.at(-1)).toMatchObject({ operation: 'getInvoiceList', form: { scProductId: '29813', id: r.customerInvoiceId, size: '1' } });
    const closed = await client.closeInvoice(r.customerInvoiceId);
    expect(closed).toMatchObject({ ok: true, result: true, referenceNumber: expect.any(String) });
    expect(fake.calls.at(-1)!.form).toEqual({ scProductId: '29812', scApiKey: OURS.apiKey, id: r.customerInvoiceId });
    expect(fake.invoice(r.podInvoiceId)).toMatchObject({ closed: true, payed: true });
    // The main invoice's id names the same group (POD's document names both).
    expect(await client.closeInvoice(r.podInvoiceId)).toMatchObject({ ok: false, kind: 'error', podCode: 45 });
    expect(await client.cancelInvoice(r.customerInvoiceId)).toMatchObject({ ok: false, kind: 'error', podCode: 45 });
    expect(podErrorMeaning(45)).toMatchObject({ name: 'BILL_ALREADY_CLOSED', outcomeUnknown: false });
  });

  it('verificationNeeded: close before verify → 58, after verify it closes', async () => {
    const r = await issued(client, { verificationNeeded: true });
    fake.pay(r.customerInvoiceId);
    expect(await client.closeInvoice(r.customerInvoiceId)).toMatchObject({ ok: false, kind: 'error', podCode: 58 });
    expect(await client.verifyInvoice(r.customerInvoiceId)).toMatchObject({ ok: true, result: true });
    expect(fake.calls.at(-1)!.form.scProductId).toBe('29809');
    expect(await client.closeInvoice(r.customerInvoiceId)).toMatchObject({ ok: true });
  });

  it('cancel: the gateway then declines; POD lists nothing of another business’s invoice', async () => {
    const r = await issued();
    expect(await client.cancelInvoice(r.customerInvoiceId)).toMatchObject({ ok: true, result: true });
    expect(fake.calls.at(-1)!.form.scProductId).toBe('29810');
    const g = gatewayFor(client, r.customerInvoiceId);
    expect(await g.verify({ token: r.customerInvoiceId, amount: 1300n, callback: {} })).toMatchObject({ status: 'declined' });
    expect(() => fake.pay(r.customerInvoiceId)).toThrow(/canceled/);
    // Another business asks about our invoice: an empty list, so the gateway cannot say (never "paid").
    const other = clientOf(fake, OTHER);
    expect(await other.getInvoiceList({ id: r.customerInvoiceId })).toMatchObject({ ok: true, result: [] });
    expect(await gatewayFor(other, null).verify({ token: r.customerInvoiceId, amount: 1300n, callback: {} })).toMatchObject({ status: 'unknown' });
  });

  it('maps POD’s error codes: 4 not yours / no dealer permission / wrong key, 21 no token, 999 and the outcome-unknown ones', async () => {
    const r = await issued();
    fake.pay(r.customerInvoiceId);
    const other = clientOf(fake, OTHER);
    expect(await other.closeInvoice(r.customerInvoiceId)).toMatchObject({ ok: false, kind: 'error', podCode: 4 });
    // A beneficiary's own sub-invoice is not its to close either.
    const sub = (fake.invoice(r.podInvoiceId)!.subInvoices as { id: number }[])[0].id;
    expect(await clientOf(fake, SELLER).closeInvoice(sub)).toMatchObject({ ok: false, kind: 'error', podCode: 4 });
    expect(await clientOf(fake, OURS, { token: 'not-a-token-of-anyone' }).getInvoiceList({ id: 1 })).toMatchObject({ ok: false, kind: 'error', podCode: 21 });
    expect(await clientOf(fake, OURS, { apiKey: 'not-the-service-key' }).getInvoiceList({ id: 1 })).toMatchObject({ ok: false, kind: 'error', podCode: 4 });
    // A beneficiary that took back our dealer permission (the others still gave it).
    const viaDriver = { subs: [{ podBusinessId: DRIVER.id, guildCode: 'API_GUILD', items: [line('سهم', 500n)] }] };
    expect((await mirrorSplitInvoice(client, split(viaDriver))).ok).toBe(true);
    fake.revokeDealer(DRIVER.id, OURS.id);
    expect(await mirrorSplitInvoice(client, split(viaDriver))).toMatchObject({ ok: false, kind: 'error', podCode: 4 });
    expect((await mirrorSplitInvoice(clientOf(fake, OTHER), split(viaDriver))).ok).toBe(true);
    expect(podErrorMeaning(4).name).toBe('PERMISSION_DENIED');
    expect(podErrorMeaning(21).name).toBe('NO_BUSINESS_TOKEN');
    expect(podErrorMeaning(55).name).toBe('BILL_NOT_PAYED');
    expect(podErrorMeaning(58).name).toBe('BILL_IS_WAITING_FOR_VERIFICATION');

    // No code at all: the SDKs' fallback 999; 227 and 378 leave the outcome unknown.
    fake.errorNext(null);
    expect(await client.closeInvoice(r.customerInvoiceId)).toMatchObject({ ok: false, kind: 'error', podCode: 999 });
    fake.errorNext(227, 'تایم اوت سرویس اصلی');
    const timedOut = await client.closeInvoice(r.customerInvoiceId);
    expect(timedOut).toMatchObject({ ok: false, kind: 'error', podCode: 227, message: 'تایم اوت سرویس اصلی' });
    for (const code of [227, 378, 999]) expect(podErrorMeaning(code).outcomeUnknown).toBe(true);
    expect(podErrorMeaning(12345)).toEqual({ name: 'POD_12345', meaning: 'POD error 12345', outcomeUnknown: false });
  });

  it('a timeout, a 500 or an HTML page is unreachable (never an error code); the gateway says unknown', async () => {
    const r = await issued();
    const g = gatewayFor(client, r.customerInvoiceId);
    const input = { token: r.customerInvoiceId, amount: 1300n, callback: {} };
    fake.failNext(1, 'timeout');
    expect(await client.getInvoiceList({ id: r.customerInvoiceId })).toMatchObject({ ok: false, kind: 'unreachable', reason: 'Timed out' });
    fake.failNext(1, '500');
    expect(await g.verify(input)).toMatchObject({ status: 'unknown', reason: 'HTTP 500' });
    fake.failNext(1, 'garbage');
    expect(await client.closeInvoice(r.customerInvoiceId)).toMatchObject({ ok: false, kind: 'unreachable', reason: 'Not a POD answer (HTTP 200)' });
    // Nothing closed by those: still unpaid, so 55 now.
    expect(await client.closeInvoice(r.customerInvoiceId)).toMatchObject({ ok: false, podCode: 55 });

    // An issue whose answer was lost after POD did it: unreachable, and the bill number finds it.
    const input2 = split();
    fake.failNext(1, 'timeout', { afterWork: true });
    expect(await mirrorSplitInvoice(client, input2)).toMatchObject({ ok: false, kind: 'unreachable' });
    const found = await client.getInvoiceList({ billNumber: input2.billNumber });
    expect(found).toMatchObject({ ok: true, result: [{ billNumber: input2.billNumber, totalAmount: 800 }] });

    // Nobody listening at all.
    const gone = podClient({
      baseUrl: 'http://127.0.0.1:9/srv/sc',
      payBaseUrl: 'http://127.0.0.1:9',
      sandbox: false,
      token: OURS.token,
      apiKey: OURS.apiKey,
      timeoutMs: 800,
    });
    const down = await gone.getInvoiceList({ id: 1 });
    expect(down).toMatchObject({ ok: false, kind: 'unreachable', reason: expect.stringMatching(/^Network/) });
    logs.push(down.log);
  });

  it('the pod gateway: start checks the invoice and sends the payer to POD’s page with our own token on the way back; verify ignores a forged callback', async () => {
    const r = await issued();
    const g = gatewayFor(client, r.customerInvoiceId);
    expect(g.id).toBe('pod');
    expect(g.refund).toBeUndefined();
    const started = await g.start({ orderId: 'DG12345', amount: 1300n, callbackUrl: 'https://dargah.test/pay/callback/pod' });
    expect(started).toMatchObject({ ok: true, token: r.customerInvoiceId });
    if (!started.ok) return;
    const page = new URL(started.pageUrl);
    const back = `https://dargah.test/pay/callback/pod?${POD_CALLBACK_PARAM}=${r.customerInvoiceId}`;
    expect(`${page.origin}${page.pathname}`).toBe(`${fake.payBaseUrl}/v1/pbc/payinvoice/`);
    expect(Object.fromEntries(page.searchParams)).toEqual({ invoiceId: r.customerInvoiceId, redirectUri: back, callUri: back, tokenIssuer: '1' });
    // The token comes back only as our own parameter.
    expect(g.tokenOfCallback({ [POD_CALLBACK_PARAM]: r.customerInvoiceId, invoiceId: '1' })).toBe(r.customerInvoiceId);
    expect(g.tokenOfCallback({ invoiceId: r.customerInvoiceId })).toBeNull();
    expect(g.tokenOfCallback({ [POD_CALLBACK_PARAM]: '1 or 1=1' })).toBeNull();
    expect(g.verifyParams({ payed: 'true' })).toEqual({});

    // A forged callback claims it was paid: POD's list says not, so pending.
    const forged = { [POD_CALLBACK_PARAM]: r.customerInvoiceId, payed: 'true', status: 'PAID', amount: '1300', uniqueNumber: 'x' };
    expect(await g.verify({ token: r.customerInvoiceId, amount: 1300n, callback: forged })).toMatchObject({ status: 'pending' });

    // The payer pays on POD's page, which sends them back to our callback.
    const html = await (await fetch(started.pageUrl)).text();
    expect(html).toContain('1300');
    const paid = await fetch(`${fake.payBaseUrl}/_fake/pay`, {
      method: 'POST',
      body: new URLSearchParams({ invoiceId: r.customerInvoiceId, redirectUri: back }),
      redirect: 'manual',
    });
    expect(paid.status).toBe(303);
    expect(paid.headers.get('location')).toBe(back);
    expect(await g.verify({ token: r.customerInvoiceId, amount: 1300n, callback: {} })).toMatchObject({ status: 'paid', amount: 1300n });

    // start refuses what it must not send a payer to: no invoice, another amount, a paid or canceled one.
    expect(await gatewayFor(client, null).start({ orderId: 'DG1', amount: 1300n, callbackUrl: 'https://dargah.test/cb' })).toMatchObject({ ok: false });
    const fresh = await issued();
    expect(await gatewayFor(client, fresh.customerInvoiceId).start({ orderId: 'DG2', amount: 1200n, callbackUrl: 'https://dargah.test/cb' })).toMatchObject({
      ok: false,
      reason: expect.stringContaining('payable amount'),
    });
    expect(await g.start({ orderId: 'DG3', amount: 1300n, callbackUrl: 'https://dargah.test/cb' })).toMatchObject({
      ok: false,
      reason: expect.stringContaining('paid'),
    });
    // The payment link by unique number goes straight to the bank gateway.
    expect(client.paymentLink({ uniqueNumber: 'abc', redirectUri: 'https://dargah.test/r' })).toBe(
      `${fake.payBaseUrl}/v1/pbc/payInvoiceByUniqueNumber/?uniqueNumber=abc&gateway=PEP&redirectUri=https%3A%2F%2Fdargah.test%2Fr`,
    );
  });

  it('never puts the business token or the service key in a log or a message', async () => {
    // POD echoing the token in an error: blanked.
    fake.errorNext(21, `توکن ${OURS.token} نامعتبر است`);
    const r = await client.getInvoiceList({ id: 1 });
    expect(r).toMatchObject({ ok: false, kind: 'error', podCode: 21, message: 'توکن [redacted] نامعتبر است' });
    expect(logs.length).toBeGreaterThan(20);
    const text = JSON.stringify(logs);
    for (const secret of SECRETS) expect(text).not.toContain(secret);
    expect(text).toContain('issueMultiInvoice');
  });
});
