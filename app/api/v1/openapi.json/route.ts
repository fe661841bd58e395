import { openApiDocument } from '@/lib/api/openapi';
import { publicBaseUrl } from '@/lib/http/base-url';

export const dynamic = 'force-dynamic';

export function GET() {
  return Response.json(openApiDocument(publicBaseUrl()), { headers: { 'cache-control': 'public, max-age=300' } });
}
