import { connection, NextResponse } from 'next/server';
import { getDb } from '@/db';
import { getCurrentUser, routeActorOf } from '@/lib/auth/session';
import { readUploadForm, refuseForeignOrigin } from '@/lib/http/upload';
import { getKycProfile } from '@/lib/kyc';
import { KYC_DOCUMENT_KINDS, MAX_DOCUMENT_BYTES, uploadKycDocument } from '@/lib/kyc/documents';
import { getStorage } from '@/lib/storage';
import { PERSON_KINDS } from '@/lib/validation/kyc';
import { z } from 'zod';

const uploadSchema = z.object({
  kind: z.enum(KYC_DOCUMENT_KINDS),
  personKind: z.enum(PERSON_KINDS),
});

const fail = (status: number, code: string, message: string) => NextResponse.json({ error: { code, message } }, { status });

/** Upload one KYC document (multipart: kind, personKind, file). Merchants only, for themselves. */
export async function POST(req: Request) {
  await connection();
  if (refuseForeignOrigin(req)) return fail(403, 'forbidden', 'Upload from the portal');
  const user = await getCurrentUser();
  if (!user) return fail(401, 'unauthenticated', 'Sign in first');
  const actor = await routeActorOf(user, { need: 'kyc' });
  if (actor?.kind !== 'merchant') return fail(403, 'forbidden', 'Merchants only');
  const read = await readUploadForm(req, MAX_DOCUMENT_BYTES);
  if (!read.ok) return read.code === 'fileTooLarge' ? fail(413, 'fileTooLarge', 'At most 5 MB') : fail(400, 'invalid', 'Send multipart/form-data');
  const form = read.form;
  const parsed = uploadSchema.safeParse({ kind: form.get('kind'), personKind: form.get('personKind') });
  const file = form.get('file');
  if (!parsed.success || !(file instanceof File)) return fail(400, 'invalid', 'kind, personKind and file are required');
  const db = getDb();
  // The kind of person on record wins over the form's, once there is a record.
  const profile = await getKycProfile(db, actor.merchantId);
  const r = await uploadKycDocument(
    db,
    actor,
    {
      kind: parsed.data.kind,
      personKind: profile?.kind ?? parsed.data.personKind,
      bytes: Buffer.from(await file.arrayBuffer()),
      name: file.name,
    },
    getStorage(),
  );
  if (!r.ok) return fail(r.error === 'fileTooLarge' ? 413 : r.error === 'inReview' ? 409 : 400, r.error, r.error);
  const d = r.document;
  return NextResponse.json({ id: d.id, kind: d.kind, contentType: d.contentType, size: d.size, name: d.originalName }, { status: 201 });
}
