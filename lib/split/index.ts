import { randomBytes } from 'node:crypto';
import { and, asc, desc, eq, gte, inArray, lt, lte, or, sql, type SQL } from 'drizzle-orm';
import type { Db, DbOrTx, Tx } from '@/db';
import { violates } from '@/db/errors';
import {
  bankAccounts,
  merchantServices,
  payments,
  platforms,
  splitBeneficiaries,
  splitInvoices,
  splitMarketplaces,
  splitParts,
  users,
  type Payment,
  type Payout,
  type Platform,
  type SplitBeneficiary,
  type SplitInvoice,
  type SplitItem,
  type SplitMarketplace,
  type SplitPart,
} from '@/db/schema';
import { ownedBy, type ApiActor, type MerchantActor, type StaffActor } from '@/lib/actor';
import { callbackAllowed } from '@/lib/api/payments';
import { audit } from '@/lib/audit';
import { hashPassword } from '@/lib/auth/password';
import { TEHRAN_OFFSET_MS } from '@/lib/date/tehran';
import { getKycProfile, isKycApproved } from '@/lib/kyc';
import { computeFee } from '@/lib/ledger';
import { createPayment } from '@/lib/payments';
import { requestPayout } from '@/lib/payouts';
import { feeRuleForPlatform } from '@/lib/payments/fees';
import { err, fieldErr, ok, type Result } from '@/lib/result';
import { enqueueSms, recordSms } from '@/lib/sms';
import { smsText } from '@/lib/sms/texts';
import { isUuid } from '@/lib/validation/ids';
import { enqueueDeliveries, recordEvent } from '@/lib/webhooks/events';
import { splitInvoiceEventData } from './ledger';
import type {
  AddBeneficiaryInput,
  CreateSplitInvoiceInput,
  MarketplaceSettingsInput,
  SetPermissionInput,
  SplitInvoiceFilters,
  SplitItemInput,
} from './schemas';
import { lineTotal, itemsTotal } from './schemas';
import { actOnPod, mirrorOnPod, type PodRefusal } from './pod';
import { foundMerchant } from '@/lib/teams';
import { feeShares } from './shares';

export type { SplitBeneficiary, SplitInvoice, SplitPart, SplitMarketplace, SplitItem } from '@/db/schema';
export { splitInvoiceEventData } from './ledger';

/**
 * Split payments for marketplaces: beneficiaries and their dealer permission, split invoices
 * (made, paid, verified, closed, canceled), and what each party sees. The money is in
 * `lib/split/ledger.ts`; the rule the amounts obey is in `lib/split/schemas.ts`.
 *
 * Who sees what: the marketplace (its owner, or an API key of the marketplace platform) everything
 * of its invoices; a beneficiary only its own parts (its items, its share, the state, the
 * marketplace's name); staff everything. Ownership is part of every query.
 */

type Owner = MerchantActor | ApiActor;

/** POD's error numbers where its meaning applies, so an integrator moving from POD recognises them. */
export const POD_CODES = { notYours: 4, alreadyClosed: 45, notPaid: 55, awaitingVerification: 58 } as const;

// ————————————————————————————————————————————————— marketplaces

/** The actor's platform of the split service (an API key: its own platform only), or null. */
export async function marketplaceOf(db: DbOrTx, actor: Owner | StaffActor, platformId: string): Promise<Platform | null> {
  if (!isUuid(platformId)) return null;
  if (actor.kind === 'api' && actor.platformId !== platformId) return null;
  const [row] = await db
    .select({ platform: platforms })
    .from(platforms)
    .innerJoin(merchantServices, eq(merchantServices.id, platforms.merchantServiceId))
    .where(
      and(
        eq(platforms.id, platformId),
        eq(merchantServices.serviceId, 'split'),
        ownedBy(actor, platforms.userId),
        // A beneficiary's receiving platform (its balance from another marketplace) is not a marketplace.
        sql`not exists (select 1 from ${splitBeneficiaries} b where b.platform_id = ${platforms.id})`,
      ),
    );
  return row?.platform ?? null;
}

/**
 * The actor's marketplaces: its platforms of the split service, except the receiving platforms a
 * beneficiary was given by other marketplaces (those have a beneficiary row pointing at them).
 */
export async function listMarketplaces(db: DbOrTx, actor: MerchantActor | StaffActor): Promise<Platform[]> {
  const rows = await db
    .select({ platform: platforms })
    .from(platforms)
    .innerJoin(merchantServices, eq(merchantServices.id, platforms.merchantServiceId))
    .where(
      and(
        eq(merchantServices.serviceId, 'split'),
        ownedBy(actor, platforms.userId),
        sql`not exists (select 1 from ${splitBeneficiaries} b where b.platform_id = ${platforms.id})`,
      ),
    )
    .orderBy(asc(platforms.createdAt));
  return rows.map((r) => r.platform);
}

/** A marketplace's settings, made with their defaults on first use. */
export async function marketplaceSettings(db: DbOrTx, platformId: string): Promise<SplitMarketplace> {
  const [found] = await db.select().from(splitMarketplaces).where(eq(splitMarketplaces.platformId, platformId));
  if (found) return found;
  await db.insert(splitMarketplaces).values({ platformId }).onConflictDoNothing();
  const [made] = await db.select().from(splitMarketplaces).where(eq(splitMarketplaces.platformId, platformId));
  return made;
}

export async function saveMarketplaceSettings(db: Db, actor: MerchantActor, input: MarketplaceSettingsInput): Promise<Result<SplitMarketplace>> {
  const platform = await marketplaceOf(db, actor, input.platformId);
  if (!platform) return err('notFound');
  if (input.rail === 'pod' && !input.podGuildCode) return fieldErr({ podGuildCode: 'podGuildCodeRequired' });
  return db.transaction(async (tx) => {
    const before = await marketplaceSettings(tx, platform.id);
    const [saved] = await tx
      .update(splitMarketplaces)
      .set({ feePayer: input.feePayer, rail: input.rail, podGuildCode: input.podGuildCode, updatedAt: new Date() })
      .where(eq(splitMarketplaces.platformId, platform.id))
      .returning();
    await audit(tx, actor, {
      action: 'update',
      objectType: 'split_marketplace',
      objectId: platform.id,
      before: { feePayer: before.feePayer, rail: before.rail },
      after: { feePayer: saved.feePayer, rail: saved.rail },
    });
    return ok(saved);
  });
}

// ————————————————————————————————————————————————— beneficiaries

/** The split service of a user, made active on first use (a beneficiary receives without asking for the service). */
async function splitServiceOf(tx: DbOrTx, userId: string): Promise<string> {
  await tx.insert(merchantServices).values({ userId, serviceId: 'split', status: 'active' }).onConflictDoNothing();
  const [ms] = await tx
    .select({ id: merchantServices.id })
    .from(merchantServices)
    .where(and(eq(merchantServices.userId, userId), eq(merchantServices.serviceId, 'split')));
  return ms.id;
}

/** The platform a beneficiary's shares from one marketplace land on: its balance from that marketplace. */
async function receivingPlatform(tx: Tx, userId: string, marketplace: Platform): Promise<string> {
  const [p] = await tx
    .insert(platforms)
    .values({
      userId,
      merchantServiceId: await splitServiceOf(tx, userId),
      type: 'shop',
      name: marketplace.name.slice(0, 120),
      address: marketplace.address,
      expectedMonthlyVolume: 0n,
      status: 'approved',
      decidedAt: new Date(),
    })
    .returning({ id: platforms.id });
  return p.id;
}

export type AddBeneficiaryError = 'notFound' | 'selfBeneficiary' | 'alreadyBeneficiary';

/**
 * The marketplace adds a beneficiary. An invited merchant gets an SMS whether or not the number has
 * an account, and the marketplace sees "invited" either way; the owner of the number accepts from
 * its own portal once its customer information is approved. A sub-business gets a restricted
 * account of its own at once (unless the number already has one: then it is invited like any
 * merchant), its sheba waits for staff, and it grants the marketplace dealer permission for all
 * its products, which it may revoke once it signs in.
 */
export async function addBeneficiary(
  db: Db,
  actor: MerchantActor,
  input: AddBeneficiaryInput,
  retried = false,
): Promise<Result<SplitBeneficiary, AddBeneficiaryError>> {
  const marketplace = await marketplaceOf(db, actor, input.marketplaceId);
  if (!marketplace) return err('notFound');
  const [me] = await db.select({ mobile: users.mobile }).from(users).where(eq(users.id, actor.merchantId));
  if (me?.mobile === input.mobile) return fieldErr({ mobile: 'selfBeneficiary' });
  let smsId: string | null = null;
  try {
    const row = await db.transaction(async (tx) => {
      const [existing] = await tx.select({ id: users.id }).from(users).where(eq(users.mobile, input.mobile));
      const sub = input.kind === 'sub_business' && !existing;
      let userId: string | null = null;
      let platformId: string | null = null;
      if (sub) {
        const [made] = await tx
          .insert(users)
          .values({
            mobile: input.mobile,
            firstName: input.displayName.slice(0, 100),
            lastName: '',
            // No password anyone knows: the owner signs in by resetting it with a code sent to the mobile.
            passwordHash: await hashPassword(randomBytes(24).toString('base64url')),
          })
          .returning({ id: users.id });
        userId = made.id;
        // A business of its own (lib/teams), as every sign-up has, with the new account its owner.
        await foundMerchant(tx, userId);
        platformId = await receivingPlatform(tx, userId, marketplace);
        await tx.insert(bankAccounts).values({ merchantId: userId, platformId, sheba: input.sheba, holderName: input.displayName, source: 'merchant' });
      }
      const [b] = await tx
        .insert(splitBeneficiaries)
        .values({
          marketplaceId: marketplace.id,
          kind: input.kind,
          mobile: input.mobile,
          userId,
          platformId,
          displayName: input.displayName,
          nationalId: input.kind === 'sub_business' ? input.nationalId : null,
          guildCode: input.guildCode,
          podBusinessId: input.podBusinessId,
          state: sub ? 'active' : 'invited',
          permission: sub ? 'all' : 'none',
          permissionChangedAt: sub ? new Date() : null,
        })
        .returning();
      smsId = await recordSms(tx, {
        mobile: input.mobile,
        body: smsText(sub ? 'splitSubBusiness' : 'splitInvite', { name: marketplace.name }),
      });
      await audit(tx, actor, { action: 'create', objectType: 'split_beneficiary', objectId: b.id, after: { kind: b.kind, state: b.state } });
      return b;
    });
    if (smsId) await enqueueSms(smsId);
    return ok(row);
  } catch (e) {
    if (violates(e, 'split_beneficiaries_mobile_key')) return fieldErr({ mobile: 'alreadyBeneficiary' });
    // Two marketplaces registered the same new mobile at once: it has an account now, so this one is an invitation.
    if (violates(e, 'users_mobile_key') && input.kind === 'sub_business' && !retried) return addBeneficiary(db, actor, input, true);
    throw e;
  }
}

export type BeneficiaryRow = SplitBeneficiary & { pending: bigint; withdrawable: bigint };

/** A marketplace's beneficiaries with the state of their permission (never their balances: those are theirs). */
export async function listBeneficiaries(db: DbOrTx, actor: Owner | StaffActor, marketplaceId: string): Promise<SplitBeneficiary[] | null> {
  const marketplace = await marketplaceOf(db, actor, marketplaceId);
  if (!marketplace) return null;
  return db.select().from(splitBeneficiaries).where(eq(splitBeneficiaries.marketplaceId, marketplace.id)).orderBy(desc(splitBeneficiaries.createdAt));
}

/** The marketplace removes a beneficiary: it can no longer be invoiced for; what it was paid stays its own. */
export async function removeBeneficiary(db: Db, actor: MerchantActor, input: { beneficiaryId: string }): Promise<Result<SplitBeneficiary>> {
  if (!isUuid(input.beneficiaryId)) return err('notFound');
  return db.transaction(async (tx) => {
    const [b] = await tx
      .select({ b: splitBeneficiaries })
      .from(splitBeneficiaries)
      .innerJoin(platforms, eq(platforms.id, splitBeneficiaries.marketplaceId))
      .where(and(eq(splitBeneficiaries.id, input.beneficiaryId), eq(platforms.userId, actor.merchantId)));
    if (!b) return err('notFound');
    const [moved] = await tx
      .update(splitBeneficiaries)
      .set({ state: 'removed' })
      .where(and(eq(splitBeneficiaries.id, b.b.id), inArray(splitBeneficiaries.state, ['invited', 'active', 'declined'])))
      .returning();
    if (!moved) return err('notFound');
    await audit(tx, actor, { action: 'remove', objectType: 'split_beneficiary', objectId: moved.id, before: { state: b.b.state } });
    return ok(moved);
  });
}

export type MyMarketplace = {
  beneficiary: SplitBeneficiary;
  marketplaceName: string;
  pending: bigint;
  withdrawable: bigint;
};

/**
 * The marketplaces a merchant sells through, and the invitations waiting for it (by its mobile):
 * each with its permission and its balance from that marketplace.
 */
export async function myMarketplaces(db: DbOrTx, actor: MerchantActor): Promise<MyMarketplace[]> {
  const [me] = await db.select({ mobile: users.mobile }).from(users).where(eq(users.id, actor.merchantId));
  if (!me) return [];
  const rows = await db
    .select({
      beneficiary: splitBeneficiaries,
      marketplaceName: platforms.name,
      pending: sql<string>`coalesce((select a.balance from ledger_accounts a where a.platform_id = ${splitBeneficiaries.platformId} and a.kind = 'platform_pending' and a.currency = 'IRR'), 0)`,
      withdrawable: sql<string>`coalesce((select a.balance from ledger_accounts a where a.platform_id = ${splitBeneficiaries.platformId} and a.kind = 'platform_withdrawable' and a.currency = 'IRR'), 0)`,
    })
    .from(splitBeneficiaries)
    .innerJoin(platforms, eq(platforms.id, splitBeneficiaries.marketplaceId))
    .where(
      or(
        eq(splitBeneficiaries.userId, actor.merchantId),
        and(sql`${splitBeneficiaries.userId} is null`, eq(splitBeneficiaries.mobile, me.mobile), eq(splitBeneficiaries.state, 'invited')),
      ),
    )
    .orderBy(desc(splitBeneficiaries.createdAt));
  return rows.map((r) => ({ ...r, pending: BigInt(r.pending), withdrawable: BigInt(r.withdrawable) }));
}

/** A beneficiary row that is the actor's (linked to it, or an invitation to its mobile), locked. */
async function ownBeneficiary(tx: Tx, actor: MerchantActor, beneficiaryId: string): Promise<SplitBeneficiary | null> {
  if (!isUuid(beneficiaryId)) return null;
  const [me] = await tx.select({ mobile: users.mobile }).from(users).where(eq(users.id, actor.merchantId));
  if (!me) return null;
  const [b] = await tx
    .select()
    .from(splitBeneficiaries)
    .where(
      and(
        eq(splitBeneficiaries.id, beneficiaryId),
        or(eq(splitBeneficiaries.userId, actor.merchantId), and(sql`${splitBeneficiaries.userId} is null`, eq(splitBeneficiaries.mobile, me.mobile))),
      ),
    )
    .for('update');
  return b ?? null;
}

/**
 * The invited merchant accepts (once its customer information is approved): its receiving platform
 * for this marketplace is made, and it may then grant dealer permission.
 */
export async function acceptInvitation(
  db: Db,
  actor: MerchantActor,
  input: { beneficiaryId: string },
): Promise<Result<SplitBeneficiary, 'notFound' | 'kycNotApproved'>> {
  if (!isKycApproved(await getKycProfile(db, actor.merchantId))) return err('kycNotApproved');
  return db.transaction(async (tx) => {
    const b = await ownBeneficiary(tx, actor, input.beneficiaryId);
    if (!b || b.state !== 'invited') return err('notFound');
    const [marketplace] = await tx.select().from(platforms).where(eq(platforms.id, b.marketplaceId));
    const platformId = await receivingPlatform(tx, actor.merchantId, marketplace);
    const [moved] = await tx
      .update(splitBeneficiaries)
      .set({ state: 'active', userId: actor.merchantId, platformId })
      .where(and(eq(splitBeneficiaries.id, b.id), eq(splitBeneficiaries.state, 'invited')))
      .returning();
    await audit(tx, actor, { action: 'accept', objectType: 'split_beneficiary', objectId: b.id, before: { state: 'invited' }, after: { state: 'active' } });
    return ok(moved);
  });
}

export async function declineInvitation(db: Db, actor: MerchantActor, input: { beneficiaryId: string }): Promise<Result<SplitBeneficiary>> {
  return db.transaction(async (tx) => {
    const b = await ownBeneficiary(tx, actor, input.beneficiaryId);
    if (!b || b.state !== 'invited') return err('notFound');
    const [moved] = await tx.update(splitBeneficiaries).set({ state: 'declined' }).where(eq(splitBeneficiaries.id, b.id)).returning();
    await audit(tx, actor, { action: 'decline', objectType: 'split_beneficiary', objectId: b.id, before: { state: 'invited' }, after: { state: 'declined' } });
    return ok(moved);
  });
}

/** The beneficiary grants, narrows or revokes the marketplace's dealer permission; it holds from the next invoice. */
export async function setPermission(db: Db, actor: MerchantActor, input: SetPermissionInput): Promise<Result<SplitBeneficiary>> {
  return db.transaction(async (tx) => {
    const b = await ownBeneficiary(tx, actor, input.beneficiaryId);
    if (!b || b.state !== 'active' || b.userId !== actor.merchantId) return err('notFound');
    const [moved] = await tx
      .update(splitBeneficiaries)
      .set({ permission: input.permission, products: input.permission === 'products' ? input.products : [], permissionChangedAt: new Date() })
      .where(eq(splitBeneficiaries.id, b.id))
      .returning();
    await audit(tx, actor, {
      action: 'permission',
      objectType: 'split_beneficiary',
      objectId: b.id,
      before: { permission: b.permission, products: b.products },
      after: { permission: moved.permission, products: moved.products },
    });
    return ok(moved);
  });
}

/** Whether a beneficiary's permission covers a sub-invoice's items (every line names a product it allows). */
export function permissionCovers(b: Pick<SplitBeneficiary, 'state' | 'permission' | 'products'>, items: Pick<SplitItemInput, 'productId'>[]): boolean {
  if (b.state !== 'active') return false;
  if (b.permission === 'all') return true;
  if (b.permission === 'none') return false;
  return items.every((it) => it.productId !== null && b.products.includes(it.productId));
}

// ————————————————————————————————————————————————— invoices

const stored = (items: SplitItemInput[]): SplitItem[] =>
  items.map((it) => ({
    description: it.description,
    productId: it.productId,
    quantity: it.quantity,
    unitPrice: it.unitPrice.toString(),
    discount: it.discount.toString(),
  }));

export type SplitInvoiceError =
  'notFound' | 'platformInactive' | 'duplicateBill' | 'permissionDenied' | 'mainShareBelowFee' | 'callbackNotAllowed' | 'railUnavailable' | 'railRefused';

/** An invoice with its parts, each with the beneficiary's name (for the marketplace and staff). */
export type SplitInvoiceView = {
  invoice: SplitInvoice;
  parts: (SplitPart & { beneficiaryName: string | null })[];
  payment: Pick<Payment, 'id' | 'state' | 'trackingCode' | 'gatewayRef' | 'cardMasked' | 'completedAt'> | null;
  marketplaceName: string;
  state: SplitInvoice['state'];
};

/** What the state is now: an open invoice past its expiry is expired, whether or not a sweep has marked it. */
export const effectiveState = (inv: Pick<SplitInvoice, 'state' | 'expiresAt'>, now = new Date()): SplitInvoice['state'] =>
  inv.state === 'open' && inv.expiresAt.getTime() <= now.getTime() ? 'expired' : inv.state;

/**
 * A split invoice of a marketplace. The amounts obey the schema's rule already; here: the
 * marketplace is the caller's and active, the bill number is new (else `duplicateBill` with the
 * existing invoice), every beneficiary is the marketplace's, active, and has given permission for
 * these items (POD's 4 otherwise), and the marketplace's share carries the fee when it pays it.
 */
export async function createSplitInvoice(
  db: Db,
  actor: Owner,
  marketplaceId: string,
  input: CreateSplitInvoiceInput,
): Promise<Result<SplitInvoice, SplitInvoiceError>> {
  const marketplace = await marketplaceOf(db, actor, marketplaceId);
  if (!marketplace) return err('notFound');
  const livemode = actor.kind === 'api' ? actor.livemode : marketplace.status === 'approved';
  if (livemode && marketplace.status !== 'approved') return err('platformInactive');
  if (input.callbackUrl && !callbackAllowed(input.callbackUrl, marketplace.callbackUrls)) return fieldErr({ callbackUrl: 'callbackNotAllowed' });
  const settings = await marketplaceSettings(db, marketplace.id);
  const [dup] = await db
    .select()
    .from(splitInvoices)
    .where(and(eq(splitInvoices.marketplaceId, marketplace.id), eq(splitInvoices.livemode, livemode), eq(splitInvoices.billNumber, input.billNumber)));
  if (dup) return err('duplicateBill', { existingId: dup.id });

  const ids = input.subInvoices.map((s) => s.beneficiaryId);
  const found = await db
    .select()
    .from(splitBeneficiaries)
    .where(and(eq(splitBeneficiaries.marketplaceId, marketplace.id), inArray(splitBeneficiaries.id, ids)));
  const byId = new Map(found.map((b) => [b.id, b]));
  const fields: Record<string, string> = {};
  input.subInvoices.forEach((s, i) => {
    const b = byId.get(s.beneficiaryId);
    if (!b || b.state === 'removed') fields[`subInvoices.${i}.beneficiaryId`] = 'beneficiaryUnknown';
    else if (!b.platformId || !permissionCovers(b, s.items)) fields[`subInvoices.${i}.beneficiaryId`] = 'permissionDenied';
  });
  if (Object.keys(fields).length) {
    // Field errors name the part; the error says which POD meaning applies (4: permission denied).
    const denied = Object.values(fields).every((v) => v === 'permissionDenied');
    return { ok: false, error: denied ? 'permissionDenied' : 'notFound', fieldErrors: fields };
  }

  const total = itemsTotal(input.customerInvoiceItems);
  const shares = [itemsTotal(input.mainInvoice.items), ...input.subInvoices.map((s) => itemsTotal(s.items))];
  const fee = computeFee(total, await feeRuleForPlatform(db, marketplace.id));
  const fees = feeShares(fee, shares, settings.feePayer);
  if (!fees) return fieldErr({ mainInvoice: 'mainShareBelowFee' }, { fee: fee.toString() });

  // On POD's rail a live invoice is issued on POD first (test invoices stay on the sandbox bank).
  const rail = livemode ? settings.rail : 'dargah';
  let pod: { podInvoiceId: string; reference: string | null } | null = null;
  if (rail === 'pod') {
    const missing: Record<string, string> = {};
    input.subInvoices.forEach((s, i) => {
      if (!byId.get(s.beneficiaryId)!.podBusinessId) missing[`subInvoices.${i}.beneficiaryId`] = 'podBusinessIdMissing';
    });
    if (Object.keys(missing).length) return fieldErr(missing);
    const mirrored = await mirrorOnPod(db, input, { guildCode: settings.podGuildCode ?? '', beneficiaries: byId });
    if (!mirrored.ok) {
      const { kind, podCode, reason } = mirrored.refusal;
      return err(kind === 'unavailable' ? 'railUnavailable' : 'railRefused', { reason: reason.slice(0, 200), ...(podCode ? { podCode } : {}) });
    }
    pod = mirrored;
  }

  try {
    const invoice = await db.transaction(async (tx) => {
      const [inv] = await tx
        .insert(splitInvoices)
        .values({
          marketplaceId: marketplace.id,
          livemode,
          rail,
          podInvoiceId: pod?.podInvoiceId ?? null,
          podReferences: pod?.reference ? [pod.reference] : [],
          billNumber: input.billNumber,
          total,
          feePayer: settings.feePayer,
          customerItems: stored(input.customerInvoiceItems),
          description: input.description,
          payerName: input.payerName,
          payerMobile: input.payerMobile,
          payerEmail: input.payerEmail,
          callbackUrl: input.callbackUrl,
          verificationNeeded: input.verificationNeeded,
          expiresAt: new Date(Date.now() + input.expiresInMinutes * 60_000),
          fee,
        })
        .returning();
      await tx.insert(splitParts).values([
        {
          invoiceId: inv.id,
          position: 0,
          role: 'main' as const,
          platformId: marketplace.id,
          share: shares[0],
          fee: fees[0],
          items: stored(input.mainInvoice.items),
          description: input.mainInvoice.description,
        },
        ...input.subInvoices.map((s, i) => ({
          invoiceId: inv.id,
          position: i + 1,
          role: 'sub' as const,
          beneficiaryId: s.beneficiaryId,
          platformId: byId.get(s.beneficiaryId)!.platformId!,
          share: shares[i + 1],
          fee: fees[i + 1],
          items: stored(s.items),
          description: s.description,
          addressRef: s.addressRef,
        })),
      ]);
      await audit(tx, actor, { action: 'create', objectType: 'split_invoice', objectId: inv.id, after: { billNumber: inv.billNumber, total: inv.total } });
      return inv;
    });
    return ok(invoice);
  } catch (e) {
    if (violates(e, 'split_invoices_bill_key')) {
      const [existing] = await db
        .select()
        .from(splitInvoices)
        .where(and(eq(splitInvoices.marketplaceId, marketplace.id), eq(splitInvoices.livemode, livemode), eq(splitInvoices.billNumber, input.billNumber)));
      return err('duplicateBill', { existingId: existing.id });
    }
    // Another of our invoices took the same POD invoice meanwhile (a racing adoption): not this one's.
    if (violates(e, 'split_invoices_pod_invoice_key')) return err('railRefused', { reason: 'POD holds this bill number for another invoice' });
    throw e;
  }
}

/** An invoice of the caller's marketplace (an API key: its platform, in its mode); staff: any. */
async function ownInvoice(db: DbOrTx, actor: Owner | StaffActor, invoiceId: string, lock = false): Promise<SplitInvoice | null> {
  if (!isUuid(invoiceId)) return null;
  const q = db
    .select({ invoice: splitInvoices })
    .from(splitInvoices)
    .innerJoin(platforms, eq(platforms.id, splitInvoices.marketplaceId))
    .where(
      and(
        eq(splitInvoices.id, invoiceId),
        ownedBy(actor, platforms.userId),
        actor.kind === 'api' ? eq(splitInvoices.marketplaceId, actor.platformId) : undefined,
      ),
    );
  const [row] = lock ? await q.for('update', { of: splitInvoices }) : await q;
  if (!row) return null;
  if (actor.kind === 'api' && actor.livemode !== row.invoice.livemode) return null;
  return row.invoice;
}

/**
 * The views of many invoices at once (a list's page): one query for all their parts, one for all
 * their payments, whatever the number of invoices. The invoices must already be the caller's.
 */
async function viewsOf(db: DbOrTx, invoices: (SplitInvoice & { marketplaceName: string })[]): Promise<SplitInvoiceView[]> {
  if (invoices.length === 0) return [];
  const ids = invoices.map((i) => i.id);
  const parts = await db
    .select({ part: splitParts, beneficiaryName: splitBeneficiaries.displayName })
    .from(splitParts)
    .leftJoin(splitBeneficiaries, eq(splitBeneficiaries.id, splitParts.beneficiaryId))
    .where(inArray(splitParts.invoiceId, ids))
    .orderBy(asc(splitParts.invoiceId), asc(splitParts.position));
  const paymentIds = invoices.flatMap((i) => (i.paymentId ? [i.paymentId] : []));
  const paid = paymentIds.length
    ? await db
        .select({
          id: payments.id,
          state: payments.state,
          trackingCode: payments.trackingCode,
          gatewayRef: payments.gatewayRef,
          cardMasked: payments.cardMasked,
          completedAt: payments.completedAt,
        })
        .from(payments)
        .where(inArray(payments.id, paymentIds))
    : [];
  const partsOf = new Map<string, SplitInvoiceView['parts']>();
  for (const r of parts) {
    const list = partsOf.get(r.part.invoiceId) ?? [];
    list.push({ ...r.part, beneficiaryName: r.beneficiaryName });
    partsOf.set(r.part.invoiceId, list);
  }
  const paymentOf = new Map(paid.map((p) => [p.id, p]));
  return invoices.map(({ marketplaceName, ...invoice }) => ({
    invoice,
    parts: partsOf.get(invoice.id) ?? [],
    payment: (invoice.paymentId ? paymentOf.get(invoice.paymentId) : undefined) ?? null,
    marketplaceName,
    state: effectiveState(invoice),
  }));
}

async function viewOf(db: DbOrTx, invoice: SplitInvoice): Promise<SplitInvoiceView> {
  const [m] = await db.select({ name: platforms.name }).from(platforms).where(eq(platforms.id, invoice.marketplaceId));
  const [view] = await viewsOf(db, [{ ...invoice, marketplaceName: m?.name ?? '' }]);
  return view;
}

export async function getSplitInvoice(db: DbOrTx, actor: Owner | StaffActor, invoiceId: string): Promise<SplitInvoiceView | null> {
  const inv = await ownInvoice(db, actor, invoiceId);
  return inv ? viewOf(db, inv) : null;
}

/** The state as a filter: `open` and `expired` are told apart by the expiry, as `effectiveState` does. */
function stateFilter(state: SplitInvoiceFilters['state']): SQL | undefined {
  if (!state) return undefined;
  if (state === 'open') return and(eq(splitInvoices.state, 'open'), sql`${splitInvoices.expiresAt} > now()`);
  if (state === 'expired') return or(eq(splitInvoices.state, 'expired'), and(eq(splitInvoices.state, 'open'), sql`${splitInvoices.expiresAt} <= now()`));
  return eq(splitInvoices.state, state);
}

/** The Tehran day's bounds of a `YYYY-MM-DD` (the lists filter by the merchant's calendar day). */
const dayStart = (d: string) => new Date(Date.parse(`${d}T00:00:00Z`) - TEHRAN_OFFSET_MS);

/** A marketplace's invoices, newest first, by keyset (`before` is the last row's `seq`). */
export async function listSplitInvoices(
  db: DbOrTx,
  actor: Owner | StaffActor,
  marketplaceId: string | null,
  filters: SplitInvoiceFilters & { livemode?: boolean },
): Promise<{ rows: (SplitInvoice & { marketplaceName: string })[]; next: string | null } | null> {
  if (actor.kind !== 'staff' && !marketplaceId) return null;
  if (marketplaceId && !(await marketplaceOf(db, actor, marketplaceId))) return null;
  const limit = filters.limit ?? 50;
  const livemode = actor.kind === 'api' ? actor.livemode : filters.livemode;
  const rows = await db
    .select({ invoice: splitInvoices, marketplaceName: platforms.name })
    .from(splitInvoices)
    .innerJoin(platforms, eq(platforms.id, splitInvoices.marketplaceId))
    .where(
      and(
        marketplaceId ? eq(splitInvoices.marketplaceId, marketplaceId) : undefined,
        ownedBy(actor, platforms.userId),
        livemode === undefined ? undefined : eq(splitInvoices.livemode, livemode),
        stateFilter(filters.state),
        filters.billNumber ? eq(splitInvoices.billNumber, filters.billNumber) : undefined,
        filters.from ? gte(splitInvoices.createdAt, dayStart(filters.from)) : undefined,
        filters.to ? lt(splitInvoices.createdAt, new Date(dayStart(filters.to).getTime() + 86_400_000)) : undefined,
        filters.before ? lt(splitInvoices.seq, BigInt(filters.before)) : undefined,
      ),
    )
    .orderBy(desc(splitInvoices.seq))
    .limit(limit + 1);
  const page = rows.slice(0, limit).map((r) => ({ ...r.invoice, marketplaceName: r.marketplaceName, state: effectiveState(r.invoice) }));
  return { rows: page, next: rows.length > limit ? page[page.length - 1].seq.toString() : null };
}

/**
 * A page of `listSplitInvoices` with each invoice's parts and payment (the API's list): the
 * ownership checked once by the list, then two queries for the whole page.
 */
export async function listSplitInvoiceViews(
  db: DbOrTx,
  actor: Owner | StaffActor,
  marketplaceId: string | null,
  filters: SplitInvoiceFilters & { livemode?: boolean },
): Promise<{ views: SplitInvoiceView[]; next: string | null } | null> {
  const page = await listSplitInvoices(db, actor, marketplaceId, filters);
  return page && { views: await viewsOf(db, page.rows), next: page.next };
}

export type CloseError = 'notFound' | 'notPaid' | 'alreadyClosed' | 'awaitingVerification' | 'railUnavailable' | 'railRefused';

/** What POD said, as this module's refusal (its reason and number kept for the caller). */
const railErr = (r: PodRefusal) =>
  err(r.kind === 'unavailable' ? 'railUnavailable' : 'railRefused', { reason: r.reason.slice(0, 200), ...(r.podCode ? { podCode: r.podCode } : {}) });

/** Whether a close would be refused here whatever POD says (so POD is not asked for nothing). */
function closeRefusal(inv: SplitInvoice): CloseError | null {
  if (inv.state === 'closed') return 'alreadyClosed';
  if (inv.verificationNeeded && !inv.verifiedAt) return 'awaitingVerification';
  if (inv.state !== 'paid') return 'notPaid';
  return null;
}

/**
 * The marketplace closes a paid invoice: from then its shares settle at the next run (closed by
 * 22:00 → withdrawable at 09:00), and it can no longer be canceled (it can still be refunded).
 * POD's meanings: 55 not paid, 45 already closed, 58 waiting for verification, 4 not yours.
 */
export async function closeSplitInvoice(db: Db, actor: Owner, invoiceId: string): Promise<Result<SplitInvoice, CloseError>> {
  const before = await ownInvoice(db, actor, invoiceId);
  if (!before) return err('notFound');
  if (before.podInvoiceId && !closeRefusal(before)) {
    const onPod = await actOnPod(db, before, 'close');
    if (!onPod.ok) return railErr(onPod.refusal);
  }
  let eventId: string | null = null;
  const r = await db.transaction(async (tx): Promise<Result<SplitInvoice, CloseError>> => {
    const inv = await ownInvoice(tx, actor, invoiceId, true);
    if (!inv) return err('notFound');
    const refused = closeRefusal(inv);
    if (refused) return err(refused);
    const [moved] = await tx
      .update(splitInvoices)
      .set({ state: 'closed', closedAt: new Date(), closedBy: actor.kind === 'merchant' ? actor.userId : null })
      .where(and(eq(splitInvoices.id, inv.id), eq(splitInvoices.state, 'paid')))
      .returning();
    if (!moved) return err('alreadyClosed');
    await audit(tx, actor, { action: 'close', objectType: 'split_invoice', objectId: inv.id, before: { state: 'paid' }, after: { state: 'closed' } });
    eventId = await recordEvent(tx, inv.marketplaceId, 'split_invoice.closed', splitInvoiceEventData(moved));
    return ok(moved);
  });
  await enqueueDeliveries([eventId]);
  return r;
}

/** Closes many at once (the marketplace's bulk close): each on its own, each answer kept. */
export async function closeManySplitInvoices(db: Db, actor: MerchantActor, invoiceIds: string[]): Promise<{ id: string; ok: boolean; error?: CloseError }[]> {
  const out: { id: string; ok: boolean; error?: CloseError }[] = [];
  for (const id of [...new Set(invoiceIds)]) {
    const r = await closeSplitInvoice(db, actor, id);
    out.push(r.ok ? { id, ok: true } : { id, ok: false, error: r.error });
  }
  return out;
}

/** The marketplace verifies an invoice made with `verificationNeeded`: only then can it be paid and closed. */
export async function verifySplitInvoice(
  db: Db,
  actor: Owner,
  invoiceId: string,
): Promise<Result<SplitInvoice, 'notFound' | 'notNeeded' | 'railUnavailable' | 'railRefused'>> {
  const before = await ownInvoice(db, actor, invoiceId);
  if (!before) return err('notFound');
  if (before.podInvoiceId && before.verificationNeeded && !before.verifiedAt && before.state !== 'canceled') {
    const onPod = await actOnPod(db, before, 'verify');
    if (!onPod.ok) return railErr(onPod.refusal);
  }
  return db.transaction(async (tx) => {
    const inv = await ownInvoice(tx, actor, invoiceId, true);
    if (!inv) return err('notFound');
    if (!inv.verificationNeeded || inv.verifiedAt || inv.state === 'canceled') return err('notNeeded');
    const [moved] = await tx.update(splitInvoices).set({ verifiedAt: new Date() }).where(eq(splitInvoices.id, inv.id)).returning();
    await audit(tx, actor, { action: 'verify', objectType: 'split_invoice', objectId: inv.id });
    return ok(moved);
  });
}

/** The marketplace cancels an invoice nobody has paid (nor is paying): a closed or paid one cannot be canceled. */
export async function cancelSplitInvoice(
  db: Db,
  actor: Owner,
  invoiceId: string,
): Promise<Result<SplitInvoice, 'notFound' | 'notCancelable' | 'railUnavailable' | 'railRefused'>> {
  const before = await ownInvoice(db, actor, invoiceId);
  if (!before) return err('notFound');
  if (before.podInvoiceId && before.state === 'open') {
    // POD refuses to cancel what its payer has paid there: then this invoice is not cancelable either.
    const onPod = await actOnPod(db, before, 'cancel');
    if (!onPod.ok) return onPod.refusal.kind === 'refused' ? err('notCancelable') : railErr(onPod.refusal);
  }
  return db.transaction(async (tx) => {
    // The locks in the order a payment's success takes them, the payment and then its invoice:
    // the other order deadlocks with a success landing at the same moment.
    if (before.paymentId) await tx.select({ id: payments.id }).from(payments).where(eq(payments.id, before.paymentId)).for('update');
    const inv = await ownInvoice(tx, actor, invoiceId, true);
    if (!inv) return err('notFound');
    if (inv.state !== 'open') return err('notCancelable');
    if (inv.paymentId) {
      const [p] = await tx.select({ state: payments.state }).from(payments).where(eq(payments.id, inv.paymentId)).for('update');
      if (p && ['redirected', 'unknown', 'succeeded'].includes(p.state)) return err('notCancelable');
      // A payment the buyer pressed for but the bank has not been reached for: canceled with the
      // invoice, so it can no longer move on to the bank's page (that move needs it `created`).
      if (p?.state === 'created')
        await tx
          .update(payments)
          .set({ state: 'canceled', failureReason: 'The invoice was canceled', completedAt: new Date(), updatedAt: new Date() })
          .where(and(eq(payments.id, inv.paymentId), eq(payments.state, 'created')));
    }
    const [moved] = await tx
      .update(splitInvoices)
      .set({ state: 'canceled' })
      .where(and(eq(splitInvoices.id, inv.id), eq(splitInvoices.state, 'open')))
      .returning();
    if (!moved) return err('notCancelable');
    await audit(tx, actor, { action: 'cancel', objectType: 'split_invoice', objectId: inv.id, before: { state: 'open' }, after: { state: 'canceled' } });
    return ok(moved);
  });
}

// ————————————————————————————————————————————————— the payer

/** What the payer sees: the customer items and the total, never the split. */
export type PayerSplitInvoice = {
  id: string;
  marketplaceName: string;
  billNumber: string;
  items: SplitItem[];
  total: bigint;
  state: SplitInvoice['state'] | 'awaitingVerification';
  livemode: boolean;
  payerName: string | null;
  description: string | null;
  expiresAt: Date;
  paymentId: string | null;
  paymentState: Payment['state'] | null;
};

export async function payerSplitInvoice(db: DbOrTx, invoiceId: string): Promise<PayerSplitInvoice | null> {
  if (!isUuid(invoiceId)) return null;
  const [row] = await db
    .select({ invoice: splitInvoices, name: platforms.name, paymentState: payments.state })
    .from(splitInvoices)
    .innerJoin(platforms, eq(platforms.id, splitInvoices.marketplaceId))
    .leftJoin(payments, eq(payments.id, splitInvoices.paymentId))
    .where(eq(splitInvoices.id, invoiceId));
  if (!row) return null;
  const inv = row.invoice;
  const state = effectiveState(inv);
  return {
    id: inv.id,
    marketplaceName: row.name,
    billNumber: inv.billNumber,
    items: inv.customerItems,
    total: inv.total,
    state: state === 'open' && inv.verificationNeeded && !inv.verifiedAt ? 'awaitingVerification' : state,
    livemode: inv.livemode,
    payerName: inv.payerName,
    description: inv.description,
    expiresAt: inv.expiresAt,
    paymentId: inv.paymentId,
    paymentState: row.paymentState ?? null,
  };
}

/**
 * The payer pays: a payment of the invoice's total (one at a time: a payment still at the bank is
 * reused; a failed one is replaced). Refused when the invoice is not open, has expired, or waits
 * for the marketplace's verification (POD's 58).
 */
export async function paymentForSplitInvoice(
  db: Db,
  invoiceId: string,
): Promise<Result<{ paymentId: string; rail: SplitInvoice['rail'] }, 'notFound' | 'notPayable' | 'awaitingVerification' | 'paid'>> {
  if (!isUuid(invoiceId)) return err('notFound');
  return db.transaction(async (tx) => {
    const [inv] = await tx.select().from(splitInvoices).where(eq(splitInvoices.id, invoiceId)).for('update');
    if (!inv) return err('notFound');
    if (inv.state === 'paid' || inv.state === 'closed') return err('paid');
    if (effectiveState(inv) !== 'open') return err('notPayable');
    if (inv.verificationNeeded && !inv.verifiedAt) return err('awaitingVerification');
    if (inv.paymentId) {
      const [p] = await tx.select().from(payments).where(eq(payments.id, inv.paymentId));
      if (p && ['created', 'redirected', 'unknown'].includes(p.state)) return ok({ paymentId: p.id, rail: inv.rail });
      if (p?.state === 'succeeded') return err('paid');
      // On POD the session is the POD invoice itself (a unique gateway token): the failed payment
      // gives it up to the next, and keeps its attempt log.
      if (p && inv.rail === 'pod') await tx.update(payments).set({ gatewayToken: null }).where(eq(payments.id, p.id));
    }
    const payment = await createPayment(tx, {
      platformId: inv.marketplaceId,
      source: 'split',
      livemode: inv.livemode,
      amount: inv.total,
      payerName: inv.payerName,
      payerMobile: inv.payerMobile,
      description: inv.description ?? inv.billNumber,
      callbackUrl: inv.callbackUrl,
      amountLocked: true,
    });
    await tx.update(splitInvoices).set({ paymentId: payment.id }).where(eq(splitInvoices.id, inv.id));
    return ok({ paymentId: payment.id, rail: inv.rail });
  });
}

// ————————————————————————————————————————————————— beneficiaries' view

/** One of a beneficiary's parts: its own items and share, the state, the marketplace; nothing of the others. */
export type MySplitPart = {
  partId: string;
  invoiceId: string;
  billNumber: string;
  marketplaceName: string;
  items: SplitItem[];
  share: bigint;
  fee: bigint;
  refunded: bigint;
  state: SplitInvoice['state'];
  settled: boolean;
  createdAt: Date;
  closedAt: Date | null;
};

export async function mySplitParts(db: DbOrTx, actor: MerchantActor, opts: { beneficiaryId?: string; limit?: number } = {}): Promise<MySplitPart[]> {
  // The actor's beneficiary rows first (a few), so the parts come from the (beneficiary, time) index
  // rather than a scan of every marketplace's parts.
  const mine = await db
    .select({ id: splitBeneficiaries.id })
    .from(splitBeneficiaries)
    .where(
      and(
        eq(splitBeneficiaries.userId, actor.merchantId),
        opts.beneficiaryId && isUuid(opts.beneficiaryId) ? eq(splitBeneficiaries.id, opts.beneficiaryId) : undefined,
      ),
    );
  if (!mine.length) return [];
  const rows = await db
    .select({ part: splitParts, invoice: splitInvoices, marketplaceName: platforms.name })
    .from(splitParts)
    .innerJoin(splitInvoices, eq(splitInvoices.id, splitParts.invoiceId))
    .innerJoin(platforms, eq(platforms.id, splitInvoices.marketplaceId))
    .where(
      inArray(
        splitParts.beneficiaryId,
        mine.map((b) => b.id),
      ),
    )
    .orderBy(desc(splitParts.createdAt))
    .limit(opts.limit ?? 100);
  return rows.map(({ part, invoice, marketplaceName }) => ({
    partId: part.id,
    invoiceId: invoice.id,
    billNumber: invoice.billNumber,
    marketplaceName,
    items: part.items,
    share: part.share,
    fee: part.fee,
    refunded: part.refunded,
    state: effectiveState(invoice),
    settled: part.settledAt !== null,
    createdAt: invoice.createdAt,
    closedAt: invoice.closedAt,
  }));
}

// ————————————————————————————————————————————————— totals

export type BeneficiaryTotal = {
  beneficiaryId: string | null;
  name: string | null;
  invoices: number;
  shares: bigint;
  fees: bigint;
  refunded: bigint;
  settled: bigint;
};

/** Per party (the marketplace's own share first, as `beneficiaryId` null) for invoices paid in a period of Tehran days. */
export async function beneficiaryTotals(
  db: DbOrTx,
  actor: MerchantActor,
  marketplaceId: string,
  period: { from: string; to: string },
): Promise<BeneficiaryTotal[] | null> {
  const marketplace = await marketplaceOf(db, actor, marketplaceId);
  if (!marketplace) return null;
  const rows = await db
    .select({
      beneficiaryId: splitParts.beneficiaryId,
      name: splitBeneficiaries.displayName,
      invoices: sql<number>`count(*)::int`,
      shares: sql<string>`sum(${splitParts.share})`,
      fees: sql<string>`sum(${splitParts.fee})`,
      refunded: sql<string>`sum(${splitParts.refunded})`,
      settled: sql<string>`sum(case when ${splitParts.settledAt} is not null then ${splitParts.share} - ${splitParts.fee} - ${splitParts.pendingDebited} else 0 end)`,
    })
    .from(splitParts)
    .innerJoin(splitInvoices, eq(splitInvoices.id, splitParts.invoiceId))
    .leftJoin(splitBeneficiaries, eq(splitBeneficiaries.id, splitParts.beneficiaryId))
    .where(
      and(
        eq(splitInvoices.marketplaceId, marketplace.id),
        inArray(splitInvoices.state, ['paid', 'closed']),
        gte(splitInvoices.paidAt, dayStart(period.from)),
        lte(splitInvoices.paidAt, new Date(dayStart(period.to).getTime() + 86_400_000 - 1)),
      ),
    )
    .groupBy(splitParts.beneficiaryId, splitBeneficiaries.displayName)
    .orderBy(sql`${splitParts.beneficiaryId} is not null`, asc(splitBeneficiaries.displayName));
  return rows.map((r) => ({
    beneficiaryId: r.beneficiaryId,
    name: r.name,
    invoices: r.invoices,
    shares: BigInt(r.shares ?? 0),
    fees: BigInt(r.fees ?? 0),
    refunded: BigInt(r.refunded ?? 0),
    settled: BigInt(r.settled ?? 0),
  }));
}

export { lineTotal };

/**
 * A marketplace withdraws on behalf of a sub-business it registered and manages: the sub-business's
 * own balance from this marketplace, to the sub-business's own approved account, through the usual
 * payouts (their rules, limits and staff approval). The payout is the sub-business's; the audit
 * trail names the marketplace's user who asked.
 */
export async function withdrawForSubBusiness(
  db: Db,
  actor: MerchantActor,
  input: { beneficiaryId: string; amount: bigint; description?: string | null },
): Promise<Result<Payout, 'notFound' | 'noApprovedAccount' | string>> {
  if (!isUuid(input.beneficiaryId)) return err('notFound');
  const [row] = await db
    .select({ b: splitBeneficiaries })
    .from(splitBeneficiaries)
    .innerJoin(platforms, eq(platforms.id, splitBeneficiaries.marketplaceId))
    .where(
      and(
        eq(splitBeneficiaries.id, input.beneficiaryId),
        eq(platforms.userId, actor.merchantId),
        eq(splitBeneficiaries.kind, 'sub_business'),
        eq(splitBeneficiaries.state, 'active'),
      ),
    );
  if (!row?.b.userId || !row.b.platformId) return err('notFound');
  const [account] = await db
    .select({ id: bankAccounts.id })
    .from(bankAccounts)
    .where(and(eq(bankAccounts.merchantId, row.b.userId), eq(bankAccounts.status, 'approved')))
    .orderBy(desc(bankAccounts.createdAt))
    .limit(1);
  if (!account) return err('noApprovedAccount');
  const onBehalf: MerchantActor = { kind: 'merchant', userId: actor.userId, merchantId: row.b.userId, role: 'owner', via: actor.via };
  return requestPayout(db, onBehalf, { platformId: row.b.platformId, bankAccountId: account.id, amount: input.amount, description: input.description ?? null });
}
