import { NextResponse } from 'next/server';
import { getDb } from '@/db';
import { receiveUpload, uploadFail } from '@/lib/http/receive-upload';
import { applyBatchResult } from '@/lib/payouts/batches';
import { actorWithRoles } from '@/lib/staff';
import { canStaff } from '@/lib/staff/permissions';

const MAX_RESULT_BYTES = 5 * 1024 * 1024;

/** The bank's result file for a sent batch (multipart `file`, CSV or xlsx): finance staff only. */
export async function POST(req: Request, ctx: { params: Promise<{ id: string }> }) {
  const upload = await receiveUpload(req, { maxBytes: MAX_RESULT_BYTES, who: 'staff' });
  if (!upload.ok) return upload.response;
  const actor = await actorWithRoles(getDb(), upload.user);
  if (!canStaff(actor, 'payouts', 'write')) return uploadFail(404, 'notFound');
  const r = await applyBatchResult(getDb(), actor, { batchId: (await ctx.params).id, bytes: upload.file.bytes });
  if (!r.ok) return uploadFail(r.error === 'notFound' ? 404 : 400, r.error ?? 'unknown');
  return NextResponse.json({ ok: true, ...r.data }, { status: 200 });
}
