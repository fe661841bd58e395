import 'server-only';
import { forbidden, redirect } from 'next/navigation';
import { cache } from 'react';
import { decode, type JWT } from 'next-auth/jwt';
import { cookies } from 'next/headers';
import { env } from '@/lib/env';
import { getDb } from '@/db';
import type { User } from '@/db/schema';
import { type MerchantActor, type StaffActor, type Via } from '@/lib/actor';
import { can, type Permission } from '@/lib/teams/permissions';
import { MERCHANT_COOKIE, merchantActorFor } from '@/lib/teams/actor';
import { actorWithRoles } from '@/lib/staff';
import { canStaff, type StaffArea } from '@/lib/staff/permissions';
import { revokeSession } from './revoked';
import { routeActorWith, type RouteActorOpts } from './route-actor';
import { isSessionCurrent } from './session-check';
import { memberActorOf, readSession, rolesActorOf, type SessionRead } from './session-read';
import { gateOf, REMEMBER_COOKIE, type TwoFactorGate } from './two-factor';

/**
 * The signed-in user, re-read from the database on every request: a cookie issued before a
 * password change, reset or "sign out everywhere" is refused at once. A session still owing its
 * second factor (a code, or enrolment where 2FA is required) is not signed in here: every page,
 * action and route that asks gets null (see `getTwoFactorStep`).
 */
export const getCurrentUser = cache(async (): Promise<User | null> => {
  const step = await getTwoFactorStep();
  return step?.gate === 'ok' ? step.user : null;
});

/**
 * The session whatever its second factor: the user, the session id and what 2FA still asks of it
 * (`ok`, `verify`, `enrol`). Only the two-factor step pages and their actions use this directly.
 */
export const getTwoFactorStep = cache(async (): Promise<{ user: User; sid: string; gate: TwoFactorGate } | null> => {
  const s = await requestSession();
  return s && { user: s.user, sid: s.sid, gate: s.gate };
});

/**
 * The one read of who is asking, once per request (React `cache`): user, 2FA state, membership
 * and staff roles in one statement (`readSession`). The guards below take the `Actor` from it, so
 * a signed-in page costs one round trip however many of them its layout and page call.
 */
const requestSession = cache(async (): Promise<(SessionRead & { sid: string; gate: TwoFactorGate }) | null> => {
  const token = await readSessionToken();
  // A token without a session id predates revocable sessions: it could not be signed out, so it is not accepted.
  if (!token?.uid || typeof token.sid !== 'string') return null;
  const s = await readSession(getDb(), { uid: token.uid, sid: token.sid, chosenMerchantId: await chosenMerchantId() });
  if (!s || !isSessionCurrent(s.user, token)) return null;
  const remembered = (await cookies()).get(REMEMBER_COOKIE)?.value;
  return { ...s, sid: token.sid, gate: gateOf(s.user, s.twoFactor, remembered) };
});

/** The request's session read when `user` is the one signed in with 2FA passed (else null: ask the database). */
async function sessionOf(user: Pick<User, 'id'>): Promise<SessionRead | null> {
  const s = await requestSession();
  return s && s.gate === 'ok' && s.user.id === user.id ? s : null;
}

/** Where a session that owes its second factor is sent. */
export const TWO_FACTOR_PATHS = { verify: '/login/two-factor', enrol: '/login/two-factor/setup' } as const;

/** Signing out of this device: the cookie is deleted and, should a copy of it exist, refused from now on. */
export async function revokeCurrentSession(): Promise<void> {
  const token = await readSessionToken();
  if (token && typeof token.sid === 'string' && typeof token.loginAt === 'number') await revokeSession(getDb(), token.sid, token.loginAt);
}

const COOKIE_NAMES = ['__Secure-authjs.session-token', 'authjs.session-token'];

/**
 * The session token from `cookies()` rather than from the request headers as `auth()` reads it:
 * after an action re-issues the cookie (password change, sign out elsewhere), Next re-renders
 * the page in the same request, and only `cookies()` holds the new token by then.
 */
async function readSessionToken(): Promise<JWT | null> {
  const jar = await cookies();
  for (const name of COOKIE_NAMES) {
    const value = jar.get(name)?.value;
    if (!value) continue;
    try {
      // decode() checks the encryption and the expiry (the 2-hour idle limit).
      return await decode({ token: value, secret: env().AUTH_SECRET, salt: name });
    } catch {
      return null;
    }
  }
  return null;
}

export async function requireUser(): Promise<User> {
  return (await requireSession()).user;
}

/** The signed-in session, else a redirect: to the 2FA step it owes, or to the login. */
async function requireSession(): Promise<SessionRead> {
  const s = await requestSession();
  if (!s || s.gate !== 'ok') redirect(s ? TWO_FACTOR_PATHS[s.gate as Exclude<TwoFactorGate, 'ok'>] : '/login');
  return s;
}

export async function requireMerchant(): Promise<User> {
  const user = await requireUser();
  if (user.role !== 'merchant') forbidden();
  return user;
}

export async function requireAdmin(): Promise<User> {
  const user = await requireUser();
  if (user.role !== 'admin') forbidden();
  return user;
}

/**
 * The guards for pages: the signed-in person and the `Actor` that `lib` reads take. (Actions get
 * theirs from `action()`.)
 */
export async function requireUserActor(): Promise<{ user: User; actor: MerchantActor | StaffActor }> {
  const s = await requireSession();
  if (s.user.role === 'admin') return { user: s.user, actor: rolesActorOf(s) };
  const actor = memberActorOf(s);
  if (!actor) redirect('/join');
  return { user: s.user, actor };
}

/**
 * A merchant page's guard: the member's `Actor` for the business they chose (the switcher's
 * cookie, re-checked against their memberships on every request), refused (`forbidden`) when its
 * role lacks `need`. A person who belongs to no business goes to /join (their invitations, or
 * starting their own).
 */
export async function requireMerchantActor(opts?: { need?: Permission }): Promise<{ user: User; actor: MerchantActor }> {
  const s = await requireSession();
  if (s.user.role !== 'merchant') forbidden();
  const actor = memberActorOf(s);
  if (!actor) redirect('/join');
  if (opts?.need && !can(actor, opts.need)) forbidden();
  return { user: s.user, actor };
}

/** The business the switcher's cookie names (only a choice: `merchantActorFor` checks the membership). */
export async function chosenMerchantId(): Promise<string | null> {
  try {
    return (await cookies()).get(MERCHANT_COOKIE)?.value ?? null;
  } catch {
    return null;
  }
}

/** The signed-in merchant's membership for this request: their chosen business, else their first; null when none. */
export async function currentMerchantActor(user: Pick<User, 'id' | 'role'>, via?: Via): Promise<MerchantActor | null> {
  const s = await sessionOf(user);
  return s ? memberActorOf(s, via) : merchantActorFor(getDb(), user, await chosenMerchantId(), via);
}

/** A staff member's `Actor` with the roles they hold now (`actorWithRoles`), from the request's session read when it is theirs. */
async function currentStaffActor(user: User, via?: Via): Promise<MerchantActor | StaffActor> {
  const s = await sessionOf(user);
  return s ? rolesActorOf(s, via) : actorWithRoles(getDb(), user, via);
}

/**
 * The `Actor` of a route handler's caller (signed in as `user`): staff with the roles they hold now,
 * null unless one may read `area`; a merchant's membership as the pages resolve it, null when they
 * belong to no business or their role lacks `need`.
 */
export async function routeActorOf(user: User, opts?: RouteActorOpts): Promise<MerchantActor | StaffActor | null> {
  return routeActorWith(user, opts, { staff: () => currentStaffActor(user, opts?.via), member: () => currentMerchantActor(user, opts?.via) });
}

/**
 * A staff page's guard: the staff member with the roles they hold now, and 403 unless one of them
 * may read `area` (lib/staff/permissions.ts). Without an area (the admin layout) any staff member
 * holding a role passes.
 */
export async function requireStaffActor(area?: StaffArea): Promise<{ user: User; actor: StaffActor }> {
  const s = await requireSession();
  if (s.user.role !== 'admin') forbidden();
  const actor = rolesActorOf(s);
  if (actor.kind !== 'staff' || !actor.roles.length) forbidden();
  if (area && !canStaff(actor, area, 'read')) forbidden();
  return { user: s.user, actor };
}
