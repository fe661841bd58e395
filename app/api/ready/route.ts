import { connection, NextResponse } from 'next/server';
import { getDb } from '@/db';
import { readiness } from '@/lib/api/health';

/**
 * Readiness, for the load balancer: 200 while this instance should get traffic, 503 while it should
 * not (shutting down, database unreachable, migrations not applied yet). `/api/health` stays the
 * liveness check (the process answers and reaches the database).
 */
export async function GET() {
  await connection();
  const r = await readiness(getDb());
  return NextResponse.json({ status: r.ready ? 'ready' : 'not ready', ...r.checks }, { status: r.ready ? 200 : 503, headers: { 'cache-control': 'no-store' } });
}
