import { connection, NextResponse } from 'next/server';
import type { User } from '@/db/schema';
import type { MerchantActor, StaffActor } from '@/lib/actor';
import type { Permission } from '@/lib/teams/permissions';
import { getDb } from '@/db';
import { getCurrentUser, routeActorOf } from '@/lib/auth/session';
import { getKycProfile, isKycApproved } from '@/lib/kyc';
import { readUploadedFile, refuseForeignOrigin } from './upload';

/** A route handler's JSON refusal in the API's error shape. */
export const uploadFail = (status: number, code: string) => NextResponse.json({ error: { code, message: code } }, { status });

/**
 * The start of every signed-in upload route: the request comes from the portal's own pages, the
 * session is who the route is for (an approved merchant, or staff — anyone else is told nothing
 * more than "not found"), and the multipart `file` is read under its byte cap.
 */
export async function receiveUpload(
  req: Request,
  opts: { maxBytes: number; who: 'merchant-kyc' | 'staff'; need?: Permission },
): Promise<{ ok: true; user: User; actor: MerchantActor | StaffActor; file: { bytes: Buffer; name: string } } | { ok: false; response: Response }> {
  await connection();
  const refuse = (status: number, code: string) => ({ ok: false as const, response: uploadFail(status, code) });
  const foreign = refuseForeignOrigin(req);
  if (foreign) return refuse(foreign.status, foreign.code);
  const user = await getCurrentUser();
  if (!user) return refuse(401, 'unauthenticated');
  if (opts.who === 'staff' && user.role !== 'admin') return refuse(404, 'notFound');
  // A member acts for the business they chose, with their role's permissions (lib/teams).
  const actor = await routeActorOf(user, { need: opts.need });
  if (!actor) return refuse(403, 'forbidden');
  if (opts.who === 'merchant-kyc' && (actor.kind !== 'merchant' || !isKycApproved(await getKycProfile(getDb(), actor.merchantId))))
    return refuse(403, 'forbidden');
  const file = await readUploadedFile(req, opts.maxBytes);
  if (!file.ok) return refuse(file.status, file.code);
  return { ok: true, user, actor, file };
}
