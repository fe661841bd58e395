import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
vi.mock('next/server', async (importOriginal) => ({ ...(await importOriginal<object>()), connection: async () => {} }));
import { GET as listBeneficiaries } from '@/app/api/v1/split-beneficiaries/route';
import { POST as cancelRoute } from '@/app/api/v1/split-invoices/[id]/cancel/route';
import { POST as closeRoute } from '@/app/api/v1/split-invoices/[id]/close/route';
import { GET as getRoute } from '@/app/api/v1/split-invoices/[id]/route';
import { POST as verifyRoute } from '@/app/api/v1/split-invoices/[id]/verify/route';
import { GET as listRoute, POST as postRoute } from '@/app/api/v1/split-invoices/route';
import { eq } from 'drizzle-orm';
import { splitInvoices } from '@/db/schema';
import { issueLiveKey } from '@/lib/platforms';
import { setPermission } from '@/lib/split';
import { invoiceBody, makeBeneficiary, makeMarketplace, newBill, payInvoice } from '@/lib/split/fixtures';
import { apiRequest } from '@/test/api';
import { testDb } from '@/test/db';
import { dyingKey, installCrashTrigger } from '@/test/idempotency-crash';
import { makePlatform } from '@/test/fixtures';

/** The split-invoice API as a client calls it: POD's fields in, Dargah's answers out, POD's numbers on the errors. */
const db = testDb();
const send = apiRequest('http://dargah.test/api/v1');
type Route = (req: Request, ctx: { params: Promise<Record<string, string>> }) => Promise<Response>;
const call = async (route: unknown, req: Request) => {
  const res = await (route as Route)(req, { params: Promise.resolve({}) });
  return {
    status: res.status,
    body: (await res.json()) as Record<string, unknown> & { error?: { code: string; pod_code?: number; fields?: Record<string, string> } },
  };
};
let n = 0;
const idem = () => ({ 'idempotency-key': `split-${Date.now()}-${n++}` });

beforeAll(() => {
  process.env.API_RATE_LIMIT_PER_MINUTE = '100000';
});
afterAll(() => {
  delete process.env.API_RATE_LIMIT_PER_MINUTE;
});

async function world() {
  const m = await makeMarketplace(db);
  const live = await issueLiveKey(db, m.actor, { platformId: m.platform.id });
  if (!live.ok) throw new Error(live.error);
  const seller = await makeBeneficiary(db, m, 'Seller one');
  return { m, seller, live: live.data.key, test: m.apiKey };
}

describe('split invoices through the API', () => {
  it('creates (201 with payment_url), refuses a reused bill number (409 with the existing invoice), and answers by id', async () => {
    const { seller, live } = await world();
    const body = invoiceBody(newBill(), 800n, [{ beneficiaryId: seller.beneficiary.id, share: 500n }]);
    expect((await call(postRoute, send('POST', '/split-invoices', live, body))).body.error?.code).toBe('idempotency_key_required');
    const made = await call(postRoute, send('POST', '/split-invoices', live, body, idem()));
    expect(made.status).toBe(201);
    expect(made.body).toMatchObject({ amount: '1300', state: 'open', livemode: true, main_invoice: { share: '800' }, sub_invoices: [{ share: '500' }] });
    expect(String(made.body.payment_url)).toMatch(/\/pay\/invoice\/[0-9a-f-]{36}$/);
    const again = await call(postRoute, send('POST', '/split-invoices', live, body, idem()));
    expect(again.status).toBe(409);
    expect(again.body.error).toMatchObject({ code: 'duplicate_bill_number', existing_invoice: { id: made.body.id } });
    const got = await call(getRoute, send('GET', `/split-invoices/${String(made.body.id)}`, live));
    expect(got).toMatchObject({ status: 200, body: { id: made.body.id, bill_number: body.billNumber } });
    const list = await call(listRoute, send('GET', `/split-invoices?billNumber=${encodeURIComponent(body.billNumber)}`, live));
    expect((list.body.data as { id: string }[]).map((r) => r.id)).toEqual([made.body.id]);
    expect((await call(listBeneficiaries, send('GET', '/split-beneficiaries', live))).body.data).toEqual([
      expect.objectContaining({ id: seller.beneficiary.id, permission: 'all', state: 'active' }),
    ]);
  });

  it('create and close whose process dies before the answer is stored: nothing kept; the retries make the one invoice and close it once', async () => {
    await installCrashTrigger(db);
    const { m, seller, live } = await world();
    const body = invoiceBody(newBill(), 800n, [{ beneficiaryId: seller.beneficiary.id, share: 500n }]);
    const createKey = await dyingKey(db, 'split-create');
    const create = () => call(postRoute, send('POST', '/split-invoices', live, body, { 'idempotency-key': createKey }));
    const mine = () => db.select().from(splitInvoices).where(eq(splitInvoices.marketplaceId, m.platform.id));
    expect((await create()).status).toBe(500);
    expect(await mine()).toEqual([]);
    const made = await create();
    expect(made.status).toBe(201);
    expect((await create()).body.id).toBe(made.body.id);
    expect(await mine()).toHaveLength(1);

    await payInvoice(db, String(made.body.id));
    const closeKey = await dyingKey(db, 'split-close');
    const close = () => call(closeRoute, send('POST', `/split-invoices/${String(made.body.id)}/close`, live, undefined, { 'idempotency-key': closeKey }));
    expect((await close()).status).toBe(500);
    expect((await mine())[0].state).toBe('paid');
    const closed = await close();
    expect(closed).toMatchObject({ status: 200, body: { id: made.body.id, state: 'closed' } });
    expect(await close()).toEqual(closed);
    expect((await mine())[0].state).toBe('closed');
  });

  it('a broken sum names the part; a revoked permission is 403 with POD’s 4', async () => {
    const { seller, live } = await world();
    const broken = invoiceBody(newBill(), 800n, [{ beneficiaryId: seller.beneficiary.id, share: 500n }], {
      customerInvoiceItems: [{ description: 'order', quantity: 1, unitPrice: 1299 }],
    });
    const r = await call(postRoute, send('POST', '/split-invoices', live, broken, idem()));
    expect(r).toMatchObject({ status: 400, body: { error: { code: 'validation_failed', fields: { customerInvoiceItems: 'splitSumMismatch' } } } });
    await setPermission(db, seller.actor, { beneficiaryId: seller.beneficiary.id, permission: 'none', products: [] });
    const denied = await call(
      postRoute,
      send('POST', '/split-invoices', live, invoiceBody(newBill(), 1n, [{ beneficiaryId: seller.beneficiary.id, share: 1n }]), idem()),
    );
    expect(denied).toMatchObject({
      status: 403,
      body: { error: { code: 'permission_denied', pod_code: 4, fields: { 'subInvoices.0.beneficiaryId': 'permissionDenied' } } },
    });
  });

  it('close: 55 unpaid, then paid and closed, then 45; 58 before verification; a test key sees no live invoice; another platform’s id is 404 (4)', async () => {
    const { seller, live, test } = await world();
    const made = await call(
      postRoute,
      send('POST', '/split-invoices', live, invoiceBody(newBill(), 800n, [{ beneficiaryId: seller.beneficiary.id, share: 500n }]), idem()),
    );
    const id = String(made.body.id);
    expect((await call(closeRoute, send('POST', `/split-invoices/${id}/close`, live))).body.error).toMatchObject({ code: 'not_paid', pod_code: 55 });
    await payInvoice(db, id);
    expect(await call(closeRoute, send('POST', `/split-invoices/${id}/close`, live))).toMatchObject({ status: 200, body: { state: 'closed' } });
    expect((await call(closeRoute, send('POST', `/split-invoices/${id}/close`, live))).body.error).toMatchObject({ code: 'already_closed', pod_code: 45 });
    expect((await call(cancelRoute, send('POST', `/split-invoices/${id}/cancel`, live))).body.error).toMatchObject({ code: 'not_cancelable' });
    expect((await call(getRoute, send('GET', `/split-invoices/${id}`, test))).status).toBe(404);

    const v = await call(
      postRoute,
      send(
        'POST',
        '/split-invoices',
        live,
        invoiceBody(newBill(), 800n, [{ beneficiaryId: seller.beneficiary.id, share: 500n }], { verificationNeeded: true }),
        idem(),
      ),
    );
    const vid = String(v.body.id);
    expect((await call(closeRoute, send('POST', `/split-invoices/${vid}/close`, live))).body.error).toMatchObject({
      code: 'awaiting_verification',
      pod_code: 58,
    });
    expect(await call(verifyRoute, send('POST', `/split-invoices/${vid}/verify`, live))).toMatchObject({ status: 200, body: { verification_needed: true } });
    expect((await call(verifyRoute, send('POST', `/split-invoices/${vid}/verify`, live))).body.error).toMatchObject({ code: 'verification_not_needed' });
    expect(await call(cancelRoute, send('POST', `/split-invoices/${vid}/cancel`, live))).toMatchObject({ status: 200, body: { state: 'canceled' } });

    const other = await world();
    const theirs = await call(
      postRoute,
      send('POST', '/split-invoices', other.live, invoiceBody(newBill(), 800n, [{ beneficiaryId: other.seller.beneficiary.id, share: 500n }]), idem()),
    );
    for (const [route, path] of [
      [getRoute, ''],
      [closeRoute, '/close'],
      [verifyRoute, '/verify'],
      [cancelRoute, '/cancel'],
    ] as const) {
      const r = await call(route, send(route === getRoute ? 'GET' : 'POST', `/split-invoices/${String(theirs.body.id)}${path}`, live));
      expect(r).toMatchObject({ status: 404, body: { error: { code: 'not_found', pod_code: 4 } } });
    }
    // A platform of another service: the split endpoints are not its to call.
    const shop = await makePlatform(db);
    expect((await call(listRoute, send('GET', '/split-invoices', shop.key))).body.error).toMatchObject({ code: 'service_not_enabled' });
  });
});
