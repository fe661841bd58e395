import NextAuth, { CredentialsSignin } from 'next-auth';
import Credentials from 'next-auth/providers/credentials';
import { headers } from 'next/headers';
import { getDb } from '@/db';
import { verifyLogin } from '@/lib/auth/login';
import { clientIp } from '@/lib/auth/request';
import { verifySessionVersionProof } from '@/lib/auth/session-proof';
import { loginSchema } from '@/lib/validation/auth';
import { authConfig } from './auth.config';

/** Carries why a login failed (`invalid`, or `locked:<seconds>`) back to the login action. */
export class LoginError extends CredentialsSignin {
  constructor(code: string) {
    super();
    this.code = code;
  }
}

export const { handlers, auth, signIn, signOut, unstable_update } = NextAuth({
  ...authConfig,
  logger: {
    // Wrong passwords are expected traffic, not server errors.
    error(error) {
      if (error instanceof CredentialsSignin || (error as { type?: string }).type === 'CredentialsSignin') return;
      console.error('[auth]', error);
    },
  },
  providers: [
    Credentials({
      credentials: { mobile: {}, password: {} },
      async authorize(raw) {
        const parsed = loginSchema.safeParse(raw);
        if (!parsed.success) throw new LoginError('invalid');
        const result = await verifyLogin(getDb(), { ...parsed.data, ip: clientIp(await headers()) });
        if (!result.ok) throw new LoginError(result.error === 'locked' ? `locked:${result.retryAfterSeconds}` : 'invalid');
        const { user } = result;
        return { id: user.id, name: `${user.firstName} ${user.lastName}`, role: user.role, sessionVersion: user.sessionVersion };
      },
    }),
  ],
  callbacks: {
    ...authConfig.callbacks,
    jwt(params) {
      const { token, trigger, session } = params;
      // Our own actions re-issue the cookie after bumping the version in the database. The new
      // version must carry their HMAC: a browser can post an update too, and must not be able to
      // bring a revoked cookie back to life.
      if (trigger === 'update' && session) {
        const { sv, proof } = session as { sv?: unknown; proof?: unknown };
        if (typeof sv === 'number' && typeof proof === 'string' && verifySessionVersionProof(token.uid, sv, proof)) {
          token.sv = sv;
        }
      }
      return authConfig.callbacks.jwt(params);
    },
  },
});
