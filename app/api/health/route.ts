import { sql } from 'drizzle-orm';
import { connection, NextResponse } from 'next/server';
import { getDb } from '@/db';

export async function GET() {
  await connection();
  try {
    await Promise.race([getDb().execute(sql`select 1`), new Promise((_, reject) => setTimeout(() => reject(new Error('timeout')), 3000))]);
    return NextResponse.json({ status: 'ok', db: 'ok' }, { headers: { 'cache-control': 'no-store' } });
  } catch {
    return NextResponse.json({ status: 'down', db: 'down' }, { status: 503, headers: { 'cache-control': 'no-store' } });
  }
}
