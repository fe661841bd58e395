/**
 * Where to go after signing in: a path on this site only (an open redirect would hand phishers a
 * trusted link), and only visible ASCII, so no newline or other control character reaches the
 * Location header (which made Next answer 500).
 */
export function safeCallback(url: unknown): string {
  if (typeof url !== 'string' || url.length > 2000) return '/';
  return /^\/(?![/\\])[\x21-\x7e]*$/.test(url) ? url : '/';
}
