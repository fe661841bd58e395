import { apiRoute, json } from '@/lib/api/http';
import { servicesResource } from '@/lib/api/resources';

export const dynamic = 'force-dynamic';

export const GET = apiRoute({ auth: true }, async ({ db, actor }) => json(200, await servicesResource(db, actor!)));
