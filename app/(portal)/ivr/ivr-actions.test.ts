/**
 * The phone-payment screens' server actions, called as the browser calls them, with a session
 * mocked per test: each one re-checks who is asking, refuses another merchant's platform or
 * invoice as not found (never its data), and hands bad input back on its fields.
 */
import { desc, eq, inArray } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Db } from '@/db';
import { ivrInvoices, ivrSettings, smsMessages, type User } from '@/db/schema';
import { actingAs, refused } from '@/test/actions';

const h = vi.hoisted(() => ({ db: undefined as Db | undefined, user: null as null | { id: string; role: string } }));
vi.mock('next/cache', () => ({ revalidatePath: () => {}, revalidateTag: () => {} }));
vi.mock('@/db', async (orig) => ({ ...(await orig<typeof import('@/db')>()), getDb: () => h.db! }));
vi.mock('@/lib/auth/session', async () => (await import('@/test/actions')).sessionMock(h));

const { testDb } = await import('@/test/db');
const { makeAdmin, makeMerchant } = await import('@/test/fixtures');
const { makeIvrPlatform } = await import('@/lib/ivr/fixtures');
const portal = await import('./actions');
const staff = await import('@/app/admin/ivr/actions');

const db = testDb();
h.db = db;

type Ivr = Awaited<ReturnType<typeof makeIvrPlatform>>;
let A: Ivr;
let B: Ivr;
let admin: User;
let unapproved: User;

const as = actingAs(h);

beforeAll(async () => {
  [A, B] = [await makeIvrPlatform(db), await makeIvrPlatform(db, { address: '02188776655' })];
  admin = await makeAdmin(db);
  unapproved = await makeMerchant(db);
  // The guards' refusals are logged as unknown errors by action(); the refusals are the point here.
  vi.spyOn(console, 'error').mockImplementation(() => {});
});
afterAll(() => vi.mocked(console.error).mockRestore());

const sale = (platformId: string, extra: Record<string, unknown> = {}) => ({
  platformId,
  amount: '۱۲۰٬۰۰۰',
  customer_name: 'مریم احمدی',
  phone: '۰۹۱۲۱۲۳۴۵۶۷',
  email: '',
  order_id: '',
  ...extra,
});

describe('phone sales', () => {
  it('makes an invoice from Persian digits and answers what the agent reads out', async () => {
    as(A.merchant);
    const r = await portal.createPhoneSaleAction(sale(A.platform.id));
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.data).toMatchObject({ amount: '120000', livemode: true, hasPhone: true });
    expect(r.data!.trackingCode).toMatch(/^\d{8}$/);
    const [row] = await db.select().from(ivrInvoices).where(eq(ivrInvoices.id, r.data!.id));
    expect(row).toMatchObject({ platformId: A.platform.id, amount: 120_000n, phone: '09121234567', customerName: 'مریم احمدی', email: null });
  });

  it('refuses another merchant’s platform as not found, making nothing there', async () => {
    as(A.merchant);
    const before = await db.select().from(ivrInvoices).where(eq(ivrInvoices.platformId, B.platform.id));
    expect(await portal.createPhoneSaleAction(sale(B.platform.id))).toEqual({ ok: false, fieldErrors: { platformId: 'notFound' } });
    expect(await db.select().from(ivrInvoices).where(eq(ivrInvoices.platformId, B.platform.id))).toHaveLength(before.length);
  });

  it('hands bad input back on its fields', async () => {
    as(A.merchant);
    const r = await portal.createPhoneSaleAction(sale(A.platform.id, { amount: '4999', phone: 'abc', email: 'not-mail', order_id: 'has space' }));
    expect(r).toMatchObject({
      ok: false,
      fieldErrors: { amount: 'amountBelowMin', phone: 'phoneInvalid', email: 'emailInvalid', order_id: 'orderIdInvalid' },
    });
    expect(await portal.createPhoneSaleAction(sale(A.platform.id, { amount: '12.5' }))).toMatchObject({ fieldErrors: { amount: 'amountFractional' } });
    expect(await portal.createPhoneSaleAction(sale('not-a-uuid'))).toMatchObject({ fieldErrors: { platformId: 'required' } });
  });

  it('an order id used twice on the line is refused on its field', async () => {
    as(A.merchant);
    const order = `ord-${Date.now()}`;
    expect((await portal.createPhoneSaleAction(sale(A.platform.id, { order_id: order }))).ok).toBe(true);
    expect(await portal.createPhoneSaleAction(sale(A.platform.id, { order_id: order }))).toEqual({ ok: false, fieldErrors: { order_id: 'duplicateOrder' } });
  });

  it('needs a merchant with approved customer information, and a session', async () => {
    as(unapproved);
    expect(await portal.createPhoneSaleAction(sale(A.platform.id))).toMatchObject({ ok: false, error: 'kycRequired' });
    as(null);
    expect(await refused(portal.createPhoneSaleAction(sale(A.platform.id)))).toBe(true);
    as(admin);
    expect(await refused(portal.createPhoneSaleAction(sale(A.platform.id)))).toBe(true);
  });
});

describe('an invoice: SMS and cancel', () => {
  it('texts the customer the line and the code; another merchant’s invoice is not found', async () => {
    as(A.merchant);
    const r = await portal.createPhoneSaleAction(sale(A.platform.id, { phone: '09121112233' }));
    if (!r.ok) throw new Error('sale');
    expect(await portal.smsIvrInvoiceAction({ invoiceId: r.data!.id })).toEqual({ ok: true });
    const [sms] = await db.select().from(smsMessages).where(eq(smsMessages.mobile, '09121112233')).orderBy(desc(smsMessages.createdAt)).limit(1);
    expect(sms.body).toContain(r.data!.trackingCode);
    expect(sms.body).toContain('02191071390');
    expect(sms.body).toContain('۱۲٬۰۰۰ تومان');
    as(B.merchant);
    expect(await portal.smsIvrInvoiceAction({ invoiceId: r.data!.id })).toMatchObject({ ok: false, error: 'notFound' });
    expect(await portal.smsIvrInvoiceAction({ invoiceId: 'x' })).toMatchObject({ ok: false, fieldErrors: { invoiceId: 'required' } });
  });

  it('only an open invoice is texted: a canceled or expired one is refused', async () => {
    as(A.merchant);
    const r = await portal.createPhoneSaleAction(sale(A.platform.id, { phone: '09121112244' }));
    if (!r.ok) throw new Error('sale');
    expect(await portal.cancelIvrInvoiceAction({ invoiceId: r.data!.id })).toEqual({ ok: true });
    expect(await portal.smsIvrInvoiceAction({ invoiceId: r.data!.id })).toMatchObject({ ok: false, error: 'notOpen' });
    const e = await portal.createPhoneSaleAction(sale(A.platform.id, { phone: '09121112255' }));
    if (!e.ok) throw new Error('sale');
    await db
      .update(ivrInvoices)
      .set({ expiresAt: new Date(Date.now() - 1_000) })
      .where(eq(ivrInvoices.id, e.data!.id));
    expect(await portal.smsIvrInvoiceAction({ invoiceId: e.data!.id })).toMatchObject({ ok: false, error: 'notOpen' });
    expect(
      await db
        .select()
        .from(smsMessages)
        .where(inArray(smsMessages.mobile, ['09121112244', '09121112255'])),
    ).toEqual([]);
  });

  it('a landline cannot be texted', async () => {
    as(A.merchant);
    const r = await portal.createPhoneSaleAction(sale(A.platform.id, { phone: '02144556677' }));
    if (!r.ok) throw new Error('sale');
    expect(await portal.smsIvrInvoiceAction({ invoiceId: r.data!.id })).toMatchObject({ ok: false, error: 'noMobile' });
  });

  it('cancels its own open invoice once; another merchant gets not found and changes nothing', async () => {
    as(A.merchant);
    const r = await portal.createPhoneSaleAction(sale(A.platform.id));
    if (!r.ok) throw new Error('sale');
    as(B.merchant);
    expect(await portal.cancelIvrInvoiceAction({ invoiceId: r.data!.id })).toMatchObject({ ok: false, error: 'notFound' });
    const [still] = await db.select().from(ivrInvoices).where(eq(ivrInvoices.id, r.data!.id));
    expect(still.state).toBe('open');
    as(A.merchant);
    expect(await portal.cancelIvrInvoiceAction({ invoiceId: r.data!.id })).toEqual({ ok: true });
    expect(await portal.cancelIvrInvoiceAction({ invoiceId: r.data!.id })).toMatchObject({ ok: false, error: 'notCancelable' });
  });
});

describe('IVR settings and secrets', () => {
  const settings = (platformId: string, extra: Record<string, unknown> = {}) => ({
    platformId,
    invoiceTtlMinutes: '90',
    callerWrongCap: '4',
    callerWindowMinutes: '30',
    invoiceFailCap: '2',
    ...extra,
  });

  it('saves its own platform’s rules; another merchant’s platform is not found and unchanged', async () => {
    as(B.merchant);
    expect(await portal.updateIvrSettingsAction(settings(A.platform.id))).toMatchObject({ ok: false, error: 'notFound' });
    as(A.merchant);
    expect(await portal.updateIvrSettingsAction(settings(A.platform.id))).toEqual({ ok: true });
    const [s] = await db.select().from(ivrSettings).where(eq(ivrSettings.platformId, A.platform.id));
    expect(s).toMatchObject({ invoiceTtlMinutes: 90, callerWrongCap: 4, callerWindowMinutes: 30, invoiceFailCap: 2 });
  });

  it('hands out-of-range rules back on their fields', async () => {
    as(A.merchant);
    expect(
      await portal.updateIvrSettingsAction(
        settings(A.platform.id, { invoiceTtlMinutes: '4', callerWrongCap: '0', callerWindowMinutes: '2000', invoiceFailCap: 'x' }),
      ),
    ).toMatchObject({
      ok: false,
      fieldErrors: { invoiceTtlMinutes: 'ttlRange', callerWrongCap: 'capRange', callerWindowMinutes: 'windowRange', invoiceFailCap: 'numberInvalid' },
    });
  });

  it('rolls its own credential and trunk id (shown once); another merchant’s roll is not found and the old one keeps working', async () => {
    const [before] = await db.select().from(ivrSettings).where(eq(ivrSettings.platformId, A.platform.id));
    as(B.merchant);
    expect(await portal.rollIvrSecretAction({ platformId: A.platform.id, kind: 'credential' })).toMatchObject({ ok: false, error: 'notFound' });
    const [same] = await db.select().from(ivrSettings).where(eq(ivrSettings.platformId, A.platform.id));
    expect(same.credentialHash).toBe(before.credentialHash);
    as(A.merchant);
    const c = await portal.rollIvrSecretAction({ platformId: A.platform.id, kind: 'credential' });
    const t = await portal.rollIvrSecretAction({ platformId: A.platform.id, kind: 'trunk' });
    if (!c.ok || !t.ok) throw new Error('roll');
    expect(c.data!.secret).toMatch(/^ivr_[0-9A-Za-z]{32}$/);
    expect(t.data!.secret).toMatch(/^[0-9A-Za-z]{20}$/);
    expect(c.data!.secret.startsWith(c.data!.prefix)).toBe(true);
    expect(await portal.rollIvrSecretAction({ platformId: A.platform.id, kind: 'password' as 'trunk' })).toMatchObject({
      ok: false,
      fieldErrors: { kind: 'invalid' },
    });
  });
});

describe('staff: the rail', () => {
  it('staff move a platform to PayStar and back; merchants are refused and nothing moves', async () => {
    as(A.merchant);
    expect(await refused(staff.setIvrRailAction({ platformId: A.platform.id, rail: 'paystar' }))).toBe(true);
    const rail = async () => (await db.select().from(ivrSettings).where(eq(ivrSettings.platformId, A.platform.id)))[0].rail;
    expect(await rail()).toBe('sandbox');
    as(admin);
    expect(await staff.setIvrRailAction({ platformId: A.platform.id, rail: 'paystar' })).toEqual({ ok: true });
    expect(await rail()).toBe('paystar');
    expect(await staff.setIvrRailAction({ platformId: A.platform.id, rail: 'sandbox' })).toEqual({ ok: true });
    expect(await staff.setIvrRailAction({ platformId: crypto.randomUUID(), rail: 'sandbox' })).toMatchObject({ ok: false, error: 'notFound' });
    expect(await staff.setIvrRailAction({ platformId: A.platform.id, rail: 'elsewhere' as 'sandbox' })).toMatchObject({
      ok: false,
      fieldErrors: { rail: 'invalid' },
    });
  });
});
