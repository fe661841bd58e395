/** The client's address as the first proxy saw it; `unknown` when there is none. */
export function clientIp(h: Headers): string {
  const fwd = h.get('x-forwarded-for')?.split(',')[0]?.trim();
  return (fwd || h.get('x-real-ip') || 'unknown').slice(0, 64);
}
