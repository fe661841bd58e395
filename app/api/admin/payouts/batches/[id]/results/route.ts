import { connection, NextResponse } from 'next/server';
import { getDb } from '@/db';
import { actorOf } from '@/lib/actor';
import { getCurrentUser } from '@/lib/auth/session';
import { readUploadedFile, refuseForeignOrigin } from '@/lib/http/upload';
import { applyBatchResult } from '@/lib/payouts/batches';

const MAX_RESULT_BYTES = 5 * 1024 * 1024;
const fail = (status: number, code: string) => NextResponse.json({ error: { code, message: code } }, { status });

/** The bank's result file for a sent batch (multipart `file`, CSV or xlsx): staff only. */
export async function POST(req: Request, ctx: { params: Promise<{ id: string }> }) {
  await connection();
  const foreign = refuseForeignOrigin(req);
  if (foreign) return fail(foreign.status, foreign.code);
  const user = await getCurrentUser();
  if (!user) return fail(401, 'unauthenticated');
  if (user.role !== 'admin') return fail(404, 'notFound');
  const file = await readUploadedFile(req, MAX_RESULT_BYTES);
  if (!file.ok) return fail(file.status, file.code);
  const r = await applyBatchResult(getDb(), actorOf(user), { batchId: (await ctx.params).id, bytes: file.bytes });
  if (!r.ok) return fail(r.error === 'notFound' ? 404 : 400, r.error ?? 'unknown');
  return NextResponse.json({ ok: true, ...r.data }, { status: 200 });
}
