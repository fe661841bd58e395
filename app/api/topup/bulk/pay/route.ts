import { after, NextResponse } from 'next/server';
import { getDb } from '@/db';
import type { MerchantActor } from '@/lib/actor';
import { receiveUpload, uploadFail } from '@/lib/http/receive-upload';
import { BULK_MAX_BYTES, deliverBulk, payBulk } from '@/lib/topup/bulk';

const KEY = /^[A-Za-z0-9-]{16,64}$/;

/**
 * Pays a bulk top-up from the platform's withdrawable balance (multipart `file`, `?platform=` and
 * the client's `key`). A route handler rather than a server action: the file may be 2 MB, past
 * the actions' body limit. The file is checked again here, never the browser's preview; delivery
 * starts once the answer is sent (what it does not finish, the top-up janitor does).
 */
export async function POST(req: Request) {
  const upload = await receiveUpload(req, { maxBytes: BULK_MAX_BYTES, who: 'merchant-kyc', need: 'sell' });
  if (!upload.ok) return upload.response;
  const q = new URL(req.url).searchParams;
  const key = q.get('key') ?? '';
  if (!KEY.test(key)) return uploadFail(400, 'invalid');
  const db = getDb();
  const r = await payBulk(db, upload.actor as MerchantActor, { platformId: q.get('platform') ?? '', bytes: upload.file.bytes, key });
  if (!r.ok) return uploadFail(r.error === 'notFound' ? 404 : r.error === 'insufficientBalance' ? 409 : 400, r.error ?? 'unknown');
  const bulkId = r.data.bulk.id;
  if (r.data.created) after(() => deliverBulk(db, bulkId).catch((e) => console.error('[topup bulk]', bulkId, e)));
  return NextResponse.json({ id: bulkId, created: r.data.created });
}
