import { apiRoute, json } from '@/lib/api/http';
import { listApiBeneficiaries } from '@/lib/api/split';

export const dynamic = 'force-dynamic';

/** The marketplace's beneficiaries with their dealer permission: the ids sub-invoices name. */
export const GET = apiRoute({ auth: true }, async ({ db, actor }) => json(200, await listApiBeneficiaries(db, actor!)));
