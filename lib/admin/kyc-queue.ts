import { and, asc, eq, ne } from 'drizzle-orm';
import type { DbOrTx } from '@/db';
import { kycProfiles } from '@/db/schema';
import { assertStaff, type StaffActor } from '@/lib/actor';
import { isUuid } from '@/lib/validation/ids';

/**
 * The profile a reviewer opens after deciding one: the oldest submission still waiting, other
 * than the one just decided (the queue's own order, through its state-and-date index). Null when
 * the queue is empty.
 */
export async function nextKycToReview(db: DbOrTx, actor: StaffActor, after?: string): Promise<string | null> {
  assertStaff(actor);
  const [row] = await db
    .select({ id: kycProfiles.id })
    .from(kycProfiles)
    .where(and(eq(kycProfiles.status, 'submitted'), after && isUuid(after) ? ne(kycProfiles.id, after) : undefined))
    .orderBy(asc(kycProfiles.submittedAt), asc(kycProfiles.id))
    .limit(1);
  return row?.id ?? null;
}
