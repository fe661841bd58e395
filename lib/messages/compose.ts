import { and, eq } from 'drizzle-orm';
import type { DbOrTx } from '@/db';
import { users, type BroadcastTarget } from '@/db/schema';
import { fieldErr, ok, type Result } from '@/lib/result';
import { normalizeMobile } from '@/lib/validation/auth';
import type { ComposeValues } from '@/lib/validation/messages';

/** The compose form's target as stored; a mobile no merchant has is an error on the mobile field. */
export async function resolveTarget(db: DbOrTx, v: ComposeValues): Promise<Result<BroadcastTarget>> {
  switch (v.targetKind) {
    case 'all':
      return ok({ kind: 'all' });
    case 'service':
      return ok({ kind: 'service', serviceId: v.serviceId });
    case 'kyc':
      return ok({ kind: 'kyc', status: v.kycStatus as Extract<BroadcastTarget, { kind: 'kyc' }>['status'] });
    case 'province':
      return ok({ kind: 'province', province: v.province });
    case 'merchant': {
      const mobile = normalizeMobile(v.mobile);
      const [u] = mobile
        ? await db
            .select({ id: users.id })
            .from(users)
            .where(and(eq(users.mobile, mobile), eq(users.role, 'merchant')))
        : [];
      return u ? ok({ kind: 'merchant', userId: u.id }) : fieldErr({ mobile: 'merchantUnknown' });
    }
  }
}
