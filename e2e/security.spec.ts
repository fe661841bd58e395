import { randomInt } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { expect, test } from '@playwright/test';
import { BASE_URL } from '../playwright.config';
import { DEMO, login } from './helpers';
import { expectCookiesRefused } from '../test/browser-sessions';
import { SANDBOX_CARD } from '@/lib/gateways/sandbox-cards';

/**
 * The hardening, checked over HTTP against the built app as an attacker would send it: a raw
 * client (node:http) so Host, X-Forwarded-* and the source address are ours to choose. Each test
 * that is throttled per client address speaks from a loopback address of its own (127.x.y.z), so the
 * limits it trips do not touch the browser tests, which come from 127.0.0.1.
 */
const target = new URL(BASE_URL);
/** A loopback address of its own for each throttled test (and each retry of it). */
const loopback = () => `127.${randomInt(1, 255)}.${randomInt(0, 256)}.${randomInt(1, 255)}`;

type Raw = { status: number; headers: http.IncomingHttpHeaders; body: string };
function raw(opts: { method?: string; path: string; headers?: Record<string, string>; body?: Buffer | string; from?: string; chunks?: number }): Promise<Raw> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      { host: target.hostname, port: target.port, method: opts.method ?? 'GET', path: opts.path, headers: opts.headers, localAddress: opts.from },
      (res) => {
        const parts: Buffer[] = [];
        res.on('data', (c: Buffer) => parts.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(parts).toString() }));
      },
    );
    let answered = false;
    req.on('response', () => (answered = true));
    // Once the server has answered it may close the socket under a body still being written.
    req.on('error', (e) => (answered ? undefined : reject(e)));
    if (opts.chunks) {
      // A chunked body with no Content-Length, written until the server answers or all is sent.
      const chunk = Buffer.alloc(64 * 1024, 0x41);
      let sent = 0;
      const pump = () => {
        while (!answered && sent < opts.chunks!) {
          sent++;
          if (!req.write(chunk)) return void req.once('drain', pump);
        }
        req.end();
      };
      pump();
    } else req.end(opts.body);
  });
}

test('pages carry a strict CSP with a nonce on every script, and nothing may frame them', async ({ page }) => {
  const res = await raw({ path: '/login' });
  const csp = res.headers['content-security-policy'] as string;
  const nonce = /'nonce-([^']+)'/.exec(csp)?.[1];
  expect(nonce).toBeTruthy();
  expect(csp).toContain("frame-ancestors 'none'");
  expect(csp).toContain("object-src 'none'");
  expect(csp).not.toContain("'unsafe-eval'");
  const scripts = [...res.body.matchAll(/<script\b[^>]*>/g)].map((m) => m[0]);
  expect(scripts.length).toBeGreaterThan(0);
  for (const s of scripts) expect(s).toContain(`nonce="${nonce}"`);
  // Two requests, two nonces; and the page still works under the policy (it hydrates and signs in).
  expect((await raw({ path: '/login' })).headers['content-security-policy']).not.toBe(csp);
  const violations: string[] = [];
  page.on('console', (m) => m.text().includes('Content Security Policy') && violations.push(m.text()));
  await login(page, DEMO.merchant);
  await expect(page.getByTestId('greeting')).toBeVisible();
  expect(violations).toEqual([]);
});

test('Host and X-Forwarded-* choose nothing: redirects and bank pages stay on the configured origin', async ({ browser }) => {
  // Anything that reached this listener would be the server fetching an address the client chose.
  let reached = 0;
  const listener = http.createServer((_req, res) => {
    reached++;
    res.end('ok');
  });
  await new Promise<void>((r) => listener.listen(0, '127.0.0.1', r));
  const port = (listener.address() as AddressInfo).port;
  try {
    const poisoned = { host: 'evil.example', 'x-forwarded-host': 'evil.example', 'x-forwarded-proto': `http://127.0.0.1:${port}/chosen?x=` };
    const cb = await raw({ path: '/pay/callback/sandbox', headers: poisoned });
    expect(cb.status).toBe(303);
    expect(cb.headers.location).toBe(`${BASE_URL}/pay/receipt/unknown`);
    const go = await raw({ path: '/pay/go/00000000-0000-4000-8000-000000000000', headers: poisoned });
    expect(go.headers.location).toBe(`${BASE_URL}/pay/receipt/unknown`);

    // A payer whose requests carry the poisoned headers, paying with the card whose bank calls back
    // server to server as well: the bank page and that callback are the portal's own.
    const ctx = await browser.newContext({ extraHTTPHeaders: { 'x-forwarded-proto': poisoned['x-forwarded-proto'], 'x-forwarded-host': 'evil.example' } });
    const payer = await ctx.newPage();
    await payer.goto('/pay/demo-shop?amount=13000');
    await payer.locator('input[name="name"]').fill('Payer');
    await payer.locator('input[name="mobile"]').fill('09121112233');
    await payer.locator('form button[type="submit"]').click();
    await expect(payer).toHaveURL(new RegExp(`^${BASE_URL}/sandbox/bank/`));
    await payer.locator(`[data-card="${SANDBOX_CARD.twice}"]`).click();
    await payer.getByRole('button', { name: 'پرداخت', exact: true }).click();
    await expect(payer).toHaveURL(new RegExp(`^${BASE_URL}/pay/receipt/`));
    await ctx.close();
    expect(reached).toBe(0);
  } finally {
    listener.close();
  }
});

test('X-Forwarded-For is not believed: failed API keys are throttled per socket address however the header rotates', async () => {
  const attacker = loopback();
  const statuses: number[] = [];
  for (let i = 0; i < 25; i++) {
    const r = await raw({
      method: 'POST',
      path: '/api/v1/token',
      from: attacker,
      headers: { 'content-type': 'application/json', 'x-forwarded-for': `203.0.113.${i}`, 'x-real-ip': `198.51.100.${i}` },
      body: JSON.stringify({ api_key: `dk_test_${String(i).padStart(32, 'Q')}` }),
    });
    statuses.push(r.status);
  }
  expect(statuses.slice(0, 20).every((s) => s === 401)).toBe(true);
  expect(statuses.slice(20).every((s) => s === 429)).toBe(true);
  // Claiming to be the throttled address from elsewhere does not inherit its throttle either.
  const other = await raw({
    method: 'POST',
    path: '/api/v1/token',
    from: loopback(),
    headers: { 'content-type': 'application/json', 'x-forwarded-for': attacker },
    body: JSON.stringify({ api_key: `dk_test_${'R'.repeat(32)}` }),
  });
  expect(other.status).toBe(401);
});

test('uploads stop reading at their cap and refuse other origins; oversized and malformed requests get 4xx, never 500', async () => {
  const slipFrom = loopback();
  const t0 = Date.now();
  const big = await raw({
    method: 'POST',
    path: '/api/pay/demo-shop/slip-image',
    from: slipFrom,
    headers: { 'content-type': 'multipart/form-data; boundary=x', 'transfer-encoding': 'chunked' },
    chunks: 320,
  });
  expect(big.status).toBe(413);
  expect(Date.now() - t0).toBeLessThan(10_000);
  const foreign = await raw({
    method: 'POST',
    path: '/api/pay/demo-shop/slip-image',
    from: slipFrom,
    headers: { origin: 'https://evil.example', 'content-type': 'multipart/form-data; boundary=x' },
    body: '--x--\r\n',
  });
  expect(foreign.status).toBe(403);
  expect((await raw({ path: '/pay/%E0%A4%A' })).status).toBe(400);
  const action = await raw({
    method: 'POST',
    path: '/login',
    headers: { 'next-action': 'x', 'content-type': 'text/plain;charset=UTF-8' },
    body: Buffer.alloc(1024 * 1024 + 10, 0x61),
  });
  expect(action.status).toBe(413);
});

test('signing out revokes the session: a copy of the cookie taken before no longer works', async ({ page, browser }) => {
  await login(page, DEMO.merchant);
  await expect(page.getByTestId('greeting')).toBeVisible();
  const copy = await page.context().cookies();
  await page.getByRole('button', { name: 'خروج' }).click();
  await expect(page).toHaveURL(/\/login/);
  await expectCookiesRefused(browser, copy, '/profile');
});
