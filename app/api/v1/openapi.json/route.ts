import { openApiDocument } from '@/lib/api/openapi';

export const dynamic = 'force-dynamic';

export function GET(req: Request) {
  const origin = new URL(req.url).origin;
  return Response.json(openApiDocument(process.env.PUBLIC_BASE_URL ?? origin), { headers: { 'cache-control': 'public, max-age=300' } });
}
