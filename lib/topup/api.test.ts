import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GET as listProducts } from '@/app/api/v1/topup/products/route';
import { GET as getTopupRoute } from '@/app/api/v1/topups/[id]/route';
import { POST as postTopup } from '@/app/api/v1/topups/route';
import { payments, platforms, topupOrders } from '@/db/schema';
import { addPlatform, issueLiveKey } from '@/lib/platforms';
import { addPlatformSchema } from '@/lib/validation/platforms';
import { apiRequest } from '@/test/api';
import { testDb } from '@/test/db';
import { dyingKey, installCrashTrigger } from '@/test/idempotency-crash';
import { makeMerchantService, makePlatform, merchantActorOf } from '@/test/fixtures';
import { setTopupProviderForTests, syncCatalogue } from '.';
import { scripted } from '@/test/topup-provider';

/** The top-up API as a client calls it: bad input gets a 4xx with its field, never a 500. */
const db = testDb();
const BASE = 'http://dargah.test';
const send = apiRequest(BASE);

// The shared scripted provider: every file that syncs the provider's catalogue must offer the same one (a sync withdraws what it does not list).
const provider = scripted().provider;

beforeAll(async () => {
  process.env.API_RATE_LIMIT_PER_MINUTE = '100000';
  setTopupProviderForTests(provider);
  await syncCatalogue(db, provider);
});
afterAll(() => {
  delete process.env.API_RATE_LIMIT_PER_MINUTE;
  setTopupProviderForTests(null);
});

async function chargeApp() {
  const { merchant, merchantServiceId } = await makeMerchantService(db, 'charge');
  const actor = merchantActorOf(merchant);
  const made = await addPlatform(
    db,
    actor,
    addPlatformSchema.parse({
      type: 'website',
      name: 'Charge site',
      address: 'https://charge.example',
      expectedMonthlyVolume: '1000000',
      merchantServiceId,
      callbackUrls: ['https://charge.example/back'],
    }),
  );
  if (!made.ok) throw new Error(made.error);
  await db.update(platforms).set({ status: 'approved' }).where(eq(platforms.id, made.data.platform.id));
  const live = await issueLiveKey(db, actor, { platformId: made.data.platform.id });
  if (!live.ok) throw new Error(live.error);
  return { platform: made.data.platform, live: live.data.key, test: made.data.sandboxKey };
}

let n = 0;
const idem = () => ({ 'idempotency-key': `topup-${Date.now()}-${n++}` });
const body = (over: Record<string, unknown> = {}) => ({
  mobile: '09121234567',
  amount: 50000,
  order_id: `o-${Date.now()}-${n++}`,
  callback_url: 'https://charge.example/back?x=1',
  ...over,
});

describe('the top-up API', () => {
  it('lists the products for the operator a mobile names, and refuses a number of no operator', async () => {
    const app = await chargeApp();
    const res = await listProducts(send('GET', '/api/v1/topup/products?mobile=۰۹۳۵۱۲۳۴۵۶۷', app.live));
    expect(res.status).toBe(200);
    const list = await res.json();
    expect(list.detected_operator).toBe('irancell');
    expect(new Set(list.data.map((p: { operator: string }) => p.operator))).toEqual(new Set(['irancell']));
    expect(list.data.find((p: { kind: string }) => p.kind === 'package')).toMatchObject({ price: '900000', volume_mb: 5120, duration_days: 30 });
    const bad = await listProducts(send('GET', '/api/v1/topup/products?mobile=0800000000', app.live));
    expect(bad.status).toBe(400);
    expect((await listProducts(send('GET', '/api/v1/topup/products?operator=nokia', app.live))).status).toBe(400);
    expect((await listProducts(send('GET', '/api/v1/topup/products?extra=1', app.live))).status).toBe(400);
  });

  it('makes an order with a payment URL (Idempotency-Key required and replayed), readable by its platform only', async () => {
    const app = await chargeApp();
    expect((await postTopup(send('POST', '/api/v1/topups', app.live, body()))).status).toBe(400);
    const headers = idem();
    const b = body();
    const first = await postTopup(send('POST', '/api/v1/topups', app.live, b, headers));
    expect(first.status).toBe(201);
    const made = await first.json();
    expect(made).toMatchObject({ state: 'awaiting_payment', operator: 'mci', kind: 'direct', amount: '50000', livemode: true });
    expect(made.payment_url).toMatch(new RegExp(`^https?://[^/]+/pay/go/${made.payment_id}$`));
    const replay = await postTopup(send('POST', '/api/v1/topups', app.live, b, headers));
    expect(replay.headers.get('idempotent-replayed')).toBe('true');
    expect((await replay.json()).id).toBe(made.id);
    const got = await getTopupRoute(send('GET', `/api/v1/topups/${made.id}`, app.live));
    expect((await got.json()).id).toBe(made.id);
    const other = await chargeApp();
    expect((await getTopupRoute(send('GET', `/api/v1/topups/${made.id}`, other.live))).status).toBe(404);
    expect((await getTopupRoute(send('GET', `/api/v1/topups/${made.id}`, app.test))).status).toBe(404);
    const dup = await postTopup(send('POST', '/api/v1/topups', app.live, b, idem()));
    expect(dup.status).toBe(409);
    expect((await dup.json()).error.code).toBe('duplicate_order_id');
  });

  it('a top-up whose process dies before its answer is stored leaves no order and no payment; the retry makes the one order', async () => {
    await installCrashTrigger(db);
    const app = await chargeApp();
    const key = await dyingKey(db, 'topup');
    const b = body();
    const call = () => postTopup(send('POST', '/api/v1/topups', app.live, b, { 'idempotency-key': key }));
    const orders = () => db.select().from(topupOrders).where(eq(topupOrders.platformId, app.platform.id));
    expect((await call()).status).toBe(500);
    expect(await orders()).toEqual([]);
    expect(await db.select().from(payments).where(eq(payments.platformId, app.platform.id))).toEqual([]);
    const retry = await call();
    expect(retry.status).toBe(201);
    const replay = await call();
    expect((await replay.json()).id).toBe((await retry.json()).id);
    expect(await orders()).toHaveLength(1);
    expect(await db.select().from(payments).where(eq(payments.platformId, app.platform.id))).toHaveLength(1);
  });

  it('bad input: no operator, amounts not allowed, unknown product, another operator’s product, Persian digits, 10 000 characters', async () => {
    const app = await chargeApp();
    const products = await (await listProducts(send('GET', '/api/v1/topup/products?operator=irancell', app.live))).json();
    const irPackage = products.data.find((p: { kind: string }) => p.kind === 'package').id as string;
    const cases: [Record<string, unknown>, string][] = [
      [{ mobile: '0800000000' }, 'mobile'],
      [{ mobile: 'x'.repeat(10_000) }, 'mobile'],
      [{ amount: 5_000 }, 'amount'],
      [{ amount: 10_500 }, 'amount'],
      [{ amount: -1 }, 'amount'],
      [{ amount: 1.5 }, 'amount'],
      [{ amount: 'abc' }, 'amount'],
      [{ amount: null }, 'amount'],
      [{ product_id: '00000000-0000-4000-8000-000000000000' }, 'product_id'],
      [{ product_id: 'nope' }, 'product_id'],
      [{ product_id: irPackage, amount: null }, 'product_id'],
      [{ operator: 'nokia' }, 'operator'],
      [{ order_id: '' }, 'order_id'],
      [{ callback_url: 'https://evil.example/' }, 'callback_url'],
      [{ surprise: 1 }, 'surprise'],
    ];
    for (const [over, field] of cases) {
      const res = await postTopup(send('POST', '/api/v1/topups', app.live, body(over), idem()));
      expect(res.status, JSON.stringify(over).slice(0, 80)).toBe(400);
      expect(Object.keys((await res.json()).error.fields), JSON.stringify(over).slice(0, 80)).toContain(field);
    }
    // Persian digits and a named operator for a ported number are fine.
    const ok = await postTopup(send('POST', '/api/v1/topups', app.live, body({ mobile: '۰۹۱۲۱۲۳۴۵۶۷', amount: '۵۰۰۰۰' }), idem()));
    expect(ok.status).toBe(201);
    const ported = await postTopup(send('POST', '/api/v1/topups', app.live, body({ operator: 'irancell', product_id: irPackage, amount: null }), idem()));
    expect(ported.status).toBe(201);
    expect((await ported.json()).operator).toBe('irancell');
  });

  it('a platform of another service is refused', async () => {
    const shop = await makePlatform(db);
    const res = await postTopup(send('POST', '/api/v1/topups', shop.key, body(), idem()));
    expect(res.status).toBe(403);
    expect((await res.json()).error.code).toBe('service_not_enabled');
  });
});
