import { and, asc, count, desc, eq, max } from 'drizzle-orm';
import type { Db, DbOrTx } from '@/db';
import { feeRules, merchantServices, platforms, services, serviceTerms, termsAcceptances, type Service } from '@/db/schema';
import { type Actor, assertStaff, type MerchantActor, ownedBy, type StaffActor } from '@/lib/actor';
import { assertStaffMay } from '@/lib/staff/permissions';
import { audit } from '@/lib/audit';
import { getKycProfile, isKycApproved } from '@/lib/kyc';
import type { PersonKind } from '@/lib/validation/kyc';
import { err, ok, type Result } from '@/lib/result';
import { isUuid } from '@/lib/validation/ids';
import type { PublishTermsInput, RequestServiceInput, UpdateServiceInput } from './schemas';

/** The catalogue merchants choose from: active services, in order. */
export async function listServices(db: DbOrTx): Promise<Service[]> {
  return db.select().from(services).where(eq(services.active, true)).orderBy(asc(services.sortOrder));
}

/**
 * Which services a kind of customer may use. A Turkish company collects lira through N Kolay and
 * nothing else: the virtual POS only; the Iranian services (Shaparak, IVR, top-up, split) need an
 * Iranian person. Iranian kinds keep the whole catalogue, the virtual POS included, as before.
 */
const ONLY_FOR_TURKISH_COMPANY: readonly string[] = ['vpos'];

export function serviceOpenTo(kind: PersonKind | null, serviceId: string): boolean {
  return kind !== 'turkish_company' || ONLY_FOR_TURKISH_COMPANY.includes(serviceId);
}

/** The catalogue as this merchant may request it: by the kind of customer staff approved (the copy in force). */
export async function listServicesFor(db: DbOrTx, actor: MerchantActor): Promise<Service[]> {
  const [all, profile] = await Promise.all([listServices(db), getKycProfile(db, actor.merchantId)]);
  return all.filter((s) => serviceOpenTo(profile?.approvedKind ?? null, s.id));
}

/** The terms in force: the highest version of the service. */
export async function currentTerms(db: DbOrTx, serviceId: string) {
  const [t] = await db.select().from(serviceTerms).where(eq(serviceTerms.serviceId, serviceId)).orderBy(desc(serviceTerms.version)).limit(1);
  return t ?? null;
}

/** Staff publish a new version; every merchant must accept it before their next request. */
export async function publishTerms(db: Db, actor: StaffActor, input: PublishTermsInput): Promise<Result<typeof serviceTerms.$inferSelect>> {
  assertStaffMay(actor, 'services');
  return db.transaction(async (tx) => {
    // Locks the service row, so two publications at once number their versions one after the other.
    const [service] = await tx.select({ id: services.id }).from(services).where(eq(services.id, input.serviceId)).for('update');
    if (!service) return err('notFound');
    const [{ v }] = await tx
      .select({ v: max(serviceTerms.version) })
      .from(serviceTerms)
      .where(eq(serviceTerms.serviceId, service.id));
    const [terms] = await tx
      .insert(serviceTerms)
      .values({ serviceId: service.id, version: (v ?? 0) + 1, bodyFa: input.fa, bodyEn: input.en, publishedBy: actor.userId })
      .returning();
    await audit(tx, actor, {
      action: 'publish_terms',
      objectType: 'service',
      objectId: service.id,
      before: v ? { version: v } : null,
      after: { version: terms.version },
    });
    return ok(terms);
  });
}

export async function hasAcceptedCurrentTerms(db: DbOrTx, actor: MerchantActor, serviceId: string): Promise<boolean> {
  const terms = await currentTerms(db, serviceId);
  if (!terms) return false;
  const [a] = await db
    .select({ id: termsAcceptances.id })
    .from(termsAcceptances)
    .where(and(eq(termsAcceptances.userId, actor.merchantId), eq(termsAcceptances.termsId, terms.id)));
  return !!a;
}

/** A service with the terms in force and whether the merchant accepted them, for the terms page. */
export async function getServiceTerms(db: DbOrTx, actor: MerchantActor, serviceId: string) {
  const [service] = await db
    .select()
    .from(services)
    .where(eq(services.id, serviceId.slice(0, 32)));
  const terms = service ? await currentTerms(db, service.id) : null;
  if (!service || !terms) return null;
  return { service, terms, accepted: await hasAcceptedCurrentTerms(db, actor, service.id) };
}

/**
 * Accepting a service's terms is the request for it. The version the merchant read must still be
 * the one in force; the acceptance keeps version, time and the IP the actor came from.
 */
export async function acceptTermsAndRequest(
  db: Db,
  actor: MerchantActor,
  input: RequestServiceInput,
): Promise<Result<{ merchantServiceId: string }, 'kycNotApproved' | 'unknownService' | 'termsChanged' | 'serviceNotForTurkishCompany'>> {
  const profile = await getKycProfile(db, actor.merchantId);
  if (!isKycApproved(profile)) return err('kycNotApproved');
  const [service] = await db
    .select()
    .from(services)
    .where(and(eq(services.id, input.serviceId), eq(services.active, true)));
  if (!service) return err('unknownService');
  if (!serviceOpenTo(profile?.approvedKind ?? null, service.id)) return err('serviceNotForTurkishCompany');
  const terms = await currentTerms(db, service.id);
  if (!terms || terms.version !== input.termsVersion) return err('termsChanged');
  const userId = actor.merchantId;
  return db.transaction(async (tx) => {
    await tx
      .insert(termsAcceptances)
      .values({ userId, termsId: terms.id, serviceId: service.id, version: terms.version, ip: (actor.via?.ip ?? '').slice(0, 64) })
      .onConflictDoNothing();
    await tx.insert(merchantServices).values({ userId, serviceId: service.id }).onConflictDoNothing();
    const [ms] = await tx
      .select({ id: merchantServices.id })
      .from(merchantServices)
      .where(and(eq(merchantServices.userId, userId), eq(merchantServices.serviceId, service.id)));
    await audit(tx, actor, {
      action: 'request',
      objectType: 'merchant_service',
      objectId: ms.id,
      after: { serviceId: service.id, termsVersion: terms.version },
    });
    return ok({ merchantServiceId: ms.id });
  });
}

/** The merchant's services with how many sales platforms each has. */
export async function listMerchantServices(db: DbOrTx, actor: Actor) {
  const counts = db
    .select({ ms: platforms.merchantServiceId, n: count().as('n') })
    .from(platforms)
    .groupBy(platforms.merchantServiceId)
    .as('counts');
  const rows = await db
    .select({
      id: merchantServices.id,
      serviceId: merchantServices.serviceId,
      status: merchantServices.status,
      createdAt: merchantServices.createdAt,
      service: services,
      platformCount: counts.n,
    })
    .from(merchantServices)
    .innerJoin(services, eq(services.id, merchantServices.serviceId))
    .leftJoin(counts, eq(counts.ms, merchantServices.id))
    .where(ownedBy(actor, merchantServices.userId))
    .orderBy(asc(services.sortOrder));
  return rows.map((r) => ({ ...r, platformCount: Number(r.platformCount ?? 0) }));
}

/** One of the merchant's services with its sales platforms; another merchant's id is not found. */
export async function getMerchantService(db: DbOrTx, actor: Actor, merchantServiceId: string) {
  if (!isUuid(merchantServiceId)) return null;
  const [row] = await db
    .select({ merchantService: merchantServices, service: services })
    .from(merchantServices)
    .innerJoin(services, eq(services.id, merchantServices.serviceId))
    .where(and(eq(merchantServices.id, merchantServiceId), ownedBy(actor, merchantServices.userId)));
  if (!row) return null;
  const list = await db.select().from(platforms).where(eq(platforms.merchantServiceId, merchantServiceId)).orderBy(platforms.createdAt);
  return { ...row, platforms: list };
}

/** Every service (active or not) with its terms in force and its fee, for the staff page. */

export async function listServicesForStaff(db: DbOrTx, actor: StaffActor) {
  assertStaff(actor);
  const rows = await db
    .select({ service: services, fee: feeRules })
    .from(services)
    .leftJoin(feeRules, eq(feeRules.serviceId, services.id))
    .orderBy(asc(services.sortOrder));
  return Promise.all(rows.map(async (r) => ({ ...r, terms: await currentTerms(db, r.service.id) })));
}

/** Staff edit a service's names, descriptions and availability; the change is audited with it. */
export async function updateService(db: Db, actor: StaffActor, input: UpdateServiceInput): Promise<Result<Service>> {
  assertStaffMay(actor, 'services');
  const { serviceId, ...values } = input;
  return db.transaction(async (tx) => {
    const [before] = await tx.select().from(services).where(eq(services.id, serviceId)).for('update');
    if (!before) return err('notFound');
    const [row] = await tx.update(services).set(values).where(eq(services.id, serviceId)).returning();
    await audit(tx, actor, { action: 'edit', objectType: 'service', objectId: serviceId, before: editable(before), after: editable(row) });
    return ok(row);
  });
}

function editable(s: Service) {
  return { nameFa: s.nameFa, nameEn: s.nameEn, descriptionFa: s.descriptionFa, descriptionEn: s.descriptionEn, active: s.active };
}
