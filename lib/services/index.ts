import { and, asc, desc, eq, max } from 'drizzle-orm';
import type { Db, DbOrTx } from '@/db';
import type { z } from 'zod';
import type { serviceEditSchema } from './schemas';
import { auditLog, merchantServices, services, serviceTerms, termsAcceptances, type Service } from '@/db/schema';
import { getKycProfile, isKycApproved } from '@/lib/kyc';
export { publishTermsSchema, serviceEditSchema } from './schemas';

export async function listServices(db: DbOrTx): Promise<Service[]> {
  return db.select().from(services).where(eq(services.active, true)).orderBy(asc(services.sortOrder));
}

/** The terms in force: the highest version of the service. */
export async function currentTerms(db: DbOrTx, serviceId: string) {
  const [t] = await db.select().from(serviceTerms).where(eq(serviceTerms.serviceId, serviceId)).orderBy(desc(serviceTerms.version)).limit(1);
  return t ?? null;
}

/** Staff publish a new version; every merchant must accept it before their next request. */
export async function publishTerms(db: Db, adminId: string, serviceId: string, body: { fa: string; en: string }) {
  return db.transaction(async (tx) => {
    const [{ v }] = await tx
      .select({ v: max(serviceTerms.version) })
      .from(serviceTerms)
      .where(eq(serviceTerms.serviceId, serviceId));
    const [terms] = await tx
      .insert(serviceTerms)
      .values({ serviceId, version: (v ?? 0) + 1, bodyFa: body.fa, bodyEn: body.en, publishedBy: adminId })
      .returning();
    return terms;
  });
}

export async function hasAcceptedCurrentTerms(db: DbOrTx, userId: string, serviceId: string): Promise<boolean> {
  const terms = await currentTerms(db, serviceId);
  if (!terms) return false;
  const [a] = await db
    .select({ id: termsAcceptances.id })
    .from(termsAcceptances)
    .where(and(eq(termsAcceptances.userId, userId), eq(termsAcceptances.termsId, terms.id)));
  return !!a;
}

export type RequestServiceResult = { ok: true; merchantServiceId: string } | { ok: false; error: 'kycNotApproved' | 'unknownService' | 'termsChanged' };

/**
 * Accepting a service's terms is the request for it. The version the merchant read must still be
 * the one in force; the acceptance keeps version, time and IP.
 */
export async function acceptTermsAndRequest(
  db: Db,
  userId: string,
  input: { serviceId: string; termsVersion: number; ip: string },
): Promise<RequestServiceResult> {
  if (!isKycApproved(await getKycProfile(db, userId))) return { ok: false, error: 'kycNotApproved' };
  const [service] = await db
    .select()
    .from(services)
    .where(and(eq(services.id, input.serviceId), eq(services.active, true)));
  if (!service) return { ok: false, error: 'unknownService' };
  const terms = await currentTerms(db, service.id);
  if (!terms || terms.version !== input.termsVersion) return { ok: false, error: 'termsChanged' };
  return db.transaction(async (tx) => {
    await tx
      .insert(termsAcceptances)
      .values({ userId, termsId: terms.id, serviceId: service.id, version: terms.version, ip: input.ip.slice(0, 64) })
      .onConflictDoNothing();
    await tx.insert(merchantServices).values({ userId, serviceId: service.id }).onConflictDoNothing();
    const [ms] = await tx
      .select({ id: merchantServices.id })
      .from(merchantServices)
      .where(and(eq(merchantServices.userId, userId), eq(merchantServices.serviceId, service.id)));
    return { ok: true, merchantServiceId: ms.id } as const;
  });
}

export async function listMerchantServices(db: DbOrTx, userId: string) {
  return db
    .select({
      id: merchantServices.id,
      serviceId: merchantServices.serviceId,
      status: merchantServices.status,
      createdAt: merchantServices.createdAt,
      service: services,
    })
    .from(merchantServices)
    .innerJoin(services, eq(services.id, merchantServices.serviceId))
    .where(eq(merchantServices.userId, userId))
    .orderBy(asc(services.sortOrder));
}

/** Staff edit a service's names, descriptions and availability; the change is audited. */
export async function updateService(db: Db, adminId: string, serviceId: string, input: z.output<typeof serviceEditSchema>) {
  const [row] = await db.update(services).set(input).where(eq(services.id, serviceId)).returning();
  if (row) await db.insert(auditLog).values({ entity: 'service', entityId: ZERO_UUID, actorId: adminId, action: 'edit', reason: serviceId });
  return row ?? null;
}

/** The audit log keys entities by uuid; catalogue rows have slugs, kept in `reason`. */
const ZERO_UUID = '00000000-0000-0000-0000-000000000000';
