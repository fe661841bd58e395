import { eq } from 'drizzle-orm';
import type { Db } from '@/db';
import { platforms } from '@/db/schema';
import { addPlatform } from '@/lib/platforms';
import { addPlatformSchema } from '@/lib/validation/platforms';
import { makeMerchantService, merchantActorOf } from '@/test/fixtures';
import { FAKE_NKOLAY_MERCHANT, startFakeNkolay } from '@/test/fakes/nkolay';

export { FAKE_NKOLAY_MERCHANT };
import { createVposDefinition, setNkolayTestBaseUrlForTests, setPlatformVposDefinition } from './definitions';
import { vposDefinitionSchema } from './schemas';

/** A fake N Kolay for a test file, test-environment definitions pointed at it; stop it in afterAll. */
export async function startVposFake() {
  const fake = await startFakeNkolay(FAKE_NKOLAY_MERCHANT);
  setNkolayTestBaseUrlForTests(fake.baseUrl);
  return {
    ...fake,
    async stop() {
      setNkolayTestBaseUrlForTests(null);
      await fake.close();
    },
  };
}

/**
 * A merchant with the virtual POS service, an approved virtual POS platform, and a test-environment
 * definition of the fake N Kolay's credentials as the platform's default.
 */
export async function makeVposMerchant(db: Db, opts: { use3d?: boolean; maxInstallments?: number; secretKey?: string } = {}) {
  const { merchant, merchantServiceId } = await makeMerchantService(db, 'vpos');
  const actor = merchantActorOf(merchant);
  const p = await addPlatform(
    db,
    actor,
    addPlatformSchema.parse({
      type: 'website',
      name: 'Anadolu Shop',
      address: 'https://anadolu.example',
      expectedMonthlyVolume: '1000000',
      merchantServiceId,
      callbackUrls: 'https://anadolu.example/return',
    }),
  );
  if (!p.ok) throw new Error(p.error);
  await db.update(platforms).set({ status: 'approved' }).where(eq(platforms.id, p.data.platform.id));
  const d = await createVposDefinition(
    db,
    actor,
    vposDefinitionSchema.parse({
      company: 'Anadolu Ticaret A.Ş.',
      name: 'N Kolay test',
      environment: 'test',
      sx: FAKE_NKOLAY_MERCHANT.sx,
      sxList: FAKE_NKOLAY_MERCHANT.sxList,
      sxCancel: FAKE_NKOLAY_MERCHANT.sxCancel,
      secretKey: opts.secretKey ?? FAKE_NKOLAY_MERCHANT.merchantSecretKey,
      use3d: opts.use3d ?? true,
      maxInstallments: opts.maxInstallments ?? 6,
    }),
  );
  if (!d.ok) throw new Error(d.error);
  const s = await setPlatformVposDefinition(db, actor, p.data.platform.id, d.data.id);
  if (!s.ok) throw new Error(s.error);
  const [platform] = await db.select().from(platforms).where(eq(platforms.id, p.data.platform.id));
  return { merchant, actor, platform, definitionId: d.data.id, apiKey: p.data.sandboxKey };
}
