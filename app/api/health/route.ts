import { connection, NextResponse } from 'next/server';
import { getDb } from '@/db';
import { databaseReachable } from '@/lib/api/health';

export async function GET() {
  await connection();
  const up = await databaseReachable(getDb());
  return NextResponse.json(up ? { status: 'ok', db: 'ok' } : { status: 'down', db: 'down' }, {
    status: up ? 200 : 503,
    headers: { 'cache-control': 'no-store' },
  });
}
