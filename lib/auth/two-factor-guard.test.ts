/**
 * The real session guard (lib/auth/session.ts) and action wrapper with a real session cookie: a
 * staff member without 2FA, or with 2FA whose session has not passed it, is refused by a staff
 * action and by `getCurrentUser` (which every route asks); after the code, both let them through.
 */
import { randomUUID } from 'node:crypto';
import { generateSync } from 'otplib';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { z } from 'zod';
import { testDb } from '@/test/db';
import { sessionCookieFor } from '@/test/session-cookie';
import { makeAdmin } from '@/test/fixtures';
import { refused } from '@/test/actions';

const jar = vi.hoisted(() => ({ values: new Map<string, string>() }));
vi.mock('next/headers', () => ({
  cookies: async () => ({ get: (name: string) => (jar.values.has(name) ? { name, value: jar.values.get(name)! } : undefined) }),
  headers: async () => new Headers(),
}));
vi.mock('next/cache', () => ({ revalidatePath: () => {}, revalidateTag: () => {} }));

const { action } = await import('@/lib/actions/action');
const { getCurrentUser } = await import('./session');
const { confirmEnrolment, pendingEnrolment, verifyTwoFactor } = await import('./two-factor');

const db = testDb();
const staffOnly = action({ who: 'staff', area: 'overview', read: true, schema: z.object({}) }, async () => ({ ok: true as const, data: 'done' }));

async function signIn(user: { id: string; role: string; sessionVersion: number }) {
  const c = await sessionCookieFor(user);
  jar.values.set(c.name, c.value);
  return c.sid;
}

function codeAt(secret: string, at: Date) {
  return generateSync({ secret, epoch: Math.floor(at.getTime() / 1000), period: 30, digits: 6 });
}

beforeEach(() => jar.values.clear());

describe('the staff guard and two-factor sign-in', () => {
  it('refuses a staff action until the staff member has enrolled, then until this session passed the code', async () => {
    const admin = await makeAdmin(db);
    const sid = await signIn(admin);
    // Not enrolled: nothing but the enrolment answers.
    expect(await refused(staffOnly({}))).toBe(true);
    expect(await getCurrentUser()).toBeNull();

    const p = await pendingEnrolment(db, admin);
    if (!p.ok) throw new Error(p.error);
    const t0 = new Date(Date.now() - 60_000);
    // Enrolled from another session: this one still owes its code.
    expect((await confirmEnrolment(db, admin, { code: codeAt(p.data.secret, t0), sid: randomUUID(), now: t0 })).ok).toBe(true);
    expect(await refused(staffOnly({}))).toBe(true);

    expect((await verifyTwoFactor(db, admin, { code: codeAt(p.data.secret, new Date()), sid })).ok).toBe(true);
    expect(await staffOnly({})).toEqual({ ok: true, data: 'done' });
  });
});
