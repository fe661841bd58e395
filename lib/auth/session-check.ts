import { SESSION_ABSOLUTE_SECONDS } from '@/auth.config';
import type { User } from '@/db/schema';

/** True while the token's session version matches the account's and it is within 12 h of login. */
export function isSessionCurrent(user: Pick<User, 'sessionVersion'>, token: { sv: number; loginAt: number }, nowMs = Date.now()): boolean {
  return token.sv === user.sessionVersion && nowMs / 1000 - token.loginAt <= SESSION_ABSOLUTE_SECONDS;
}
