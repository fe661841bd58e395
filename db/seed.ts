import { and, eq } from 'drizzle-orm';
import type { Db } from './index';
import { feeRules, kycProfiles, merchantServices, paymentLinkSettings, platforms, splitBeneficiaries, users, topupStores } from './schema';
import { upsertUser } from '@/lib/auth/accounts';
import { createVposDefinition, listVposDefinitions, setPlatformVposDefinition } from '@/lib/vpos/definitions';
import { vposDefinitionSchema } from '@/lib/vpos/schemas';
import { FAKE_NKOLAY_MERCHANT } from '@/test/fakes/nkolay';
import { seal } from '@/lib/crypto/secretbox';
import { acceptTermsAndRequest, currentTerms } from '@/lib/services';
import { ensureIvrSettings } from '@/lib/ivr';
import { syncCatalogue } from '@/lib/topup';
import { sandboxProvider } from '@/lib/topup/sandbox';
import { addPlatform } from '@/lib/platforms';
import { addPlatformSchema } from '@/lib/validation/platforms';
import { notify } from '@/lib/messages';
import { acceptInvitation, addBeneficiary, createSplitInvoice, setPermission } from '@/lib/split';
import { addBeneficiarySchema, createSplitInvoiceSchema } from '@/lib/split/schemas';
import { randomBytes } from 'node:crypto';
import type { StaffRole } from '@/lib/actor';
import { grantStaffRolesAsSystem } from '@/lib/staff';
import { STAFF_ROLES } from '@/lib/staff/permissions';
import { enrolWithKnownSecret } from '@/lib/auth/two-factor';

/** The demo logins printed by `npm run dev` and used by the README and the e2e tests. */
export const DEMO_USERS = [
  // The demo admin holds every staff role (super admin included); the five below hold one each.
  { role: 'admin', mobile: '09120000001', password: 'dargah-admin-demo', firstName: 'سارا', lastName: 'کارشناس', staffRoles: STAFF_ROLES },
  { role: 'merchant', mobile: '09120000002', password: 'dargah-merchant-demo', firstName: 'علی', lastName: 'رضایی' },
  // A seller on the demo merchant's marketplace (split payments): it sees only its own share.
  { role: 'merchant', mobile: '09120000003', password: 'dargah-seller-demo', firstName: 'مریم', lastName: 'کریمی' },
  { role: 'admin', mobile: '09120000011', password: 'dargah-kyc-demo', firstName: 'نرگس', lastName: 'احراز', staffRoles: ['kyc'] },
  { role: 'admin', mobile: '09120000012', password: 'dargah-ops-demo', firstName: 'حمید', lastName: 'عملیات', staffRoles: ['operations'] },
  { role: 'admin', mobile: '09120000013', password: 'dargah-finance-demo', firstName: 'لیلا', lastName: 'مالی', staffRoles: ['finance'] },
  { role: 'admin', mobile: '09120000014', password: 'dargah-support-demo', firstName: 'رضا', lastName: 'پشتیبان', staffRoles: ['support'] },
  { role: 'admin', mobile: '09120000015', password: 'dargah-auditor-demo', firstName: 'مینا', lastName: 'حسابرس', staffRoles: ['auditor'] },
] as const satisfies readonly {
  role: 'admin' | 'merchant';
  mobile: string;
  password: string;
  firstName: string;
  lastName: string;
  staffRoles?: readonly StaffRole[];
}[];

/** The demo merchant's customer information, already approved, so services can be tried at once. */
const DEMO_KYC = {
  identity: {
    firstName: 'علی',
    lastName: 'رضایی',
    nationalCode: '0084575948',
    birthDate: '1365/06/15',
    province: 'تهران',
    city: 'تهران',
    address: 'تهران، خیابان ولیعصر، پلاک ۱۰',
    postalCode: '1193653471',
  },
  financial: { accountHolder: 'علی رضایی', sheba: 'IR820540102680020817909002', accountNumber: '020817909002' },
};
const SELLER_KYC = {
  identity: { ...DEMO_KYC.identity, firstName: 'مریم', lastName: 'کریمی', nationalCode: '0013542419', birthDate: '1370/02/20' },
  financial: { accountHolder: 'مریم کریمی', sheba: 'IR062960000000100324200001', accountNumber: '0100324200001' },
};

/** Idempotent: creates the demo users (and the merchant's approved profile) that are missing; leaves existing ones alone. */
export async function seed(db: Db) {
  const ids: Record<string, string> = {};
  for (const u of DEMO_USERS) {
    const [found] = await db.select({ id: users.id }).from(users).where(eq(users.mobile, u.mobile));
    const user = found ?? (await upsertUser(db, { role: u.role, mobile: u.mobile, password: u.password, firstName: u.firstName, lastName: u.lastName }));
    ids[u.mobile] = user.id;
    if ('staffRoles' in u) await grantStaffRolesAsSystem(db, user.id, u.staffRoles);
    if (u.mobile === '09120000003') {
      const k = SELLER_KYC;
      await db
        .insert(kycProfiles)
        .values({
          userId: user.id,
          kind: 'natural',
          status: 'approved',
          identity: k.identity,
          financial: k.financial,
          approvedKind: 'natural',
          approvedIdentity: k.identity,
          approvedFinancial: k.financial,
          approvedAt: new Date(),
          submittedAt: new Date(),
        })
        .onConflictDoNothing({ target: kycProfiles.userId });
    } else if (u.role === 'merchant') {
      await db
        .insert(kycProfiles)
        .values({
          userId: user.id,
          kind: 'natural',
          status: 'approved',
          identity: DEMO_KYC.identity,
          financial: DEMO_KYC.financial,
          approvedKind: 'natural',
          approvedIdentity: DEMO_KYC.identity,
          approvedFinancial: DEMO_KYC.financial,
          approvedAt: new Date(),
          submittedAt: new Date(),
        })
        .onConflictDoNothing({ target: kycProfiles.userId });
      // The inbox says what the seed did: the profile is approved (once, by its dedupe key).
      await db.transaction((tx) =>
        notify(tx, { userId: user.id, category: 'kyc', template: 'kycApproved', link: '/customer-info', dedupeKey: 'seed:kyc-approved' }),
      );
      await seedDemoShop(db, user.id);
      await seedDemoPhoneDesk(db, user.id);
      await seedDemoChargeStore(db, user.id);
    }
  }
  // The demo fee of the payment service: 1%, at least 1,000 and at most 50,000 Rials (staff change it in /admin/services).
  await db.insert(feeRules).values({ serviceId: 'payment', percentBasisPoints: 100, fixed: 0n, min: 1_000n, max: 50_000n }).onConflictDoNothing();
  await seedDemoMarketplace(db, ids['09120000002'], ids['09120000003']);
  await seedDemoTurkishCompany(db);
  await seedDemoTwoFactor(db);
}

/**
 * Two-factor sign-in for the demo logins that must have it (staff; merchants with a live
 * platform), with secrets published in the README so anyone can add them to an authenticator app
 * (and the e2e tests can compute the codes). Demo data only.
 */
export const DEMO_TOTP_SECRETS: Record<string, string> = {
  '09120000001': 'DARGAHADMINDEMOTOTPSECRETKEY2345',
  // The demo merchant and the Turkish company own live platforms: as owners they must have it.
  '09120000002': 'DARGAHMERCHANTDEMOTOTPSECRETKEY2',
  '+905320000004': 'DARGAHTURKEYDEMOTOTPSECRETKEY234',
  // The demo staff of each role (kyc, operations, finance, support, auditor) share one published key.
  ...Object.fromEntries(['09120000011', '09120000012', '09120000013', '09120000014', '09120000015'].map((m) => [m, 'DARGAHSTAFFDEMOTOTPSECRETKEY2345'])),
};

async function seedDemoTwoFactor(db: Db) {
  for (const [mobile, secret] of Object.entries(DEMO_TOTP_SECRETS)) {
    const [user] = await db.select({ id: users.id }).from(users).where(eq(users.mobile, mobile));
    if (user) await enrolWithKnownSecret(db, user.id, secret);
  }
}

/** The demo Turkish company (virtual POS): signs in with its e-mail or Turkish mobile, in Turkish. */
export const DEMO_TURKISH_COMPANY = {
  email: 'demo@anadolu.example',
  mobile: '+905320000004',
  password: 'dargah-turkey-demo',
  firstName: 'Ayşe',
  lastName: 'Yılmaz',
} as const;

/**
 * The demo Turkish company «Anadolu Ticaret A.Ş.»: customer information approved as a Turkish company,
 * the virtual POS service, an approved lira platform, and a test-environment POS definition with the
 * fake N Kolay's credentials (npm run dev starts the fake), so checkout, online collection, cancel,
 * refund and reconciliation can be tried at once.
 */
async function seedDemoTurkishCompany(db: Db) {
  const c = DEMO_TURKISH_COMPANY;
  const [found] = await db.select({ id: users.id }).from(users).where(eq(users.mobile, c.mobile));
  const user = found ?? (await upsertUser(db, { mobile: c.mobile, firstName: c.firstName, lastName: c.lastName, password: c.password, role: 'merchant' }));
  await db.update(users).set({ email: c.email, locale: 'tr' }).where(eq(users.id, user.id));
  const identity = {
    tradeName: 'Anadolu Ticaret A.Ş.',
    taxOffice: 'Kadıköy',
    vkn: '1234567890',
    mersis: '',
    il: 'İstanbul',
    ilce: 'Kadıköy',
    streetAddress: 'Caferağa Mah. Moda Cad. No: 12',
    postcode: '34710',
    authorisedName: 'Ayşe Yılmaz',
    authorisedTckn: '10000000146',
  };
  const financial = { iban: 'TR330006100519786457841326' };
  await db
    .insert(kycProfiles)
    .values({
      userId: user.id,
      kind: 'turkish_company',
      status: 'approved',
      identity,
      financial,
      approvedKind: 'turkish_company',
      approvedIdentity: identity,
      approvedFinancial: financial,
      approvedAt: new Date(),
      submittedAt: new Date(),
    } as typeof kycProfiles.$inferInsert)
    .onConflictDoNothing({ target: kycProfiles.userId });
  const platformId = await demoPlatform(db, user.id, 'vpos', {
    type: 'website',
    name: 'Anadolu Shop',
    address: 'https://anadolu.example',
    expectedMonthlyVolume: '1000000',
    callbackUrls: 'https://anadolu.example/return',
  });
  if (!platformId) return;
  const actor = { kind: 'merchant', userId: user.id, merchantId: user.id, role: 'owner', via: { ip: '127.0.0.1', userAgent: 'seed' } } as const;
  if ((await listVposDefinitions(db, actor)).length) return;
  const d = await createVposDefinition(
    db,
    actor,
    vposDefinitionSchema.parse({
      company: 'Anadolu Ticaret A.Ş.',
      name: 'N Kolay test',
      environment: 'test',
      sx: FAKE_NKOLAY_MERCHANT.sx,
      sxList: FAKE_NKOLAY_MERCHANT.sxList,
      sxCancel: FAKE_NKOLAY_MERCHANT.sxCancel,
      secretKey: FAKE_NKOLAY_MERCHANT.merchantSecretKey,
      use3d: true,
      maxInstallments: 6,
    }),
  );
  if (d.ok) await setPlatformVposDefinition(db, actor, platformId, d.data.id);
}

/**
 * The demo merchant's marketplace (split payments) with the demo seller as its beneficiary, who
 * accepted and gave dealer permission for all its products, and one open invoice to pay at
 * /pay/invoice/<id> (listed at /split): 1 300 000 Rials = the marketplace's 800 000 + the seller's 500 000.
 */
async function seedDemoMarketplace(db: Db, merchantId: string, sellerId: string) {
  const platformId = await demoPlatform(db, merchantId, 'split', {
    type: 'website',
    name: 'بازارگاه نمونه',
    address: 'https://bazaar.example.ir',
    expectedMonthlyVolume: '800000000',
    callbackUrls: ['https://bazaar.example.ir/order/return'],
  });
  if (!platformId) return;
  const [already] = await db.select({ id: splitBeneficiaries.id }).from(splitBeneficiaries).where(eq(splitBeneficiaries.marketplaceId, platformId));
  if (already) return;
  const owner = { kind: 'merchant', userId: merchantId, merchantId, role: 'owner', via: { ip: '127.0.0.1', userAgent: 'seed' } } as const;
  const seller = { ...owner, userId: sellerId, merchantId: sellerId };
  const added = await addBeneficiary(
    db,
    owner,
    addBeneficiarySchema.parse({ marketplaceId: platformId, kind: 'merchant', mobile: '09120000003', displayName: 'مریم کریمی' }),
  );
  if (!added.ok) return;
  await acceptInvitation(db, seller, { beneficiaryId: added.data.id });
  await setPermission(db, seller, { beneficiaryId: added.data.id, permission: 'all', products: [] });
  await createSplitInvoice(
    db,
    owner,
    platformId,
    createSplitInvoiceSchema.parse({
      billNumber: 'DEMO-1001',
      mainInvoice: { items: [{ description: 'کارمزد بازارگاه', quantity: 1, unitPrice: '800000' }] },
      subInvoices: [{ beneficiaryId: added.data.id, items: [{ description: 'کیف چرمی', quantity: 1, unitPrice: '500000' }] }],
      customerInvoiceItems: [
        { description: 'کیف چرمی', quantity: 1, unitPrice: '1200000' },
        { description: 'ارسال', quantity: 1, unitPrice: '100000' },
      ],
      payerName: 'مریم احمدی',
      expiresInMinutes: 43_200,
    }),
  );
}

/**
 * The demo merchant's approved platform of a service, made once (terms accepted, platform added and
 * approved as staff would): its id, or null when the catalogue lacks the service's terms.
 */
async function demoPlatform(db: Db, userId: string, serviceId: string, platform: Record<string, unknown>): Promise<string | null> {
  const [existing] = await db
    .select({ id: platforms.id })
    .from(platforms)
    .innerJoin(merchantServices, eq(merchantServices.id, platforms.merchantServiceId))
    .where(and(eq(platforms.userId, userId), eq(merchantServices.serviceId, serviceId)));
  if (existing) return existing.id;
  const terms = await currentTerms(db, serviceId);
  if (!terms) return null;
  const actor = { kind: 'merchant', userId, merchantId: userId, role: 'owner', via: { ip: '127.0.0.1', userAgent: 'seed' } } as const;
  const r = await acceptTermsAndRequest(db, actor, { serviceId, termsVersion: terms.version });
  if (!r.ok) return null;
  const p = await addPlatform(db, actor, addPlatformSchema.parse({ merchantServiceId: r.data.merchantServiceId, ...platform }));
  if (!p.ok) return null;
  await db.update(platforms).set({ status: 'approved', decidedAt: new Date() }).where(eq(platforms.id, p.data.platform.id));
  return p.data.platform.id;
}

/** The demo merchant's approved shop with its payment link at /pay/demo-shop (sandbox bank, Toman, slips accepted). */
async function seedDemoShop(db: Db, userId: string) {
  const platformId = await demoPlatform(db, userId, 'payment', {
    type: 'website',
    name: 'فروشگاه نمونه',
    address: 'https://shop.example.ir',
    expectedMonthlyVolume: '500000000',
    callbackUrls: ['https://shop.example.ir/payment/return'],
  });
  if (!platformId) return;
  await db
    .insert(paymentLinkSettings)
    .values({
      platformId,
      handle: 'demo-shop',
      title: 'فروشگاه نمونه',
      displayUnit: 'toman',
      gateways: ['sandbox'],
      minAmount: 10_000n,
      maxAmount: 500_000_000n,
      acceptSlips: true,
      signingKeyEncrypted: seal(randomBytes(32).toString('base64url')),
    })
    .onConflictDoNothing();
}

/**
 * The demo merchant's approved phone-sales desk (IVR service) on the sandbox bank's IVR: agents
 * make invoices at /ivr and callers pay them on the phone simulator, /sandbox/phone, by dialing
 * 02191071390.
 */
async function seedDemoPhoneDesk(db: Db, userId: string) {
  const platformId = await demoPlatform(db, userId, 'ivr', { type: 'ivr', name: 'میز فروش تلفنی', address: '02191071390', expectedMonthlyVolume: '200000000' });
  if (platformId) await ensureIvrSettings(db, platformId);
}

/**
 * The demo merchant's approved charge app with its hosted store, /topup/demo-charge, selling the
 * sandbox provider's catalogue (synced here, then hourly by the worker) with the sandbox bank.
 */
async function seedDemoChargeStore(db: Db, userId: string) {
  await syncCatalogue(db, sandboxProvider());
  const platformId = await demoPlatform(db, userId, 'charge', {
    type: 'app',
    name: 'شارژ نمونه',
    address: 'ir.example.charge',
    expectedMonthlyVolume: '300000000',
  });
  if (!platformId) return;
  await db.insert(topupStores).values({ platformId, handle: 'demo-charge', title: 'شارژ نمونه', supportPhone: '02191071390' }).onConflictDoNothing();
}
