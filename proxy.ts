import NextAuth from 'next-auth';
import { authConfig } from './auth.config';

// Redirects signed-out visitors to /login and refreshes the idle timer; it is not a security
// layer: pages, actions and routes check the user against the database themselves.
const { auth } = NextAuth(authConfig);
export default auth;

export const config = {
  // Not /api: route handlers check their callers themselves, and a proxy makes Next read the whole
  // request body before the handler runs, which would defeat the upload and JSON byte caps.
  // Nor /metrics: Prometheus sends a bearer token, not a session (app/metrics/route.ts checks it).
  // Nor the icons and the manifest (app/icon.svg, app/apple-icon.tsx, app/manifest.ts): the login page shows them too.
  matcher: ['/((?!_next/static|_next/image|fonts/|favicon.ico|icon.svg|apple-icon|manifest.webmanifest|api/|metrics).*)'],
};
