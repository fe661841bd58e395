import { eq } from 'drizzle-orm';
import type { Db } from '@/db';
import { platforms } from '@/db/schema';
import { addPlatform } from '@/lib/platforms';
import { addPlatformSchema } from '@/lib/validation/platforms';
import { makeMerchantService, merchantActorOf } from '@/test/fixtures';
import { openApiPayment } from '@/lib/payments/payer';
import { FAKE_NKOLAY_3D_PASSWORD, FAKE_NKOLAY_MERCHANT, readForm, startFakeNkolay, submitForm } from '@/test/fakes/nkolay';

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

/**
 * The payer on N Kolay's hosted page (the fake at `fakeBaseUrl`): card, 3-D password, and the result
 * N Kolay posts back to us — `params` as our callback reads them (the result URL's token `t` too).
 */
export async function payOnHostedPage(db: Db, fakeBaseUrl: string, origin: string, paymentId: string, card: string) {
  const pageUrl = await openApiPayment(db, paymentId, origin);
  if (new URL(pageUrl).origin !== fakeBaseUrl) throw new Error(`the payer was sent to ${pageUrl}, not N Kolay's page`);
  const page = await (await fetch(pageUrl)).text();
  const acs = await submitForm(page, { cardNumber: card, month: '01', year: '2030', cvv: '264', installment: '1' });
  const posted = readForm(await submitForm(acs, { password: FAKE_NKOLAY_3D_PASSWORD }));
  const back = new URL(posted.action);
  if (back.origin + back.pathname !== `${origin}/pay/callback/nkolay`) throw new Error(`N Kolay posted back to ${posted.action}`);
  return { params: { ...posted.fields, t: back.searchParams.get('t')! } as Record<string, string>, fields: posted.fields };
}
