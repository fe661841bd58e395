import type { NextAuthConfig } from 'next-auth';

export const SESSION_IDLE_SECONDS = 2 * 60 * 60;
export const SESSION_ABSOLUTE_SECONDS = 12 * 60 * 60;

/**
 * The edge-safe half of the Auth.js configuration, used by proxy.ts. It only decodes the
 * cookie; every page, action and route checks the user against the database itself.
 */
export const authConfig = {
  trustHost: true,
  pages: { signIn: '/login' },
  // The cookie is re-issued on each request the proxy sees, so maxAge is the idle limit.
  session: { strategy: 'jwt', maxAge: SESSION_IDLE_SECONDS },
  providers: [],
  callbacks: {
    jwt({ token, user }) {
      if (user) {
        token.uid = user.id!;
        token.role = user.role;
        token.sv = user.sessionVersion;
        token.loginAt = Math.floor(Date.now() / 1000);
        // This session's own id, so signing out here can revoke this cookie and no other.
        token.sid = crypto.randomUUID();
      }
      if (typeof token.loginAt === 'number' && Date.now() / 1000 - token.loginAt > SESSION_ABSOLUTE_SECONDS) return null;
      return token;
    },
    session({ session, token }) {
      session.user.id = token.uid;
      session.user.role = token.role;
      session.sv = token.sv;
      session.loginAt = token.loginAt;
      return session;
    },
    authorized({ auth, request }) {
      const path = request.nextUrl.pathname;
      const isPublic =
        PUBLIC_PREFIXES.some((p) => path === p || path.startsWith(`${p}/`)) ||
        (PUBLIC_UNDER.some((p) => path.startsWith(p)) && !PRIVATE_UNDER.some((p) => path === p || path.startsWith(`${p}/`)));
      return isPublic || !!auth?.user;
    },
  },
} satisfies NextAuthConfig;

const PUBLIC_PREFIXES = ['/login', '/signup', '/forgot-password', '/dev', '/api', '/docs', '/pay', '/s', '/sandbox'];
/** The hosted top-up store and its order pages (`/topup/<handle>…`); `/topup` and `/topup/bulk…` are the merchant's pages. */
const PUBLIC_UNDER = ['/topup/'];
const PRIVATE_UNDER = ['/topup/bulk'];
