import { getDb } from '@/db';
import { payByBankIvr } from '@/lib/ivr';
import { ivrJson, readIvrBody } from '@/lib/ivr/edge';
import { bankIvrPaySchema } from '@/lib/ivr/schemas';

export const dynamic = 'force-dynamic';

/**
 * The sandbox bank's IVR: where a call lands after the look-up (the SIP hand-off's merchant id,
 * transaction id and Amount); the caller keys a test card and a PIN. Test cards pick the outcome,
 * as on the sandbox bank's web page.
 */
export async function POST(req: Request): Promise<Response> {
  const parsed = await readIvrBody(req, bankIvrPaySchema);
  if (!parsed.ok) return parsed.response;
  const r = await payByBankIvr(getDb(), parsed.data);
  if (!r.ok) return ivrJson(r.error === 'notFound' ? 404 : r.error === 'alreadyDone' ? 409 : 400, { error: r.error });
  return ivrJson(200, { outcome: r.outcome, tracking_code: r.trackingCode, reason: r.reason ?? null, bank_ref: r.bankRef ?? null });
}
