import { eq } from 'drizzle-orm';
import type { Db } from '@/db';
import { platforms } from '@/db/schema';
import { addPlatform } from '@/lib/platforms';
import { addPlatformSchema } from '@/lib/validation/platforms';
import { makeMerchantService, merchantActorOf } from '@/test/fixtures';
import { rollIvrSecret } from '.';

/** A merchant with an IVR platform (approved unless asked otherwise), its IVR credential and trunk id. */
export async function makeIvrPlatform(db: Db, opts: { approved?: boolean; address?: string } = {}) {
  const { merchant, merchantServiceId } = await makeMerchantService(db, 'ivr');
  const actor = merchantActorOf(merchant);
  const p = await addPlatform(
    db,
    actor,
    addPlatformSchema.parse({ type: 'ivr', name: 'Phone desk', address: opts.address ?? '02191071390', expectedMonthlyVolume: '1000000', merchantServiceId }),
  );
  if (!p.ok) throw new Error(p.error);
  if (opts.approved !== false) await db.update(platforms).set({ status: 'approved' }).where(eq(platforms.id, p.data.platform.id));
  const credential = await rollIvrSecret(db, actor, p.data.platform.id, 'credential');
  const trunk = await rollIvrSecret(db, actor, p.data.platform.id, 'trunk');
  if (!credential.ok || !trunk.ok) throw new Error('roll');
  const [platform] = await db.select().from(platforms).where(eq(platforms.id, p.data.platform.id));
  return { merchant, actor, platform, credential: credential.data.secret, trunk: trunk.data.secret, apiKey: p.data.sandboxKey };
}
