import { inArray } from 'drizzle-orm';
import type { Db } from '@/db';
import { depositSlips } from '@/db/schema';
import type { FileStorage } from '@/lib/storage';
import { SLIP_IMAGE_TOKEN_TTL_MS, slipImageUploadedAt } from './images';

/** A slip photo no deposit slip uses is removed once it is this old. */
export const SLIP_IMAGE_KEEP_MS = 24 * 60 * 60 * 1000;

// The race with a slip being submitted is settled by time, not by a lock: a slip can attach a
// photo only while its token is fresh (SLIP_IMAGE_TOKEN_TTL_MS after the upload, the time being
// part of the signed key), and the sweep looks at a photo only a day after its upload. A slip
// insert that commits after the sweep's look would have had to start hours before it.
if (SLIP_IMAGE_KEEP_MS < SLIP_IMAGE_TOKEN_TTL_MS + 60 * 60 * 1000) throw new Error('slip photos must outlive their tokens by hours');

/**
 * Removes the stored slip photos that no deposit slip names, a day after their upload. Photos
 * have no rows of their own (a slip names its photo by storage key), so the store is listed and
 * each batch of old keys is checked against `deposit_slips` in one query. Answers how many went.
 */
export async function sweepSlipImages(db: Db, storage: FileStorage, now = new Date(), batchSize = 500): Promise<number> {
  const cutoff = now.getTime() - SLIP_IMAGE_KEEP_MS;
  let removed = 0;
  let batch: string[] = [];
  const flush = async () => {
    const keys = batch;
    batch = [];
    const used = await db.select({ key: depositSlips.imageKey }).from(depositSlips).where(inArray(depositSlips.imageKey, keys));
    const keep = new Set(used.map((u) => u.key));
    for (const key of keys) {
      if (keep.has(key)) continue;
      await storage.remove(key);
      removed++;
    }
  };
  for await (const o of storage.list('slips/')) {
    // The upload time the key carries (signed with it); the store's own time for older keys.
    const at = (slipImageUploadedAt(o.key) ?? o.modifiedAt).getTime();
    if (at > cutoff) continue;
    batch.push(o.key);
    if (batch.length >= batchSize) await flush();
  }
  if (batch.length) await flush();
  return removed;
}
