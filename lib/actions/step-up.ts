import { and, eq } from 'drizzle-orm';
import type { DbOrTx } from '@/db';
import { apiKeys, platforms } from '@/db/schema';
import { ownedBy, type MerchantActor } from '@/lib/actor';
import { isUuid } from '@/lib/validation/ids';

/**
 * The `stepUp` predicate of rolling a key: only a live key is sensitive (a sandbox key moves no
 * money). A key of another business, or none, is not asked about: the action refuses it itself.
 */
export async function isLiveKeyOf(db: DbOrTx, actor: MerchantActor, keyId: string): Promise<boolean> {
  if (!isUuid(keyId)) return false;
  const [row] = await db
    .select({ environment: apiKeys.environment })
    .from(apiKeys)
    .innerJoin(platforms, eq(platforms.id, apiKeys.platformId))
    .where(and(eq(apiKeys.id, keyId), ownedBy(actor, platforms.userId)));
  return row?.environment === 'live';
}
