import type { NextAuthConfig } from 'next-auth';
import { safeCallback } from '@/lib/auth/callback-url';

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
      if (isPublic || auth?.user) return true;
      // Our own redirect, not Auth.js's: its callbackUrl is the full address on the host this server
      // was reached by (behind a proxy, not the visitor's), which the login action rightly refuses.
      // Next turns this same-host Location back into a relative one.
      return Response.redirect(new URL(loginRedirectPath(request.nextUrl), request.nextUrl), 307);
    },
  },
} satisfies NextAuthConfig;

const PUBLIC_PREFIXES = ['/login', '/signup', '/forgot-password', '/dev', '/api', '/docs', '/pay', '/s', '/sandbox'];
/** The hosted top-up store and its order pages (`/topup/<handle>…`); `/topup` and `/topup/bulk…` are the merchant's pages. */
const PUBLIC_UNDER = ['/topup/'];
const PRIVATE_UNDER = ['/topup/bulk'];

/**
 * Where a signed-out visitor of a private page is sent: /login, carrying the page's path and query
 * (never a host) as `callbackUrl`, so a shared, filtered report opens after signing in. Next's own
 * `_rsc` marker of a client navigation is left out; anything `safeCallback` refuses (another
 * origin, `//host`, backslashes, control characters) is dropped, and the login lands home.
 */
export function loginRedirectPath(url: { pathname: string; search: string }): string {
  const params = new URLSearchParams(url.search);
  params.delete('_rsc');
  const query = params.toString();
  const back = safeCallback(`${url.pathname}${query ? `?${query}` : ''}`);
  return back === '/' ? '/login' : `/login?callbackUrl=${encodeURIComponent(back)}`;
}
