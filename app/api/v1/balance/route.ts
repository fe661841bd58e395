import { apiRoute, json } from '@/lib/api/http';
import { apiBalance } from '@/lib/api/payments';

export const dynamic = 'force-dynamic';

export const GET = apiRoute({ auth: true }, async ({ db, actor }) => json(200, await apiBalance(db, actor!)));
