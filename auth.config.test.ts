import { describe, expect, it } from 'vitest';
import { authConfig, loginRedirectPath } from './auth.config';

const at = (href: string) => new URL(href, 'http://internal-host:3000');

describe('loginRedirectPath', () => {
  it('keeps the path and query of a deep link, never the host', () => {
    expect(loginRedirectPath(at('/reports/transactions?state=success'))).toBe('/login?callbackUrl=%2Freports%2Ftransactions%3Fstate%3Dsuccess');
    expect(loginRedirectPath(at('/reports/transactions?state=success&sort=amount_desc'))).toBe(
      `/login?callbackUrl=${encodeURIComponent('/reports/transactions?state=success&sort=amount_desc')}`,
    );
    // Persian in the query arrives percent-encoded: visible ASCII, kept.
    const persian = loginRedirectPath(at('/search?q=۰۹۱۲'));
    expect(decodeURIComponent(persian.split('callbackUrl=')[1])).toBe('/search?q=%DB%B0%DB%B9%DB%B1%DB%B2');
    expect(loginRedirectPath(at('/payouts'))).toBe('/login?callbackUrl=%2Fpayouts');
  });

  it('drops Next’s _rsc marker and sends the home page to a bare /login', () => {
    expect(loginRedirectPath(at('/payouts?_rsc=abc12'))).toBe('/login?callbackUrl=%2Fpayouts');
    expect(loginRedirectPath(at('/'))).toBe('/login');
  });

  it('refuses what could leave the site', () => {
    for (const bad of [
      { pathname: '//evil.example/x', search: '' },
      { pathname: '/\\evil.example', search: '' },
      { pathname: 'https://evil.example/', search: '' },
      { pathname: 'javascript:alert(1)', search: '' },
      { pathname: '/a\nb', search: '' },
    ]) {
      expect(loginRedirectPath(bad)).toBe('/login');
    }
  });
});

describe('the proxy’s authorized callback', () => {
  const authorized = (href: string, signedIn: boolean) =>
    authConfig.callbacks.authorized({
      request: { nextUrl: at(href) } as never,
      auth: signedIn ? ({ user: { id: 'u' } } as never) : null,
    });

  it('lets public pages and signed-in visitors through', () => {
    expect(authorized('/login', false)).toBe(true);
    expect(authorized('/pay/demo-shop', false)).toBe(true);
    expect(authorized('/reports/transactions', true)).toBe(true);
  });

  it('sends a signed-out visitor to /login with the deep link as a path', () => {
    const r = authorized('/reports/transactions?state=success', false) as Response;
    expect(r.status).toBe(307);
    const location = new URL(r.headers.get('location')!);
    expect(location.pathname).toBe('/login');
    expect(location.searchParams.get('callbackUrl')).toBe('/reports/transactions?state=success');
    expect(authorized('/topup/bulk', false)).toBeInstanceOf(Response);
  });
});
