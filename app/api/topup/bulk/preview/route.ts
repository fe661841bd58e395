import { NextResponse } from 'next/server';
import { getDb } from '@/db';
import type { MerchantActor } from '@/lib/actor';
import { receiveUpload, uploadFail } from '@/lib/http/receive-upload';
import { BULK_MAX_BYTES, previewBulkUpload } from '@/lib/topup/bulk';

/** A bulk top-up file checked row by row (multipart `file`, `?platform=`): nothing is saved. */
export async function POST(req: Request) {
  const upload = await receiveUpload(req, { maxBytes: BULK_MAX_BYTES, who: 'merchant-kyc', need: 'sell' });
  if (!upload.ok) return upload.response;
  const platformId = new URL(req.url).searchParams.get('platform') ?? '';
  const r = await previewBulkUpload(getDb(), upload.actor as MerchantActor, { platformId, bytes: upload.file.bytes });
  if (!r.ok) return uploadFail(r.error === 'notFound' ? 404 : r.error === 'fileTooLarge' ? 413 : 400, r.error ?? 'unknown');
  const { rows, validCount, total, withdrawable } = r.data;
  return NextResponse.json({
    rows: rows.map((x) => (x.ok ? { ...x, amount: x.amount.toString() } : x)),
    validCount,
    total: total.toString(),
    withdrawable: withdrawable.toString(),
  });
}
