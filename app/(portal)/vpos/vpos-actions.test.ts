/**
 * The virtual POS screens' server actions, called as the browser calls them, with a session mocked
 * per test: each re-checks who is asking, refuses another merchant's definition, platform or
 * payment as not found (changing nothing there), and hands bad input back on its fields. Against
 * the real database and the fake N Kolay.
 */
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Db } from '@/db';
import { payments, vposDefinitions, vposPlatformDefaults, type User } from '@/db/schema';

const h = vi.hoisted(() => ({ db: undefined as Db | undefined, user: null as null | { id: string; role: string } }));
vi.mock('next/cache', () => ({ revalidatePath: () => {}, revalidateTag: () => {} }));
vi.mock('@/db', async (orig) => ({ ...(await orig<typeof import('@/db')>()), getDb: () => h.db! }));
vi.mock('@/lib/auth/session', async () => (await import('@/test/actions')).sessionMock(h));

const { testDb } = await import('@/test/db');
const { makeAdmin, makeMerchant } = await import('@/test/fixtures');
const { makeVposMerchant, startVposFake, FAKE_NKOLAY_MERCHANT } = await import('@/lib/vpos/fixtures');
const { FAKE_NKOLAY_CARDS } = await import('@/test/fakes/nkolay');
const portal = await import('./actions');

const db = testDb();
h.db = db;

type M = Awaited<ReturnType<typeof makeVposMerchant>>;
let A: M;
let B: M;
let admin: User;
let unapproved: User;
let fake: Awaited<ReturnType<typeof startVposFake>>;

const as = (u: { id: string; role: string } | null) => {
  h.user = u;
};

async function refused(p: Promise<{ ok: boolean }>): Promise<boolean> {
  try {
    return !(await p).ok;
  } catch {
    return true;
  }
}

beforeAll(async () => {
  fake = await startVposFake();
  A = await makeVposMerchant(db, { use3d: false });
  B = await makeVposMerchant(db, { use3d: false });
  admin = await makeAdmin(db);
  unapproved = await makeMerchant(db);
  vi.spyOn(console, 'error').mockImplementation(() => {});
});
afterAll(async () => {
  vi.mocked(console.error).mockRestore();
  await fake.stop();
});

const definition = <E extends Record<string, unknown>>(extra: E = {} as E) => ({
  company: 'Boğaziçi Ticaret A.Ş.',
  name: 'N Kolay ikinci',
  environment: 'test' as const,
  use3d: false,
  maxInstallments: '3',
  sx: FAKE_NKOLAY_MERCHANT.sx,
  sxList: FAKE_NKOLAY_MERCHANT.sxList,
  sxCancel: FAKE_NKOLAY_MERCHANT.sxCancel,
  secretKey: FAKE_NKOLAY_MERCHANT.merchantSecretKey,
  ...extra,
});

const sale = (definitionId: string, extra: Record<string, unknown> = {}, card: Record<string, unknown> = {}) => ({
  definitionId,
  amount: '1.250,50',
  customerName: 'Ayşe Yılmaz',
  customerEmail: '',
  customerPhone: '05321234567',
  description: '',
  installments: '1',
  card: { number: FAKE_NKOLAY_CARDS.approved, month: '12', year: '2030', cvv: '123', holderName: '', ...card },
  ...extra,
});

const defOf = async (id: string) => (await db.select().from(vposDefinitions).where(eq(vposDefinitions.id, id)))[0];

describe('POS definitions', () => {
  it('adds one (credentials sealed, only their last four shown), tests it, switches it off and on', async () => {
    as(A.merchant);
    const r = await portal.createVposDefinitionAction(definition());
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    const d = await defOf(r.data!.id);
    expect(d).toMatchObject({ userId: A.merchant.id, maxInstallments: 3, use3d: false, enabled: true });
    expect(d.hints.secretKey).toBe(FAKE_NKOLAY_MERCHANT.merchantSecretKey.slice(-4));
    expect(d.secrets).not.toContain(FAKE_NKOLAY_MERCHANT.merchantSecretKey);
    expect(await portal.testVposDefinitionAction({ id: d.id })).toEqual({ ok: true, data: { ok: true, message: 'OK' } });
    expect((await defOf(d.id)).lastTestOk).toBe(true);
    expect(await portal.setVposDefinitionEnabledAction({ id: d.id, enabled: false })).toEqual({ ok: true });
    expect((await defOf(d.id)).enabled).toBe(false);
    // A switched-off POS takes no payment, at once.
    expect(await portal.collectByCardAction(sale(d.id))).toMatchObject({ ok: false, fieldErrors: { definitionId: 'vposDefinitionOff' } });
    expect(await portal.setVposDefinitionEnabledAction({ id: d.id, enabled: true })).toEqual({ ok: true });
  });

  it('an edit with empty credentials keeps them; a wrong key fails the test', async () => {
    as(A.merchant);
    const before = await defOf(A.definitionId);
    const upd = { ...definition({ id: A.definitionId, name: 'Renamed', sx: '', sxList: '', sxCancel: '', secretKey: '' }) };
    expect(await portal.updateVposDefinitionAction(upd)).toEqual({ ok: true });
    const after = await defOf(A.definitionId);
    expect(after.name).toBe('Renamed');
    expect(after.secrets).toBe(before.secrets);
    expect(await portal.updateVposDefinitionAction({ ...upd, secretKey: 'a-wrong-secret-key-123' })).toEqual({ ok: true });
    expect(await portal.testVposDefinitionAction({ id: A.definitionId })).toMatchObject({ ok: true, data: { ok: false } });
    expect(await portal.updateVposDefinitionAction({ ...upd, secretKey: FAKE_NKOLAY_MERCHANT.merchantSecretKey })).toEqual({ ok: true });
    expect(await portal.testVposDefinitionAction({ id: A.definitionId })).toMatchObject({ ok: true, data: { ok: true } });
  });

  it('hands bad input back on its fields', async () => {
    as(A.merchant);
    expect(
      await portal.createVposDefinitionAction(definition({ company: '', maxInstallments: '13', sx: 'short', secretKey: 'has space in it' })),
    ).toMatchObject({
      ok: false,
      fieldErrors: { company: 'required', maxInstallments: 'vposInstallments', sx: 'vposCredentialShort', secretKey: 'vposCredentialChars' },
    });
    expect(await portal.createVposDefinitionAction(definition({ environment: 'staging' }))).toMatchObject({
      ok: false,
      fieldErrors: { environment: 'required' },
    });
  });

  it('another merchant’s definition is not found and unchanged; its platform cannot be pointed at mine', async () => {
    as(B.merchant);
    const before = await defOf(A.definitionId);
    expect(
      await portal.updateVposDefinitionAction(definition({ id: A.definitionId, name: 'stolen', sx: '', sxList: '', sxCancel: '', secretKey: '' })),
    ).toMatchObject({
      ok: false,
      error: 'notFound',
    });
    expect(await portal.setVposDefinitionEnabledAction({ id: A.definitionId, enabled: false })).toMatchObject({ ok: false, error: 'notFound' });
    expect(await portal.testVposDefinitionAction({ id: A.definitionId })).toMatchObject({ ok: false, error: 'notFound' });
    expect(await portal.setVposPlatformDefinitionAction({ platformId: A.platform.id, definitionId: B.definitionId })).toMatchObject({
      ok: false,
      error: 'notFound',
    });
    expect(await portal.setVposPlatformDefinitionAction({ platformId: B.platform.id, definitionId: A.definitionId })).toMatchObject({
      ok: false,
      error: 'notFound',
    });
    const after = await defOf(A.definitionId);
    expect({ name: after.name, enabled: after.enabled, lastTestedAt: after.lastTestedAt }).toEqual({
      name: before.name,
      enabled: before.enabled,
      lastTestedAt: before.lastTestedAt,
    });
    const [dflt] = await db.select().from(vposPlatformDefaults).where(eq(vposPlatformDefaults.platformId, A.platform.id));
    expect(dflt.definitionId).toBe(A.definitionId);
    expect(await portal.setVposPlatformDefinitionAction({ platformId: 'x', definitionId: B.definitionId })).toMatchObject({
      ok: false,
      fieldErrors: { platformId: 'notFound' },
    });
  });

  it('chooses its own platform’s default', async () => {
    as(A.merchant);
    const r = await portal.createVposDefinitionAction(definition({ name: 'Yedek' }));
    if (!r.ok) throw new Error('create');
    expect(await portal.setVposPlatformDefinitionAction({ platformId: A.platform.id, definitionId: r.data!.id })).toEqual({ ok: true });
    const [dflt] = await db.select().from(vposPlatformDefaults).where(eq(vposPlatformDefaults.platformId, A.platform.id));
    expect(dflt.definitionId).toBe(r.data!.id);
    expect(await portal.setVposPlatformDefinitionAction({ platformId: A.platform.id, definitionId: A.definitionId })).toEqual({ ok: true });
  });
});

describe('online collection', () => {
  it('paid: the receipt has the amount in kuruş, the bank’s code and the masked card, never the card', async () => {
    as(A.merchant);
    const r = await portal.collectByCardAction(sale(A.definitionId));
    expect(r.ok).toBe(true);
    if (!r.ok || r.data!.step !== 'paid') throw new Error(JSON.stringify(r));
    expect(r.data).toMatchObject({ amount: '125050', cardMasked: '454671******7894', installments: 1 });
    expect(r.data!.referenceCode).toMatch(/\S/);
    expect(JSON.stringify(r)).not.toContain(FAKE_NKOLAY_CARDS.approved);
    const [p] = await db.select().from(payments).where(eq(payments.id, r.data!.paymentId));
    expect(p).toMatchObject({ state: 'succeeded', currency: 'TRY', amount: 125_050n, source: 'pos' });
  });

  it('declined: the bank’s code and Turkish message', async () => {
    as(A.merchant);
    const r = await portal.collectByCardAction(sale(A.definitionId, {}, { number: FAKE_NKOLAY_CARDS.insufficient }));
    expect(r).toMatchObject({ ok: true, data: { step: 'declined', bankCode: '51' } });
  });

  it('hands bad input back on its fields', async () => {
    as(A.merchant);
    const r = await portal.collectByCardAction(
      sale(A.definitionId, { amount: 'abc', customerName: '', customerPhone: '0912', customerEmail: 'x', installments: '0' }),
    );
    expect(r).toMatchObject({
      ok: false,
      fieldErrors: {
        amount: 'vposAmount',
        customerName: 'required',
        customerPhone: 'vposPhone',
        customerEmail: 'emailInvalid',
        installments: 'vposInstallments',
      },
    });
    // A bad card is refused before anything reaches N Kolay.
    const calls = fake.calls.length;
    // (action() flattens zod's issues to top-level fields, so a nested card field's error does not
    // come back by name: the form's own check of the same schema shows it next to the field.)
    expect(await portal.collectByCardAction(sale(A.definitionId, {}, { number: '4546711234567895' }))).toMatchObject({ ok: false });
    expect(fake.calls.length).toBe(calls);
    expect(await portal.collectByCardAction(sale(A.definitionId, { installments: '12' }))).toMatchObject({
      ok: false,
      fieldErrors: { installments: 'vposInstallments' },
    });
  });

  it('another merchant’s definition is not found and charges nothing', async () => {
    as(B.merchant);
    const calls = fake.calls.length;
    expect(await portal.collectByCardAction(sale(A.definitionId))).toMatchObject({ ok: false, fieldErrors: { definitionId: 'notFound' } });
    expect(fake.calls.length).toBe(calls);
  });
});

describe('cancel and refund', () => {
  it('cancels its own payment on the day; a same-day refund is refused with the reason; another merchant gets not found', async () => {
    as(A.merchant);
    const r = await portal.collectByCardAction(sale(A.definitionId, { amount: '80' }));
    if (!r.ok || r.data!.step !== 'paid') throw new Error('collect');
    const id = r.data!.paymentId;
    expect(await portal.reverseVposPaymentAction({ paymentId: id, kind: 'refund', amount: '10' })).toMatchObject({ ok: false, error: 'vposRefundSameDay' });
    expect(await portal.reverseVposPaymentAction({ paymentId: id, kind: 'refund', amount: '10 lira' })).toMatchObject({
      ok: false,
      fieldErrors: { amount: 'vposAmount' },
    });
    as(B.merchant);
    expect(await portal.reverseVposPaymentAction({ paymentId: id, kind: 'cancel' })).toMatchObject({ ok: false, error: 'notFound' });
    expect((await db.select().from(payments).where(eq(payments.id, id)))[0].refundedAmount).toBe(0n);
    as(A.merchant);
    expect(await portal.reverseVposPaymentAction({ paymentId: id, kind: 'cancel' })).toMatchObject({ ok: true, data: { state: 'succeeded' } });
    expect((await db.select().from(payments).where(eq(payments.id, id)))[0].refundedAmount).toBe(8_000n);
    expect(await portal.reverseVposPaymentAction({ paymentId: id, kind: 'cancel' })).toMatchObject({ ok: false });
    expect(await portal.reverseVposPaymentAction({ paymentId: 'nope', kind: 'cancel' })).toMatchObject({ ok: false, fieldErrors: { paymentId: 'notFound' } });
  });
});

describe('who may ask', () => {
  it('needs a merchant with approved customer information, and a session', async () => {
    as(unapproved);
    expect(await portal.createVposDefinitionAction(definition())).toMatchObject({ ok: false, error: 'kycRequired' });
    expect(await portal.collectByCardAction(sale(A.definitionId))).toMatchObject({ ok: false, error: 'kycRequired' });
    as(null);
    expect(await refused(portal.createVposDefinitionAction(definition()))).toBe(true);
    expect(await refused(portal.reverseVposPaymentAction({ paymentId: crypto.randomUUID(), kind: 'cancel' }))).toBe(true);
    as(admin);
    expect(await refused(portal.collectByCardAction(sale(A.definitionId)))).toBe(true);
  });

  it('a merchant without the virtual POS service cannot add a definition', async () => {
    const { makeMerchantService } = await import('@/test/fixtures');
    const { merchant } = await makeMerchantService(db, 'payment');
    as(merchant);
    expect(await portal.createVposDefinitionAction(definition())).toMatchObject({ ok: false, error: 'vposServiceRequired' });
  });
});
