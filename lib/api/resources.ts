import { and, asc, eq } from 'drizzle-orm';
import type { Db } from '@/db';
import { merchantServices, platforms, services } from '@/db/schema';
import type { ApiActor } from '@/lib/actor';

/** The calling platform as the API shows it. */
export async function platformResource(db: Db, actor: ApiActor) {
  const [row] = await db
    .select({ p: platforms, s: services })
    .from(platforms)
    .innerJoin(merchantServices, eq(merchantServices.id, platforms.merchantServiceId))
    .innerJoin(services, eq(services.id, merchantServices.serviceId))
    .where(and(eq(platforms.id, actor.platformId), eq(platforms.userId, actor.merchantId)));
  return {
    id: row.p.id,
    name: row.p.name,
    type: row.p.type,
    address: row.p.address,
    status: row.p.status,
    environment: actor.livemode ? ('live' as const) : ('test' as const),
    service: { id: row.s.id, name: { fa: row.s.nameFa, en: row.s.nameEn } },
    callback_urls: row.p.callbackUrls,
    created_at: row.p.createdAt.toISOString(),
  };
}

/** The catalogue with this merchant's state for each service. */
export async function servicesResource(db: Db, actor: ApiActor) {
  const rows = await db
    .select({ s: services, status: merchantServices.status })
    .from(services)
    .leftJoin(merchantServices, and(eq(merchantServices.serviceId, services.id), eq(merchantServices.userId, actor.merchantId)))
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
