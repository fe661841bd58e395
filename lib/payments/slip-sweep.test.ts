import { mkdtempSync, utimesSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { eq, inArray } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { depositSlips, payments } from '@/db/schema';
import { localStorage } from '@/lib/storage';
import { testDb, uniqueIp, uniqueMobile } from '@/test/db';
import { PNG } from '@/test/uploads';
import { slipImageKey, uploadSlipImage } from './images';
import { makeLinkShop, SLIPS_ONLY } from './fixtures';
import { payByLink } from './pay-by-link';
import { SLIP_IMAGE_KEEP_MS, sweepSlipImages } from './slip-sweep';

const db = testDb();
const root = mkdtempSync(path.join(os.tmpdir(), 'dargah-slip-sweep-'));
const storage = localStorage(root);
const HOUR = 60 * 60 * 1000;

/** A link that takes slips only (no gateway), as a sweep needs. */
async function makeLink(prefix: string) {
  const shop = await makeLinkShop(db, { handle: `${prefix}-${Date.now().toString(36)}${Math.floor(Math.random() * 1e4)}`, title: 'Sweep', ...SLIPS_ONLY });
  return { handle: shop.handle, platformId: shop.platform.id };
}

async function upload(handle: string, at: Date) {
  const up = await uploadSlipImage(storage, handle, PNG, at);
  if (!up.ok) throw new Error(up.error);
  return { token: up.data.token, key: up.data.token.slice(0, up.data.token.lastIndexOf('.')) };
}

const submitSlip = (handle: string, image: string) =>
  payByLink(
    db,
    {
      handle,
      payer: { name: 'Payer', mobile: uniqueMobile(), amount: '50000', method: 'slip', bank: 'melli', slipNumber: '123456', depositDate: '1405/08/01', image },
      query: {},
    },
    { baseUrl: 'http://x', ip: uniqueIp() },
  );

const stored = async (key: string) => (await storage.get(key)) !== null;

describe('sweep of unused slip photos', () => {
  it('removes a photo no slip used after a day, keeps a used one and a fresh one', async () => {
    const { handle, platformId } = await makeLink('swp');
    const now = Date.now();
    const stale = await upload(handle, new Date(now - SLIP_IMAGE_KEEP_MS - HOUR));
    const fresh = await upload(handle, new Date(now - HOUR));
    // Used: attached while its token was fresh, and a day old by the time the sweep runs.
    const used = await upload(handle, new Date(now - 5 * HOUR));
    expect((await submitSlip(handle, used.token)).ok).toBe(true);
    const [slip] = await db
      .select({ key: depositSlips.imageKey })
      .from(depositSlips)
      .innerJoin(payments, eq(payments.id, depositSlips.paymentId))
      .where(eq(payments.platformId, platformId));
    expect(slip.key).toBe(used.key);
    // A photo from before keys carried their time is judged by the file's own time.
    const legacy = `slips/${handle}/${crypto.randomUUID()}`;
    await storage.put(legacy, PNG, 'image/png');
    const old = new Date(now - SLIP_IMAGE_KEEP_MS - HOUR);
    utimesSync(path.join(root, legacy), old, old);

    const removed = await sweepSlipImages(db, storage, new Date(now + 20 * HOUR), 2);
    expect(removed).toBeGreaterThanOrEqual(2);
    expect(await stored(stale.key)).toBe(false);
    expect(await stored(legacy)).toBe(false);
    expect(await stored(used.key)).toBe(true);
    expect(await stored(fresh.key)).toBe(true);
  });

  it('refuses to attach a photo whose token is stale, so the sweep can never take one a slip is about to use', async () => {
    const { handle } = await makeLink('swt');
    const stale = await upload(handle, new Date(Date.now() - 7 * HOUR));
    expect(slipImageKey(stale.token, handle)).toBeNull();
    const ok = await upload(handle, new Date(Date.now() - 5 * HOUR));
    expect(slipImageKey(ok.token, handle)).toBe(ok.key);
    // A token without the upload time (from before this rule) is refused, as is one from the future.
    expect(slipImageKey(`${`slips/${handle}/${crypto.randomUUID()}`}.x`, handle)).toBeNull();
    expect(slipImageKey((await upload(handle, new Date(Date.now() + HOUR))).token, handle)).toBeNull();
  });

  it('never leaves a slip naming a removed photo when slips race the sweep', async () => {
    const { handle, platformId } = await makeLink('swr');
    const now = Date.now();
    const stale = await Promise.all(Array.from({ length: 6 }, () => upload(handle, new Date(now - SLIP_IMAGE_KEEP_MS - HOUR))));
    const fresh = await Promise.all(Array.from({ length: 6 }, () => upload(handle, new Date(now - 10 * 60 * 1000))));
    const [, ...submitted] = await Promise.all([
      sweepSlipImages(db, storage, new Date(), 3),
      ...[...stale, ...fresh].map((p) => submitSlip(handle, p.token)),
      sweepSlipImages(db, storage, new Date(), 3),
    ]);
    expect(submitted.filter((r) => typeof r === 'object' && r.ok)).toHaveLength(12);

    const slips = await db
      .select({ key: depositSlips.imageKey })
      .from(depositSlips)
      .innerJoin(payments, eq(payments.id, depositSlips.paymentId))
      .where(eq(payments.platformId, platformId));
    expect(slips).toHaveLength(12);
    const keys = slips.map((s) => s.key).filter((k): k is string => k !== null);
    // Every photo a slip names is still stored: the fresh ones were attached, the stale ones refused.
    for (const k of keys) expect(await stored(k)).toBe(true);
    expect(keys.sort()).toEqual(fresh.map((f) => f.key).sort());
    for (const s of stale) expect(await stored(s.key)).toBe(false);
    expect(
      await db
        .select()
        .from(depositSlips)
        .where(
          inArray(
            depositSlips.imageKey,
            stale.map((s) => s.key),
          ),
        ),
    ).toEqual([]);
  });
});
