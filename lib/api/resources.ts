import { and, asc, eq } from 'drizzle-orm';
import type { Db } from '@/db';
import { merchantServices, platforms, services } from '@/db/schema';
import type { ApiCaller } from './http';

/** The calling platform as the API shows it. */
export async function platformResource(db: Db, caller: ApiCaller) {
  const [row] = await db
    .select({ p: platforms, s: services })
    .from(platforms)
    .innerJoin(merchantServices, eq(merchantServices.id, platforms.merchantServiceId))
    .innerJoin(services, eq(services.id, merchantServices.serviceId))
    .where(and(eq(platforms.id, caller.platformId), eq(platforms.userId, caller.userId)));
  return {
    id: row.p.id,
    name: row.p.name,
    type: row.p.type,
    address: row.p.address,
    status: row.p.status,
    environment: caller.key.environment,
    service: { id: row.s.id, name: { fa: row.s.nameFa, en: row.s.nameEn } },
    callback_urls: row.p.callbackUrls,
    created_at: row.p.createdAt.toISOString(),
  };
}

/** The catalogue with this merchant's state for each service. */
export async function servicesResource(db: Db, caller: ApiCaller) {
  const rows = await db
    .select({ s: services, status: merchantServices.status })
    .from(services)
    .leftJoin(merchantServices, and(eq(merchantServices.serviceId, services.id), eq(merchantServices.userId, caller.userId)))
    .where(eq(services.active, true))
    .orderBy(asc(services.sortOrder));
  return {
    data: rows.map((r) => ({
      id: r.s.id,
      name: { fa: r.s.nameFa, en: r.s.nameEn },
      description: { fa: r.s.descriptionFa, en: r.s.descriptionEn },
      status: r.status ?? 'available',
    })),
  };
}
