import { connection, NextResponse } from 'next/server';
import { getDb } from '@/db';
import { getCurrentUser, routeActorOf } from '@/lib/auth/session';
import { getExport } from '@/lib/reports/background';

/** An export's progress, for its owner's progress bar. */
export async function GET(_req: Request, ctx: { params: Promise<{ id: string }> }) {
  await connection();
  const user = await getCurrentUser();
  if (!user) return NextResponse.json({ error: { code: 'unauthenticated' } }, { status: 401 });
  const actor = await routeActorOf(user, { need: 'reports' });
  const e = actor && (await getExport(getDb(), actor, (await ctx.params).id));
  if (!e) return NextResponse.json({ error: { code: 'not_found' } }, { status: 404 });
  return NextResponse.json({ state: e.state, done: e.done, total: e.total, error: e.error }, { headers: { 'cache-control': 'no-store' } });
}
