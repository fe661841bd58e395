import { connection } from 'next/server';
import { getDb } from '@/db';
import { env } from '@/lib/env';
import { logger } from '@/lib/log';
import { CONTENT_TYPE, metricsAccess, metricsText, readDatabaseGauges } from '@/lib/metrics';

/**
 * Prometheus metrics of this web instance: its requests by route pattern (counted by
 * scripts/next-server.mjs), its gateway calls and exports, Node's process figures, and gauges read
 * from the database at scrape time (payments by state and gateway, the janitor's backlog, queue
 * depths, failed SMS and exports). Only with `Authorization: Bearer <METRICS_TOKEN>`; without a
 * token configured the endpoint does not exist.
 */
export async function GET(req: Request) {
  await connection();
  const access = metricsAccess(req.headers.get('authorization'), env().METRICS_TOKEN);
  if (access !== 200) {
    return new Response(access === 404 ? 'Not found' : 'Unauthorized', {
      status: access,
      headers: { 'cache-control': 'no-store', ...(access === 401 ? { 'www-authenticate': 'Bearer realm="metrics"' } : {}) },
    });
  }
  try {
    await readDatabaseGauges(getDb());
  } catch (err) {
    // The process's own figures are still worth reading when the database is not.
    logger({ module: 'metrics' }).warn({ err }, 'database gauges not read');
  }
  return new Response(await metricsText(), { headers: { 'content-type': CONTENT_TYPE, 'cache-control': 'no-store' } });
}
