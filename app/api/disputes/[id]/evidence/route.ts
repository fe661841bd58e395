import { connection, NextResponse } from 'next/server';
import { getDb } from '@/db';
import { actorOf } from '@/lib/actor';
import { getCurrentUser } from '@/lib/auth/session';
import { addDisputeEvidence } from '@/lib/disputes';
import { readUploadedFile, refuseForeignOrigin } from '@/lib/http/upload';
import { MAX_DOCUMENT_BYTES } from '@/lib/kyc/documents';
import { getKycProfile, isKycApproved } from '@/lib/kyc';
import { getStorage } from '@/lib/storage';

const fail = (status: number, code: string) => NextResponse.json({ error: { code, message: code } }, { status });

/** One evidence file for the merchant's own dispute (multipart `file`, PDF, PNG or JPEG, ≤ 5 MB, at most five). */
export async function POST(req: Request, ctx: { params: Promise<{ id: string }> }) {
  await connection();
  const foreign = refuseForeignOrigin(req);
  if (foreign) return fail(foreign.status, foreign.code);
  const user = await getCurrentUser();
  if (!user) return fail(401, 'unauthenticated');
  if (user.role !== 'merchant' || !isKycApproved(await getKycProfile(getDb(), user.id))) return fail(403, 'forbidden');
  const file = await readUploadedFile(req, MAX_DOCUMENT_BYTES);
  if (!file.ok) return fail(file.status, file.code);
  const actor = actorOf(user);
  if (actor.kind !== 'merchant') return fail(403, 'forbidden');
  const r = await addDisputeEvidence(getDb(), actor, { disputeId: (await ctx.params).id, bytes: file.bytes, name: file.name ?? 'evidence' }, getStorage());
  if (!r.ok)
    return fail(
      r.error === 'notFound' ? 404 : r.error === 'fileTooLarge' ? 413 : r.error === 'fileType' || r.error === 'fileEmpty' ? 400 : 409,
      r.error ?? 'unknown',
    );
  return NextResponse.json({ ok: true, files: r.data.evidence.length }, { status: 201 });
}
