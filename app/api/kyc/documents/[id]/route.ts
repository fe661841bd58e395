import { connection, NextResponse } from 'next/server';
import { getDb } from '@/db';
import { getCurrentUser, routeActorOf } from '@/lib/auth/session';
import { readKycDocument } from '@/lib/kyc/documents';
import { getStorage } from '@/lib/storage';

/** A document inline, for its owner and staff; anyone else gets 404, as if it did not exist. */
export async function GET(_req: Request, { params }: { params: Promise<{ id: string }> }) {
  await connection();
  const user = await getCurrentUser();
  if (!user) return NextResponse.json({ error: { code: 'unauthenticated', message: 'Sign in first' } }, { status: 401 });
  // Staff read it only with a role that may read kyc.
  const actor = await routeActorOf(user, { need: 'kyc', area: 'kyc' });
  const found = actor && (await readKycDocument(getDb(), actor, (await params).id, getStorage()));
  if (!found) return NextResponse.json({ error: { code: 'not_found', message: 'Not found' } }, { status: 404 });
  return new NextResponse(new Uint8Array(found.bytes), {
    headers: {
      'content-type': found.document.contentType,
      'content-length': String(found.bytes.length),
      'content-disposition': `inline; filename*=UTF-8''${encodeURIComponent(found.document.originalName)}`,
      'cache-control': 'private, no-store',
      'x-content-type-options': 'nosniff',
      'content-security-policy': "sandbox; default-src 'none'; img-src 'self'; style-src 'unsafe-inline'",
    },
  });
}
