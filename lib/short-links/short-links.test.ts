import { describe, expect, it } from 'vitest';
import { shortLinks } from '@/db/schema';
import { eq } from 'drizzle-orm';
import { merchantActorOf as actorOf } from '@/test/fixtures';
import { makeLinkShop } from '@/lib/payments/fixtures';
import { checkSignature, getLinkSettings } from '@/lib/payments/link-settings';
import { buildLinkSchema } from '@/lib/validation/payments';
import { testDb } from '@/test/db';
import { createShortLink, resolveShortLink } from '.';

const db = testDb();
const BASE = 'http://dargah.test';
const input = (platformId: string, over: Record<string, unknown> = {}) =>
  buildLinkSchema.parse({ platformId, amount: '30000', name: 'Ali', description: '', sign: true, ...over });

describe('short links', () => {
  it('shortens the signed link of the merchant’s own platform, and the code leads back to it', async () => {
    const shop = await makeLinkShop(db);
    const r = await createShortLink(db, actorOf(shop.merchant), input(shop.platform.id), BASE);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.data.url).toBe(`${BASE}/s/${r.data.code}`);
    const target = await resolveShortLink(db, r.data.code);
    expect(target).toBe(r.data.target);
    const url = new URL(target!, BASE);
    expect(url.pathname).toBe(`/pay/${shop.handle}`);
    expect(url.searchParams.get('amount')).toBe('30000');
    expect(url.searchParams.get('name')).toBe('Ali');
    // The stored link is the signed one: the pay page accepts its signature.
    const settings = await getLinkSettings(db, actorOf(shop.merchant), shop.platform.id);
    if (!settings || settings === 'notFound') throw new Error('no settings');
    expect(checkSignature(settings, Object.fromEntries(url.searchParams))).toBe('valid');
    // The same link again: the same code, no second row.
    const again = await createShortLink(db, actorOf(shop.merchant), input(shop.platform.id), BASE);
    expect(again.ok && again.data.code).toBe(r.data.code);
    expect(await db.select().from(shortLinks).where(eq(shortLinks.platformId, shop.platform.id))).toHaveLength(1);
    // A different amount: another code.
    const other = await createShortLink(db, actorOf(shop.merchant), input(shop.platform.id, { amount: '40000' }), BASE);
    expect(other.ok && other.data.code).not.toBe(r.data.code);
  });

  it('makes nothing for another merchant’s platform', async () => {
    const mine = await makeLinkShop(db);
    const theirs = await makeLinkShop(db);
    const before = await db.select().from(shortLinks).where(eq(shortLinks.platformId, theirs.platform.id));
    const r = await createShortLink(db, actorOf(mine.merchant), input(theirs.platform.id), BASE);
    expect(r).toEqual({ ok: false, error: 'notFound' });
    expect(await db.select().from(shortLinks).where(eq(shortLinks.platformId, theirs.platform.id))).toEqual(before);
  });

  it('knows no unknown or malformed code', async () => {
    expect(await resolveShortLink(db, 'zzzzzzzz')).toBeNull();
    expect(await resolveShortLink(db, "x' or 1=1")).toBeNull();
    expect(await resolveShortLink(db, '')).toBeNull();
  });
});
