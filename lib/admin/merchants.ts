import { and, count, desc, eq, gt, inArray, sql, type SQL } from 'drizzle-orm';
import type { DbOrTx } from '@/db';
import { assertStaff, type StaffActor } from '@/lib/actor';
import {
  auditEvents,
  bankAccounts,
  kycProfiles,
  ledgerAccounts,
  merchantServices,
  messages,
  paymentLinkSettings,
  payments,
  platforms,
  services,
  users,
  type KycStatus,
} from '@/db/schema';
import { toAsciiDigits } from '@/lib/validation/digits';
import { isUuid } from '@/lib/validation/ids';
import { withoutControls } from '@/lib/validation/text';

/** KYC states a merchant can be in; `none` has never opened the customer-information form. */
export const MERCHANT_KYC_FILTERS = ['none', 'draft', 'submitted', 'approved', 'rejected', 'suspended'] as const;
export type MerchantKycFilter = (typeof MERCHANT_KYC_FILTERS)[number];

export type MerchantFilters = {
  /** A name, a mobile (or its start), a national code, a legal id. */
  q?: string;
  kyc?: MerchantKycFilter;
  /** A service id the merchant has asked for (any state). */
  service?: string;
  /** A province as stored (its Persian name). */
  province?: string;
  limit: number;
  offset: number;
};

const MAX_PAGE = 100;

/**
 * The search as a set of merchant ids, so each branch uses its own index: a mobile by its start
 * (the unique index; the database's collation is C), a national code, CEO's national code or
 * legal id by the identity's containment index, and a name by substring over the few name fields.
 */
function searchIds(raw: string): SQL | undefined {
  const q = toAsciiDigits(withoutControls(raw)).trim().replace(/\s+/g, ' ').slice(0, 100);
  if (!q) return undefined;
  const digits = q.replace(/[\s-]/g, '');
  if (/^\+?\d{3,}$/.test(digits)) {
    const mobile = digits.startsWith('9') ? `0${digits}` : digits;
    const exact = (key: string) => sql`select user_id from kyc_profiles where identity @> ${JSON.stringify({ [key]: digits })}::jsonb`;
    return sql`${users.id} in (
      select id from users where mobile like ${`${mobile.replace(/[%_\\]/g, '')}%`}
      union ${exact('nationalCode')} union ${exact('ceoNationalCode')} union ${exact('legalId')} union ${exact('vkn')}
    )`;
  }
  const like = `%${q.replace(/[%_\\]/g, (c) => `\\${c}`)}%`;
  return sql`${users.id} in (
    select id from users where role = 'merchant' and (first_name || ' ' || last_name) ilike ${like}
    union
    select user_id from kyc_profiles
    where concat_ws(' ', identity->>'firstName', identity->>'lastName', identity->>'companyName', identity->>'tradeName', identity->>'ceoFullName') ilike ${like}
  )`;
}

/**
 * Staff's list of merchants, newest first, searched and filtered (KYC state, a service asked for,
 * province); one page (`limit` at most 100) with the few columns the list shows.
 */
export async function listMerchants(db: DbOrTx, actor: StaffActor, f: MerchantFilters) {
  assertStaff(actor);
  const where: (SQL | undefined)[] = [eq(users.role, 'merchant'), f.q ? searchIds(f.q) : undefined];
  // An anti-join the planner can stop early on (newest first), where `left join … is null` made it join everything.
  if (f.kyc === 'none') where.push(sql`not exists (select 1 from kyc_profiles kp where kp.user_id = ${users.id})`);
  else if (f.kyc) where.push(eq(kycProfiles.status, f.kyc as KycStatus));
  if (f.province) where.push(sql`${kycProfiles.identity} @> ${JSON.stringify({ province: f.province.slice(0, 40) })}::jsonb`);
  if (f.service) where.push(sql`exists (select 1 from merchant_services ms where ms.user_id = ${users.id} and ms.service_id = ${f.service.slice(0, 32)})`);
  const rows = await db
    .select({
      id: users.id,
      mobile: users.mobile,
      firstName: users.firstName,
      lastName: users.lastName,
      createdAt: users.createdAt,
      kyc: kycProfiles.status,
      kind: kycProfiles.kind,
      identity: kycProfiles.identity,
    })
    .from(users)
    .leftJoin(kycProfiles, eq(kycProfiles.userId, users.id))
    .where(and(...where))
    .orderBy(desc(users.createdAt), desc(users.id))
    .limit(Math.min(Math.max(f.limit, 1), MAX_PAGE + 1))
    .offset(Math.max(0, f.offset));
  const ids = rows.map((r) => r.id);
  const asked = ids.length
    ? await db
        .select({ userId: merchantServices.userId, serviceId: merchantServices.serviceId, status: merchantServices.status })
        .from(merchantServices)
        .where(inArray(merchantServices.userId, ids))
    : [];
  return rows.map(({ identity, ...r }) => ({
    ...r,
    /** The business's name as its customer information gives it (company, trade name or person). */
    businessName: identity ? businessNameOf(r.kind, identity) : null,
    province: identity?.province ?? null,
    services: asked.filter((s) => s.userId === r.id).map(({ serviceId, status }) => ({ serviceId, status })),
  }));
}

function businessNameOf(kind: string | null, identity: Record<string, string>): string | null {
  const name =
    kind === 'legal'
      ? identity.companyName
      : kind === 'turkish_company'
        ? identity.tradeName
        : [identity.firstName, identity.lastName].filter(Boolean).join(' ');
  return name?.trim() || null;
}

export async function merchantCounts(db: DbOrTx, actor: StaffActor, now = new Date()) {
  assertStaff(actor);
  const [all] = await db.select({ n: count() }).from(users).where(eq(users.role, 'merchant'));
  const [week] = await db
    .select({ n: count() })
    .from(users)
    .where(and(eq(users.role, 'merchant'), gt(users.createdAt, new Date(now.getTime() - 7 * 86400_000))));
  return { total: all.n, lastWeek: week.n };
}

const BALANCE_KINDS = ['platform_pending', 'platform_withdrawable', 'platform_held', 'platform_owed'] as const;
/** Bounds of the merchant page: a merchant has a handful of platforms; the lists show their newest rows. */
const PLATFORMS_SHOWN = 50;
const PAYMENTS_SHOWN = 10;
const MESSAGES_SHOWN = 10;
const DECISIONS_SHOWN = 50;

/**
 * Everything staff see on one merchant's page: who they are (customer information), the services
 * they asked for, their platforms with balances, bank accounts, their latest payments and the
 * messages sent to them, and staff's decisions about them (the audit trail). Null for an unknown
 * id or a staff account. Every list is bounded and read through an index keyed by the merchant.
 */
export async function getMerchantForStaff(db: DbOrTx, actor: StaffActor, merchantId: string) {
  assertStaff(actor);
  if (!isUuid(merchantId)) return null;
  const [user] = await db
    .select({ id: users.id, mobile: users.mobile, email: users.email, firstName: users.firstName, lastName: users.lastName, createdAt: users.createdAt })
    .from(users)
    .where(and(eq(users.id, merchantId), eq(users.role, 'merchant')));
  if (!user) return null;
  const [[kyc], asked, owned, accounts, inbox, decisions] = await Promise.all([
    db.select().from(kycProfiles).where(eq(kycProfiles.userId, merchantId)),
    db
      .select({
        id: merchantServices.id,
        serviceId: merchantServices.serviceId,
        status: merchantServices.status,
        createdAt: merchantServices.createdAt,
        nameFa: services.nameFa,
        nameEn: services.nameEn,
      })
      .from(merchantServices)
      .innerJoin(services, eq(services.id, merchantServices.serviceId))
      .where(eq(merchantServices.userId, merchantId))
      .orderBy(merchantServices.createdAt),
    db
      .select({ p: platforms, serviceId: merchantServices.serviceId, unit: paymentLinkSettings.displayUnit })
      .from(platforms)
      .innerJoin(merchantServices, eq(merchantServices.id, platforms.merchantServiceId))
      .leftJoin(paymentLinkSettings, eq(paymentLinkSettings.platformId, platforms.id))
      .where(eq(platforms.userId, merchantId))
      .orderBy(platforms.createdAt)
      .limit(PLATFORMS_SHOWN),
    db
      .select({
        id: bankAccounts.id,
        sheba: bankAccounts.sheba,
        holderName: bankAccounts.holderName,
        status: bankAccounts.status,
        reason: bankAccounts.reason,
        decidedAt: bankAccounts.decidedAt,
        createdAt: bankAccounts.createdAt,
      })
      .from(bankAccounts)
      .where(eq(bankAccounts.merchantId, merchantId))
      .orderBy(desc(bankAccounts.createdAt))
      .limit(20),
    db
      .select({
        id: messages.id,
        source: messages.source,
        category: messages.category,
        template: messages.template,
        params: messages.params,
        title: messages.title,
        body: messages.body,
        readAt: messages.readAt,
        createdAt: messages.createdAt,
      })
      .from(messages)
      .where(eq(messages.userId, merchantId))
      .orderBy(desc(messages.createdAt))
      .limit(MESSAGES_SHOWN),
    db
      .select({
        id: auditEvents.id,
        at: auditEvents.at,
        action: auditEvents.action,
        objectType: auditEvents.objectType,
        objectId: auditEvents.objectId,
        after: auditEvents.after,
        staffFirst: users.firstName,
        staffLast: users.lastName,
      })
      .from(auditEvents)
      .leftJoin(users, eq(users.id, auditEvents.actorUserId))
      .where(and(eq(auditEvents.merchantId, merchantId), eq(auditEvents.actorKind, 'staff')))
      .orderBy(desc(auditEvents.at), desc(auditEvents.id))
      .limit(DECISIONS_SHOWN),
  ]);
  const platformIds = owned.map((o) => o.p.id);
  const [balances, latest] = await Promise.all([
    platformIds.length
      ? db
          .select({ platformId: ledgerAccounts.platformId, kind: ledgerAccounts.kind, currency: ledgerAccounts.currency, balance: ledgerAccounts.balance })
          .from(ledgerAccounts)
          .where(and(inArray(ledgerAccounts.kind, [...BALANCE_KINDS]), inArray(ledgerAccounts.platformId, platformIds)))
      : [],
    latestPayments(db, platformIds),
  ]);
  const names = new Map(owned.map((o) => [o.p.id, o.p.name]));
  return {
    user,
    kyc: kyc ?? null,
    services: asked,
    platforms: owned.map(({ p, serviceId, unit }) => {
      const of = (kind: (typeof BALANCE_KINDS)[number]) =>
        balances.filter((b) => b.platformId === p.id && b.kind === kind && b.currency === p.currency).reduce((s, b) => s + b.balance, 0n);
      return {
        ...p,
        serviceId,
        unit: unit ?? 'rial',
        balances: { pending: of('platform_pending'), withdrawable: of('platform_withdrawable'), held: of('platform_held'), owed: of('platform_owed') },
      };
    }),
    bankAccounts: accounts,
    payments: latest.map((p) => ({ ...p, platformName: names.get(p.platformId) ?? '' })),
    messages: inbox,
    decisions: decisions.map(({ after, staffFirst, staffLast, ...d }) => {
      const reason = (after as Record<string, unknown> | null)?.reason;
      return { ...d, reason: typeof reason === 'string' && reason ? reason : null, staff: staffFirst ? `${staffFirst} ${staffLast ?? ''}`.trim() : null };
    }),
  };
}

/**
 * The newest payments across a merchant's platforms: the newest few of each platform through
 * (platform, created_at), merged; never a sort of a busy merchant's whole history.
 */
async function latestPayments(db: DbOrTx, platformIds: string[]) {
  if (platformIds.length === 0) return [];
  const rows = await db.execute<{
    id: string;
    platform_id: string;
    tracking_code: string;
    amount: string;
    currency: string;
    state: string;
    method: string;
    source: string;
    livemode: boolean;
    payer_name: string | null;
    created_at: string | Date;
  }>(sql`
    select p.id, p.platform_id, p.tracking_code, p.amount, p.currency, p.state, p.method, p.source, p.livemode, p.payer_name, p.created_at
    from unnest(${`{${platformIds.join(',')}}`}::uuid[]) as pl(id)
    cross join lateral (
      select * from ${payments} where ${payments.platformId} = pl.id order by ${payments.createdAt} desc, ${payments.id} desc limit ${PAYMENTS_SHOWN}
    ) p
    order by p.created_at desc, p.id desc
    limit ${PAYMENTS_SHOWN}`);
  return [...rows].map((r) => ({
    id: r.id,
    platformId: r.platform_id,
    trackingCode: r.tracking_code,
    amount: BigInt(r.amount),
    currency: r.currency,
    state: r.state,
    method: r.method,
    source: r.source,
    livemode: r.livemode,
    payerName: r.payer_name,
    createdAt: new Date(r.created_at),
  }));
}

export type MerchantForStaff = NonNullable<Awaited<ReturnType<typeof getMerchantForStaff>>>;
