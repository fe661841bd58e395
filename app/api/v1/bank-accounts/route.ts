import { apiRoute, json } from '@/lib/api/http';
import { listApiBankAccounts } from '@/lib/api/payouts';

export const dynamic = 'force-dynamic';

export const GET = apiRoute({ auth: true }, async ({ db, actor }) => json(200, await listApiBankAccounts(db, actor!)));
