import { NextResponse } from 'next/server';
import { getDb } from '@/db';
import { receiveUpload, uploadFail } from '@/lib/http/receive-upload';
import { MAX_LOGO_BYTES, setLinkLogo } from '@/lib/payments/images';
import { getStorage } from '@/lib/storage';

/** The merchant's logo for a platform's payment link (multipart `file`, PNG or JPEG, ≤ 512 KB). */
export async function POST(req: Request, ctx: { params: Promise<{ platformId: string }> }) {
  const upload = await receiveUpload(req, { maxBytes: MAX_LOGO_BYTES, who: 'merchant-kyc', need: 'platforms' });
  if (!upload.ok) return upload.response;
  const r = await setLinkLogo(getDb(), getStorage(), upload.actor, { platformId: (await ctx.params).platformId, bytes: upload.file.bytes });
  if (!r.ok) return uploadFail(r.error === 'notFound' ? 404 : r.error === 'fileTooLarge' ? 413 : 400, r.error ?? 'unknown');
  return NextResponse.json({ ok: true }, { status: 201 });
}
