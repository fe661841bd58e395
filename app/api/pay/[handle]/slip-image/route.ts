import { connection, NextResponse } from 'next/server';
import { getDb } from '@/db';
import { clientIp } from '@/lib/auth/request';
import { readUploadedFile, refuseForeignOrigin } from '@/lib/http/upload';
import { MAX_SLIP_IMAGE_BYTES, uploadSlipImage } from '@/lib/payments/images';
import { publicLink } from '@/lib/payments/link-settings';
import { hit } from '@/lib/rate-limit';
import { getStorage } from '@/lib/storage';

/** Anonymous payers may store this many slip photos per client address in the window. */
const SLIP_IMAGE_RATE = { limit: 10, windowSeconds: 10 * 60 };

const fail = (status: number, code: string, headers?: HeadersInit) => NextResponse.json({ error: { code, message: code } }, { status, headers });

/** A payer's photo of a deposit slip, before the slip is submitted; answers a token the submit brings back. */
export async function POST(req: Request, ctx: { params: Promise<{ handle: string }> }) {
  await connection();
  const foreign = refuseForeignOrigin(req);
  if (foreign) return fail(foreign.status, foreign.code);
  const { handle } = await ctx.params;
  const db = getDb();
  const link = await publicLink(db, handle);
  if (!link || !link.settings.acceptSlips) return fail(404, 'notFound');
  // Counted before the body is read: a refused upload costs the sender a turn as well.
  const rate = await hit(db, `slip-image:ip:${clientIp(req.headers)}`, SLIP_IMAGE_RATE);
  if (!rate.ok) return fail(429, 'rateLimited', { 'Retry-After': String(rate.retryAfterSeconds) });
  const file = await readUploadedFile(req, MAX_SLIP_IMAGE_BYTES);
  if (!file.ok) return fail(file.status, file.code);
  const r = await uploadSlipImage(getStorage(), link.settings.handle, file.bytes);
  if (!r.ok) return fail(r.error === 'fileTooLarge' ? 413 : 400, r.error ?? 'unknown');
  return NextResponse.json({ token: r.data.token }, { status: 201 });
}
