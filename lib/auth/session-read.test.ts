/**
 * The request's one read of who is asking (`readSession`) gives what the three lookups it replaced
 * gave (session user, 2FA state; membership; staff roles), and the real page guards of
 * lib/auth/session.ts send one statement for a signed-in request (they sent three one after another).
 */
import { randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { drizzle } from 'drizzle-orm/postgres-js';
import postgres from 'postgres';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import * as schema from '@/db/schema';
import { merchantMembers, platforms, twoFactor, twoFactorSessions } from '@/db/schema';
import { testDb } from '@/test/db';
import { sessionCookieFor } from '@/test/session-cookie';
import { makeAdmin, makeMerchant, makePlatform } from '@/test/fixtures';

const jar = vi.hoisted(() => ({ values: new Map<string, string>() }));
vi.mock('next/headers', () => ({
  cookies: async () => ({ get: (name: string) => (jar.values.has(name) ? { name, value: jar.values.get(name)! } : undefined) }),
  headers: async () => new Headers(),
}));
vi.mock('next/navigation', () => ({
  redirect: (to: string) => {
    throw new Error(`NEXT_REDIRECT ${to}`);
  },
  forbidden: () => {
    throw new Error('FORBIDDEN');
  },
}));

const { readSession } = await import('./session-read');
const { liveSessionUser, revokeSession } = await import('./revoked');
const { twoFactorState } = await import('./two-factor');
const { merchantActorFor, MERCHANT_COOKIE } = await import('@/lib/teams/actor');
const { staffRolesOf } = await import('@/lib/staff');
const { requireMerchantActor, requireStaffActor, requireUserActor } = await import('./session');

const db = testDb();

// The guards take their pool from getDb(); here that pool logs every statement it sends (as lib/api/round-trips.test.ts does).
const sent: string[] = [];
const client = postgres(process.env.DATABASE_URL!, { max: 2, onnotice: () => {}, debug: (_c, query) => sent.push(query) });
const g = globalThis as unknown as { __dargahDb?: unknown };
let before: unknown;
beforeAll(async () => {
  await client`select 1`; // postgres.js reads the array types on its first connection: not the guard's statement.
  before = g.__dargahDb;
  g.__dargahDb = { db: drizzle(client, { schema, casing: 'snake_case' }), client };
});
afterAll(async () => {
  g.__dargahDb = before;
  await client.end({ timeout: 5 });
});
beforeEach(() => jar.values.clear());

async function signIn(user: { id: string; role: string; sessionVersion: number }) {
  const c = await sessionCookieFor(user);
  jar.values.set(c.name, c.value);
  return c.sid;
}

async function passTwoFactor(userId: string, sid: string) {
  await db.insert(twoFactorSessions).values({ sid, userId, expiresAt: new Date(Date.now() + 3_600_000) });
}

describe('readSession', () => {
  it('answers as liveSessionUser, twoFactorState, merchantActorFor and staffRolesOf do, for each choice of business', async () => {
    const member = await makeMerchant(db);
    // The accountant of a business with a live platform owes 2FA (the subqueries must read the person, not a platform's id).
    const { merchant: other, platform } = await makePlatform(db);
    await db.update(platforms).set({ status: 'approved' }).where(eq(platforms.id, platform.id));
    await db.insert(merchantMembers).values({ merchantId: other.id, userId: member.id, role: 'accountant', invitedBy: other.id });
    const sid = randomUUID();
    await passTwoFactor(member.id, sid);
    for (const chosen of [null, other.id, member.id, randomUUID(), 'not-a-uuid']) {
      const s = await readSession(db, { uid: member.id, sid, chosenMerchantId: chosen });
      expect(s?.user).toEqual(await liveSessionUser(db, member.id, sid));
      expect(s?.twoFactor).toEqual(await twoFactorState(db, member, sid));
      const actor = await merchantActorFor(db, member, chosen);
      expect(s?.membership).toEqual(actor && { merchantId: actor.merchantId, role: actor.role });
      expect(s?.staffRoles).toEqual([]);
    }
    const s = await readSession(db, { uid: member.id, sid, chosenMerchantId: other.id });
    expect(s?.membership).toEqual({ merchantId: other.id, role: 'accountant' });
    expect(s?.twoFactor).toMatchObject({ liveDuty: true, sessionVerified: true, enabled: false });
  });

  it("reads a staff member's roles in their order, none for a revoked session or an unknown person", async () => {
    const staff = await makeAdmin(db, ['support', 'kyc']);
    const sid = randomUUID();
    const s = await readSession(db, { uid: staff.id, sid });
    expect(s?.staffRoles).toEqual(await staffRolesOf(db, staff.id));
    expect(s?.staffRoles).toEqual(['kyc', 'support']);
    expect(s?.membership).toBeNull();
    await revokeSession(db, sid, Math.floor(Date.now() / 1000));
    expect(await readSession(db, { uid: staff.id, sid })).toBeNull();
    expect(await readSession(db, { uid: randomUUID(), sid: randomUUID() })).toBeNull();
  });
});

describe('statements of one signed-in page request', () => {
  it("a merchant page's guard: one statement, the chosen business's membership", async () => {
    const member = await makeMerchant(db);
    const other = await makeMerchant(db);
    await db.insert(merchantMembers).values({ merchantId: other.id, userId: member.id, role: 'support', invitedBy: other.id });
    await signIn(member);
    jar.values.set(MERCHANT_COOKIE, other.id);
    sent.length = 0;
    const { actor } = await requireMerchantActor();
    expect(actor).toMatchObject({ kind: 'merchant', userId: member.id, merchantId: other.id, role: 'support' });
    expect(sent).toHaveLength(1);
    // A role without the permission is refused from the same read.
    sent.length = 0;
    await expect(requireMerchantActor({ need: 'team' })).rejects.toThrow('FORBIDDEN');
    expect(sent).toHaveLength(1);
  });

  it("a staff page's guard: one statement, the roles held now; a session owing its code goes to the 2FA step", async () => {
    const staff = await makeAdmin(db, ['finance']);
    const sid = await signIn(staff);
    sent.length = 0;
    await expect(requireStaffActor('payouts')).rejects.toThrow('NEXT_REDIRECT /login/two-factor/setup');
    expect(sent).toHaveLength(1);
    // Enrolled (the secret is not read here) and this session passed the code.
    await db.insert(twoFactor).values({ userId: staff.id, secretSealed: 'sealed', enabledAt: new Date() });
    sent.length = 0;
    await expect(requireUserActor()).rejects.toThrow('NEXT_REDIRECT /login/two-factor');
    await passTwoFactor(staff.id, sid);
    sent.length = 0;
    const { actor } = await requireUserActor();
    expect(actor).toEqual({ kind: 'staff', userId: staff.id, roles: ['finance'], via: undefined });
    expect(sent).toHaveLength(1);
    await expect(requireStaffActor('kyc')).rejects.toThrow('FORBIDDEN');
  });
});
