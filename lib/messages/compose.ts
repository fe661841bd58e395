import { and, eq } from 'drizzle-orm';
import type { z } from 'zod';
import type { Db } from '@/db';
import { users, type BroadcastTarget } from '@/db/schema';
import { normalizeMobile } from '@/lib/validation/auth';
import type { composeSchema } from '@/lib/validation/messages';

/** The compose form's target as stored, or `merchantUnknown` when no merchant has the mobile. */
export async function resolveTarget(db: Db, v: z.output<typeof composeSchema>): Promise<BroadcastTarget | 'merchantUnknown'> {
  switch (v.targetKind) {
    case 'all':
      return { kind: 'all' };
    case 'service':
      return { kind: 'service', serviceId: v.serviceId };
    case 'kyc':
      return { kind: 'kyc', status: v.kycStatus as Extract<BroadcastTarget, { kind: 'kyc' }>['status'] };
    case 'province':
      return { kind: 'province', province: v.province };
    case 'merchant': {
      const mobile = normalizeMobile(v.mobile);
      if (!mobile) return 'merchantUnknown';
      const [u] = await db
        .select({ id: users.id })
        .from(users)
        .where(and(eq(users.mobile, mobile), eq(users.role, 'merchant')));
      return u ? { kind: 'merchant', userId: u.id } : 'merchantUnknown';
    }
  }
}
