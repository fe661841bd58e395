import 'server-only';
import { connection, NextResponse } from 'next/server';
import { getDb } from '@/db';
import { getCurrentUser, routeActorOf } from '@/lib/auth/session';
import { readUploadedFile, refuseForeignOrigin } from '@/lib/http/upload';
import { MAX_DOCUMENT_BYTES } from '@/lib/kyc/documents';
import { getStorage } from '@/lib/storage';
import { readAttachment, uploadAttachment } from './attachments';

/**
 * The two route handlers of support files, shared by the portal's and staff's paths: the upload
 * (multipart `file`, from the portal's own pages, ≤ 5 MB, PDF/PNG/JPEG by its bytes) and the
 * download (the business's own file, never of a staff note; staff who may read support).
 * `who` is the side the path belongs to: a merchant on a staff path (or the reverse) gets 404.
 */
const fail = (status: number, code: string) => NextResponse.json({ error: { code, message: code } }, { status });

export async function uploadSupportFile(req: Request, who: 'merchant' | 'staff'): Promise<Response> {
  await connection();
  const foreign = refuseForeignOrigin(req);
  if (foreign) return fail(foreign.status, foreign.code);
  const user = await getCurrentUser();
  if (!user) return fail(401, 'unauthenticated');
  if ((who === 'staff') !== (user.role === 'admin')) return fail(404, 'notFound');
  const actor = await routeActorOf(user, { need: 'payments', area: 'support' });
  if (!actor) return fail(403, 'roleForbidden');
  const file = await readUploadedFile(req, MAX_DOCUMENT_BYTES);
  if (!file.ok) return fail(file.status, file.code);
  const r = await uploadAttachment(getDb(), actor, { bytes: file.bytes, name: file.name }, getStorage());
  if (!r.ok)
    return fail(r.error === 'roleForbidden' ? 403 : r.error === 'fileTooLarge' ? 413 : r.error === 'supportUploadsTooMany' ? 429 : 400, r.error ?? 'invalid');
  return NextResponse.json({ ok: true, file: r.data }, { status: 201 });
}

export async function downloadSupportFile(id: string, who: 'merchant' | 'staff'): Promise<Response> {
  await connection();
  const user = await getCurrentUser();
  if (!user) return new Response('Sign in first', { status: 401 });
  const actor = (who === 'staff') === (user.role === 'admin') ? await routeActorOf(user, { need: 'payments', area: 'support' }) : null;
  const file = actor ? await readAttachment(getDb(), actor, id, getStorage()) : null;
  if (!file) return new Response('Not found', { status: 404 });
  return new Response(new Uint8Array(file.bytes), {
    headers: {
      'content-type': file.attachment.contentType,
      'content-disposition': `attachment; filename*=UTF-8''${encodeURIComponent(file.attachment.name)}`,
      'cache-control': 'private, no-store',
      'x-content-type-options': 'nosniff',
    },
  });
}
