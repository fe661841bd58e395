/**
 * The split-payment screens' server actions, called as the browser calls them, with a session
 * mocked per test: each re-checks who is asking, refuses another merchant's marketplace, invoice
 * or beneficiary as not found (never its data), and hands bad input back on its fields.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Db } from '@/db';
import type { User } from '@/db/schema';
import { actingAs, refused } from '@/test/actions';

const h = vi.hoisted(() => ({ db: undefined as Db | undefined, user: null as null | { id: string; role: string } }));
vi.mock('next/cache', () => ({ revalidatePath: () => {}, revalidateTag: () => {} }));
vi.mock('@/db', async (orig) => ({ ...(await orig<typeof import('@/db')>()), getDb: () => h.db! }));
vi.mock('@/lib/auth/session', async () => (await import('@/test/actions')).sessionMock(h));

const { testDb, uniqueMobile } = await import('@/test/db');
const { makeAdmin } = await import('@/test/fixtures');
const { invoiceBody, makeBeneficiary, makeInvoice, makeMarketplace, newBill, payInvoice } = await import('@/lib/split/fixtures');
const actions = await import('./actions');

const db = testDb();
h.db = db;

type Market = Awaited<ReturnType<typeof makeMarketplace>>;
let A: Market;
let B: Market;
let seller: Awaited<ReturnType<typeof makeBeneficiary>>;
let admin: User;
let invoiceId: string;

const as = actingAs(h);

beforeAll(async () => {
  [A, B] = [await makeMarketplace(db), await makeMarketplace(db)];
  seller = await makeBeneficiary(db, A);
  admin = await makeAdmin(db);
  const inv = await makeInvoice(db, A, invoiceBody(newBill(), 200_000n, [{ beneficiaryId: seller.beneficiary.id, share: 800_000n }]));
  await payInvoice(db, inv.id);
  invoiceId = inv.id;
  // The guards' refusals are logged as unknown errors by action(); the refusals are the point here.
  vi.spyOn(console, 'error').mockImplementation(() => {});
});

afterAll(() => {
  vi.restoreAllMocks();
});

describe('split actions', () => {
  it("refuse another marketplace's invoice, beneficiary and settings as not found", async () => {
    as(B.merchant);
    expect(await actions.closeSplitInvoiceAction({ invoiceId })).toMatchObject({ ok: false, error: 'notFound' });
    expect(await actions.cancelSplitInvoiceAction({ invoiceId })).toMatchObject({ ok: false, error: 'notFound' });
    expect(await actions.verifySplitInvoiceAction({ invoiceId })).toMatchObject({ ok: false, error: 'notFound' });
    expect(await actions.closeManySplitInvoicesAction({ invoiceIds: [invoiceId] })).toEqual({
      ok: true,
      data: [{ id: invoiceId, ok: false, error: 'notFound' }],
    });
    expect(await actions.removeBeneficiaryAction({ beneficiaryId: seller.beneficiary.id })).toMatchObject({ ok: false, error: 'notFound' });
    expect(await actions.withdrawForSubBusinessAction({ beneficiaryId: seller.beneficiary.id, amount: '1000' })).toMatchObject({
      ok: false,
      error: 'notFound',
    });
    expect(await actions.saveMarketplaceSettingsAction({ platformId: A.platform.id, feePayer: 'pro_rata', rail: 'dargah' })).toMatchObject({
      ok: false,
      error: 'notFound',
    });
    expect(
      await actions.addBeneficiaryAction({ marketplaceId: A.platform.id, kind: 'merchant', mobile: uniqueMobile(), displayName: 'Intruder' }),
    ).toMatchObject({ ok: false, error: 'notFound' });
    // Nor may it change the seller's permission for A.
    expect(await actions.setPermissionAction({ beneficiaryId: seller.beneficiary.id, permission: 'all' })).toMatchObject({ ok: false, error: 'notFound' });
  });

  it('refuse a beneficiary acting as the marketplace, staff, and anyone signed out', async () => {
    as(seller.merchant);
    expect(await actions.closeSplitInvoiceAction({ invoiceId })).toMatchObject({ ok: false, error: 'notFound' });
    as(admin);
    expect(await refused(actions.closeSplitInvoiceAction({ invoiceId }))).toBe(true);
    as(null);
    expect(await refused(actions.closeSplitInvoiceAction({ invoiceId }))).toBe(true);
    expect(await refused(actions.setPermissionAction({ beneficiaryId: seller.beneficiary.id, permission: 'none' }))).toBe(true);
  });

  it('hand bad input back on its field', async () => {
    as(A.merchant);
    const r = await actions.addBeneficiaryAction({
      marketplaceId: A.platform.id,
      kind: 'sub_business',
      mobile: uniqueMobile(),
      displayName: 'Courier',
      nationalId: '1234567890',
      sheba: 'IR000000000000000000000000',
    });
    expect(r).toMatchObject({ ok: false, fieldErrors: { nationalId: 'nationalIdInvalid', sheba: 'shebaInvalid' } });
    as(seller.merchant);
    expect(await actions.setPermissionAction({ beneficiaryId: seller.beneficiary.id, permission: 'products', products: '' })).toMatchObject({
      ok: false,
      fieldErrors: { products: 'productsRequired' },
    });
  });

  it('the marketplace closes its paid invoice once; the second close and the bulk close say it is closed already', async () => {
    as(A.merchant);
    expect(await actions.closeSplitInvoiceAction({ invoiceId })).toEqual({ ok: true });
    expect(await actions.closeSplitInvoiceAction({ invoiceId })).toMatchObject({ ok: false, error: 'alreadyClosed' });
    expect(await actions.closeManySplitInvoicesAction({ invoiceIds: [invoiceId] })).toEqual({
      ok: true,
      data: [{ id: invoiceId, ok: false, error: 'alreadyClosed' }],
    });
    expect(await actions.cancelSplitInvoiceAction({ invoiceId })).toMatchObject({ ok: false, error: 'notCancelable' });
  });
});
