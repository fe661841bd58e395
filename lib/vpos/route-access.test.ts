/**
 * The check the virtual POS route handlers (the collections export, the bank's 3-D page) make again:
 * signed out → 401; staff, a merchant without approved customer information, or one without the
 * virtual POS service → 403; the merchant with it → its own Actor.
 */
import { describe, expect, it, vi } from 'vitest';
import type { Db } from '@/db';

const h = vi.hoisted(() => ({ db: undefined as Db | undefined, user: null as null | { id: string; role: string } }));
vi.mock('@/db', async (orig) => ({ ...(await orig<typeof import('@/db')>()), getDb: () => h.db! }));
vi.mock('@/lib/auth/session', async () => (await import('@/test/actions')).sessionMock(h));

const { testDb } = await import('@/test/db');
const { makeAdmin, makeMerchant } = await import('@/test/fixtures');
const { makeVposMerchant } = await import('./fixtures');
const { vposRouteActor } = await import('./route-access');

const db = testDb();
h.db = db;

const status = async () => {
  const r = await vposRouteActor();
  return r instanceof Response ? r.status : r;
};

describe('vposRouteActor', () => {
  it('refuses the signed out, staff, an unapproved merchant and one without the service; answers the merchant with it', async () => {
    h.user = null;
    expect(await status()).toBe(401);
    h.user = await makeAdmin(db);
    expect(await status()).toBe(403);
    h.user = await makeMerchant(db);
    expect(await status()).toBe(403);
    h.user = await makeMerchant(db, { kycApproved: true });
    expect(await status()).toBe(403);
    const m = await makeVposMerchant(db);
    h.user = m.merchant;
    expect(await status()).toEqual(expect.objectContaining({ kind: 'merchant', merchantId: m.actor.merchantId }));
  });
});
