import { eq } from 'drizzle-orm';
import type { Db } from '@/db';
import { payments, platforms, users } from '@/db/schema';
import { sandboxPay } from '@/lib/gateways/sandbox';
import { handleCallback, startPayment } from '@/lib/payments';
import { addPlatform } from '@/lib/platforms';
import { addPlatformSchema } from '@/lib/validation/platforms';
import { makeMerchant, makeMerchantService, merchantActorOf } from '@/test/fixtures';
import { acceptInvitation, addBeneficiary, createSplitInvoice, myMarketplaces, paymentForSplitInvoice, saveMarketplaceSettings, setPermission } from '.';
import { addBeneficiarySchema, createSplitInvoiceSchema } from './schemas';
import { SANDBOX_CARD } from '@/lib/gateways/sandbox-cards';

/** A merchant with an approved marketplace (a platform of the split service), with the fee payer asked for. */
export async function makeMarketplace(db: Db, opts: { feePayer?: 'marketplace' | 'pro_rata'; approved?: boolean } = {}) {
  const { merchant, merchantServiceId } = await makeMerchantService(db, 'split');
  const actor = merchantActorOf(merchant);
  const p = await addPlatform(
    db,
    actor,
    addPlatformSchema.parse({
      type: 'website',
      name: 'Bazaar',
      address: 'https://bazaar.example',
      expectedMonthlyVolume: '1000000',
      merchantServiceId,
      callbackUrls: 'https://bazaar.example/return',
    }),
  );
  if (!p.ok) throw new Error(p.error);
  if (opts.approved !== false) await db.update(platforms).set({ status: 'approved' }).where(eq(platforms.id, p.data.platform.id));
  const s = await saveMarketplaceSettings(db, actor, {
    platformId: p.data.platform.id,
    feePayer: opts.feePayer ?? 'marketplace',
    rail: 'dargah',
    podGuildCode: null,
  });
  if (!s.ok) throw new Error('settings');
  const [platform] = await db.select().from(platforms).where(eq(platforms.id, p.data.platform.id));
  return { merchant, actor, platform, apiKey: p.data.sandboxKey };
}

/** Another KYC-approved merchant, invited by the marketplace, who accepts and grants permission for all its products. */
export async function makeBeneficiary(db: Db, m: Awaited<ReturnType<typeof makeMarketplace>>, name = 'Seller') {
  const merchant = await makeMerchant(db, { kycApproved: true });
  const actor = merchantActorOf(merchant);
  const [u] = await db.select({ mobile: users.mobile }).from(users).where(eq(users.id, merchant.id));
  const added = await addBeneficiary(
    db,
    m.actor,
    addBeneficiarySchema.parse({ marketplaceId: m.platform.id, kind: 'merchant', mobile: u.mobile, displayName: name }),
  );
  if (!added.ok) throw new Error(JSON.stringify(added));
  const accepted = await acceptInvitation(db, actor, { beneficiaryId: added.data.id });
  if (!accepted.ok) throw new Error(accepted.error);
  const granted = await setPermission(db, actor, { beneficiaryId: added.data.id, permission: 'all', products: [] });
  if (!granted.ok) throw new Error('permission');
  const [mine] = await myMarketplaces(db, actor);
  return { merchant, actor, beneficiary: granted.data, platformId: mine.beneficiary.platformId! };
}

/** An item line of `rials` (quantity 1). */
export const line = (rials: number | bigint, description = 'item', productId?: string) => ({
  description,
  quantity: 1,
  unitPrice: String(rials),
  ...(productId ? { productId } : {}),
});

/** The body of an invoice: the marketplace keeps `main`, each beneficiary gets its share; the buyer pays the sum. */
export function invoiceBody(
  billNumber: string,
  main: bigint,
  subs: { beneficiaryId: string; share: bigint; productId?: string }[],
  over: Record<string, unknown> = {},
) {
  const total = main + subs.reduce((a, s) => a + s.share, 0n);
  return {
    billNumber,
    mainInvoice: { items: main > 0n ? [line(main, 'commission')] : [] },
    subInvoices: subs.map((s) => ({ beneficiaryId: s.beneficiaryId, items: [line(s.share, 'goods', s.productId)] })),
    customerInvoiceItems: [line(total, 'order')],
    ...over,
  };
}

let bill = 0;
export const newBill = () => `B-${process.pid}-${Date.now()}-${++bill}`;

/** Makes an invoice through the lib, as the marketplace's owner. */
export async function makeInvoice(db: Db, m: Awaited<ReturnType<typeof makeMarketplace>>, body: Record<string, unknown>) {
  const r = await createSplitInvoice(db, m.actor, m.platform.id, createSplitInvoiceSchema.parse(body));
  if (!r.ok) throw new Error(JSON.stringify(r));
  return r.data;
}

/** The payer pays the invoice on the sandbox bank with a card that pays; returns the callback's parameters (to replay). */
export async function payInvoice(db: Db, invoiceId: string, card: string = SANDBOX_CARD.success) {
  const pay = await paymentForSplitInvoice(db, invoiceId);
  if (!pay.ok) throw new Error(pay.error);
  const started = await startPayment(db, pay.data.paymentId, 'sandbox', 'http://dargah.test');
  if (!started.ok) throw new Error(started.error);
  const [p] = await db.select().from(payments).where(eq(payments.id, pay.data.paymentId));
  const r = await sandboxPay(db, { token: p.gatewayToken!, card });
  if (!r.ok) throw new Error(r.error);
  const params = Object.fromEntries(new URL(r.data.callbackUrl).searchParams);
  await handleCallback(db, 'sandbox', params);
  const [after] = await db.select().from(payments).where(eq(payments.id, p.id));
  return { payment: after, params };
}
