import { NextResponse } from 'next/server';
import { getDb } from '@/db';
import { readUploadedFile } from '@/lib/http/upload';
import { MAX_SLIP_IMAGE_BYTES, uploadSlipImage } from '@/lib/payments/images';
import { publicLink } from '@/lib/payments/links';
import { getStorage } from '@/lib/storage';

const fail = (status: number, code: string) => NextResponse.json({ error: { code, message: code } }, { status });

/** A payer's photo of a deposit slip, before the slip is submitted; answers a token the submit brings back. */
export async function POST(req: Request, ctx: { params: Promise<{ handle: string }> }) {
  const { handle } = await ctx.params;
  const link = await publicLink(getDb(), handle);
  if (!link || !link.settings.acceptSlips) return fail(404, 'notFound');
  const file = await readUploadedFile(req, MAX_SLIP_IMAGE_BYTES);
  if (!file.ok) return fail(file.status, file.code);
  const r = await uploadSlipImage(getStorage(), link.settings.handle, file.bytes);
  if (!r.ok) return fail(r.error === 'fileTooLarge' ? 413 : 400, r.error);
  return NextResponse.json({ token: r.token }, { status: 201 });
}
