import { connection, NextResponse } from 'next/server';
import { getDb } from '@/db';
import { actorOf } from '@/lib/actor';
import { getCurrentUser } from '@/lib/auth/session';
import { readUploadedFile, refuseForeignOrigin } from '@/lib/http/upload';
import { getKycProfile, isKycApproved } from '@/lib/kyc';
import { MAX_LOGO_BYTES, setLinkLogo } from '@/lib/payments/images';
import { getStorage } from '@/lib/storage';

const fail = (status: number, code: string) => NextResponse.json({ error: { code, message: code } }, { status });

/** The merchant's logo for a platform's payment link (multipart `file`, PNG or JPEG, ≤ 512 KB). */
export async function POST(req: Request, ctx: { params: Promise<{ platformId: string }> }) {
  await connection();
  const foreign = refuseForeignOrigin(req);
  if (foreign) return fail(foreign.status, foreign.code);
  const user = await getCurrentUser();
  if (!user) return fail(401, 'unauthenticated');
  if (user.role !== 'merchant' || !isKycApproved(await getKycProfile(getDb(), user.id))) return fail(403, 'forbidden');
  const file = await readUploadedFile(req, MAX_LOGO_BYTES);
  if (!file.ok) return fail(file.status, file.code);
  const r = await setLinkLogo(getDb(), getStorage(), actorOf(user), { platformId: (await ctx.params).platformId, bytes: file.bytes });
  if (!r.ok) return fail(r.error === 'notFound' ? 404 : r.error === 'fileTooLarge' ? 413 : 400, r.error ?? 'unknown');
  return NextResponse.json({ ok: true }, { status: 201 });
}
