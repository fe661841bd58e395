import { randomInt } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { payments, platforms, topupStores } from '@/db/schema';
import { sandboxPay } from '@/lib/gateways/sandbox';
import { handleCallback, startPayment } from '@/lib/payments';
import { addPlatform } from '@/lib/platforms';
import { offeredProducts, syncCatalogue } from '@/lib/topup';
import { openPin, storeReceipt } from '@/lib/topup/receipt';
import { sandboxProvider } from '@/lib/topup/sandbox';
import { addPlatformSchema } from '@/lib/validation/platforms';
import { testDb, uniqueMobile } from '@/test/db';
import { makeMerchantService, merchantActorOf } from '@/test/fixtures';
import { SANDBOX_CARD } from '@/lib/gateways/sandbox-cards';

// Actions read the request's headers; this file's "buyer" has an address of its own per run, so the store's per-address limit is this file's alone.
const PEER = `10.${randomInt(0, 256)}.${randomInt(0, 256)}.${randomInt(1, 255)}`;
vi.mock('next/headers', () => ({ headers: async () => new Headers({ 'x-dargah-peer': PEER }) }));
const { orderTopupAction, topupOrderStateAction } = await import('./actions');

const db = testDb();
let handle = '';

beforeAll(async () => {
  await syncCatalogue(db, sandboxProvider());
  const { merchant, merchantServiceId } = await makeMerchantService(db, 'charge');
  const made = await addPlatform(
    db,
    merchantActorOf(merchant),
    addPlatformSchema.parse({ type: 'app', name: 'Store test', address: 'ir.store.test', expectedMonthlyVolume: '1000000', merchantServiceId }),
  );
  if (!made.ok) throw new Error(made.error);
  // A pending platform: its store sells test top-ups through the sandbox provider.
  expect((await db.select().from(platforms).where(eq(platforms.id, made.data.platform.id)))[0].status).toBe('pending');
  handle = `st-${randomInt(0, 1e9)}`;
  await db.insert(topupStores).values({ platformId: made.data.platform.id, handle, title: 'Test store', supportPhone: '02100000000' });
});

const sandboxProduct = async (upstreamId: string) => (await offeredProducts(db, 'sandbox')).find((p) => p.upstreamId === upstreamId)!;

describe('the store order action', () => {
  it('refuses bad input by its field, never with a 500', async () => {
    const mciPackage = await sandboxProduct('sbx-mci-pkg-10g-30d');
    expect(await orderTopupAction({ handle, mobile: '9'.repeat(10_000), amount: '50000' })).toMatchObject({ ok: false, fieldErrors: { mobile: 'tooLong' } });
    expect(await orderTopupAction({ handle, mobile: '0912', amount: '50000' })).toMatchObject({ ok: false, error: 'mobileInvalid' });
    expect(await orderTopupAction({ handle, mobile: '09990123456', amount: '50000' })).toMatchObject({ ok: false, error: 'operatorUnknown' });
    const mciPrepaid = await sandboxProduct('sbx-mci-direct');
    expect(await orderTopupAction({ handle, mobile: '09191234567', productId: mciPrepaid.id, amount: '30000' })).toMatchObject({
      ok: false,
      error: 'amountNotAllowed',
    });
    expect(await orderTopupAction({ handle, mobile: '09191234567', productId: mciPrepaid.id })).toMatchObject({ ok: false, error: 'amountRequired' });
    expect(await orderTopupAction({ handle, mobile: '09351234567', productId: mciPackage.id })).toMatchObject({
      ok: false,
      error: 'productOperatorMismatch',
    });
    expect(await orderTopupAction({ handle, mobile: '09121234567', productId: 'x'.repeat(10_000) })).toMatchObject({
      ok: false,
      fieldErrors: { productId: 'productUnknown' },
    });
    expect(await orderTopupAction({ handle: 'no-such-store', mobile: '09121234567', amount: '50000' })).toMatchObject({ ok: false, error: 'notFound' });
    expect(await orderTopupAction({ handle: 'x'.repeat(10_000), mobile: '09121234567', amount: '50000' })).toMatchObject({
      ok: false,
      fieldErrors: { handle: 'notFound' },
    });
  });

  it('takes Persian digits, and the order page shows the delivery; a PIN is opened for that page only', async () => {
    const pin = await sandboxProduct('sbx-mci-pin-100000');
    const mobile = uniqueMobile().slice(0, 9) + '05';
    const persian = mobile.replace(/\d/g, (d) => '۰۱۲۳۴۵۶۷۸۹'[Number(d)]);
    const r = await orderTopupAction({ handle, mobile: persian, productId: pin.id, amount: '۱۰۰٬۰۰۰' });
    expect(r.ok).toBe(true);
    const { orderId, paymentId } = (r as { data: { orderId: string; paymentId: string } }).data;
    expect(await topupOrderStateAction({ handle, orderId })).toEqual({ ok: true, data: { state: 'awaiting_payment', refundState: null } });
    expect(await topupOrderStateAction({ handle: 'no-such-store', orderId })).toMatchObject({ ok: false, error: 'notFound' });

    // The buyer pays on the sandbox bank; the success delivers at once.
    const started = await startPayment(db, paymentId, 'sandbox', 'http://dargah.test');
    expect(started.ok).toBe(true);
    const [pay] = await db.select({ token: payments.gatewayToken }).from(payments).where(eq(payments.id, paymentId));
    const paid = await sandboxPay(db, { token: pay.token!, card: SANDBOX_CARD.success });
    if (!paid.ok) throw new Error('sandbox');
    await handleCallback(db, 'sandbox', Object.fromEntries(new URL(paid.data.callbackUrl).searchParams));
    expect(await topupOrderStateAction({ handle, orderId })).toEqual({ ok: true, data: { state: 'delivered', refundState: null } });

    const receipt = await storeReceipt(db, handle, orderId);
    expect(receipt?.order.mobile).toBe(mobile);
    expect(receipt?.trackingCode).toMatch(/^\d{11}$/);
    expect(receipt?.pin).toMatch(/^\d{16}$/);
    // Stored sealed, never in clear.
    expect(receipt?.order.pinSealed).not.toContain(receipt!.pin!);
    expect(openPin(receipt!.order.pinSealed!)).toBe(receipt!.pin);
    expect(await storeReceipt(db, 'no-such-store', orderId)).toBeNull();
  });
});

describe('openPin', () => {
  it('is null for what is not a sealed value (the page then sends the buyer to support)', () => {
    expect(openPin('not sealed')).toBeNull();
    expect(openPin('v1.a.b.c')).toBeNull();
  });
});
