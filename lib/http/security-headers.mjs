/**
 * The headers every answer of the portal carries: next.config.ts gives them to Next's answers, and
 * the lean /api/v1 path (lib/api/lean.ts) to its own, so an API call answers the same either way.
 * Plain JavaScript: next.config.ts and the server script load it without a TypeScript loader.
 */
export const SECURITY_HEADERS = Object.freeze([
  { key: 'X-Content-Type-Options', value: 'nosniff' },
  { key: 'X-Frame-Options', value: 'DENY' },
  { key: 'Referrer-Policy', value: 'strict-origin-when-cross-origin' },
]);
