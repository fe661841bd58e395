import { randomUUID } from 'node:crypto';
import { encode } from 'next-auth/jwt';
import { env } from '@/lib/env';

/**
 * A real Auth.js session cookie for `user` (encoded with the test secret, signed in now), for the
 * tests that run the real session guards over a mocked `cookies()` jar: put `name` → `value` in it.
 */
export async function sessionCookieFor(user: { id: string; role: string; sessionVersion: number }, sid = randomUUID()) {
  const name = 'authjs.session-token';
  const value = await encode({
    secret: env().AUTH_SECRET,
    salt: name,
    token: { uid: user.id, role: user.role, sv: user.sessionVersion, loginAt: Math.floor(Date.now() / 1000), sid },
  });
  return { name, value, sid };
}
