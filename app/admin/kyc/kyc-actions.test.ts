/**
 * The KYC queue's "approve and open the next": the action answers the oldest profile still waiting
 * (never the one just decided), and refuses a merchant or a visitor outright.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Db } from '@/db';
import { kycProfiles, type User } from '@/db/schema';
import { actingAs, refused } from '@/test/actions';

const h = vi.hoisted(() => ({ db: undefined as Db | undefined, user: null as null | { id: string; role: string } }));
vi.mock('next/cache', () => ({ revalidatePath: () => {}, revalidateTag: () => {} }));
vi.mock('@/db', async (orig) => ({ ...(await orig<typeof import('@/db')>()), getDb: () => h.db! }));
vi.mock('@/lib/auth/session', async () => {
  const need = (role?: string) => {
    if (!h.user) throw new Error('NEXT_REDIRECT /login');
    if (role && h.user.role !== role) throw new Error('FORBIDDEN');
    return h.user;
  };
  return { requireUser: async () => need(), requireMerchant: async () => need('merchant'), requireAdmin: async () => need('admin') };
});

const { testDb } = await import('@/test/db');
const { makeAdmin, makeMerchant, staffActorOf } = await import('@/test/fixtures');
const { nextKycToReview } = await import('@/lib/admin/kyc-queue');
const { nextKycAction } = await import('./actions');

const db = testDb();
h.db = db;
const as = actingAs(h);
let admin: User;
let merchant: User;
let oldest: string;
let newer: string;

beforeAll(async () => {
  admin = await makeAdmin(db);
  merchant = await makeMerchant(db);
  const [a, b] = [await makeMerchant(db), await makeMerchant(db)];
  // Submitted long ago, so that they come first whatever other test files leave waiting.
  const [p1] = await db
    .insert(kycProfiles)
    .values({ userId: a.id, kind: 'natural', status: 'submitted', submittedAt: new Date('2000-01-01T00:00:00Z') })
    .returning();
  const [p2] = await db
    .insert(kycProfiles)
    .values({ userId: b.id, kind: 'natural', status: 'submitted', submittedAt: new Date('2000-01-02T00:00:00Z') })
    .returning();
  [oldest, newer] = [p1.id, p2.id];
  vi.spyOn(console, 'error').mockImplementation(() => {});
});
afterAll(() => vi.mocked(console.error).mockRestore());

describe('approve and open the next', () => {
  it('opens the oldest waiting profile, skipping the one just decided', async () => {
    as(admin);
    expect(await nextKycAction({ after: newer })).toEqual({ ok: true, data: { id: oldest } });
    expect(await nextKycAction({ after: oldest })).toEqual({ ok: true, data: { id: newer } });
    expect(await nextKycToReview(db, staffActorOf(admin), oldest)).toBe(newer);
  });

  it('refuses a merchant and a visitor, and the query refuses a merchant actor', async () => {
    as(merchant);
    expect(await refused(nextKycAction({ after: oldest }))).toBe(true);
    as(null);
    expect(await refused(nextKycAction({ after: oldest }))).toBe(true);
    await expect(nextKycToReview(db, { kind: 'merchant', userId: merchant.id, merchantId: merchant.id, role: 'owner' } as never)).rejects.toThrow('staff only');
  });
});
