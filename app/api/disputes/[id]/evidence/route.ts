import { NextResponse } from 'next/server';
import { getDb } from '@/db';
import { addDisputeEvidence } from '@/lib/disputes';
import { receiveUpload, uploadFail } from '@/lib/http/receive-upload';
import { MAX_DOCUMENT_BYTES } from '@/lib/kyc/documents';
import { getStorage } from '@/lib/storage';

/** One evidence file for the merchant's own dispute (multipart `file`, PDF, PNG or JPEG, ≤ 5 MB, at most five). */
export async function POST(req: Request, ctx: { params: Promise<{ id: string }> }) {
  const upload = await receiveUpload(req, { maxBytes: MAX_DOCUMENT_BYTES, who: 'merchant-kyc', need: 'sell' });
  if (!upload.ok) return upload.response;
  const actor = upload.actor;
  if (actor.kind !== 'merchant') return uploadFail(403, 'forbidden');
  const r = await addDisputeEvidence(getDb(), actor, { disputeId: (await ctx.params).id, bytes: upload.file.bytes, name: upload.file.name }, getStorage());
  if (!r.ok) {
    const status = r.error === 'notFound' ? 404 : r.error === 'fileTooLarge' ? 413 : r.error === 'fileType' || r.error === 'fileEmpty' ? 400 : 409;
    return uploadFail(status, r.error ?? 'unknown');
  }
  return NextResponse.json({ ok: true, files: r.data.evidence.length }, { status: 201 });
}
