import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
// @ts-expect-error plain JavaScript module without types (the server runs it without a loader)
import { createEdge } from './edge.mjs';

type Edge = (req: http.IncomingMessage, res: http.ServerResponse) => boolean;
type Seen = { headers: http.IncomingHttpHeaders };

/** A server with the edge in front of a stand-in for Next that echoes the headers it was given. */
async function serve(opts: { production: boolean; publicBaseUrl: string }) {
  const edge = createEdge({ dev: false, ...opts }) as Edge;
  const server = http.createServer((req, res) => {
    if (edge(req, res)) return;
    res.setHeader('content-type', 'application/json');
    res.end(JSON.stringify({ headers: req.headers } satisfies Seen));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { server, port: (server.address() as AddressInfo).port };
}

function get(port: number, path: string, headers: Record<string, string> = {}, method = 'GET', body?: string) {
  return new Promise<{ status: number; headers: http.IncomingHttpHeaders; body: string }>((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port, path, method, headers }, (res) => {
      let b = '';
      res.on('data', (c) => (b += c));
      res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body: b }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

describe('the edge in front of Next', () => {
  let prod: Awaited<ReturnType<typeof serve>>;
  let test: Awaited<ReturnType<typeof serve>>;
  beforeAll(async () => {
    prod = await serve({ production: true, publicBaseUrl: 'https://portal.example.ir' });
    test = await serve({ production: false, publicBaseUrl: 'http://127.0.0.1:3100' });
  });
  afterAll(() => {
    prod.server.close();
    test.server.close();
  });

  it('stamps the socket peer and pins the origin, whatever the client claims', async () => {
    const r = await get(prod.port, '/x', {
      host: 'evil.example',
      'x-forwarded-host': 'evil.example',
      'x-forwarded-proto': 'gopher',
      'x-dargah-peer': '203.0.113.5',
    });
    const seen = JSON.parse(r.body) as Seen;
    expect(seen.headers.host).toBe('portal.example.ir');
    expect(seen.headers['x-forwarded-proto']).toBe('https');
    expect(seen.headers['x-forwarded-host']).toBeUndefined();
    expect(seen.headers['x-dargah-peer']).toBe('127.0.0.1');
  });

  it('sets a nonce CSP on the response and on the request Next reads it from; HSTS only in production over https', async () => {
    const r = await get(prod.port, '/', { 'content-security-policy': "script-src 'nonce-chosen'" });
    const csp = r.headers['content-security-policy'] as string;
    expect(csp).toMatch(/script-src 'self' 'nonce-[A-Za-z0-9+/=]{24}' 'strict-dynamic'/);
    expect(csp).toContain("frame-ancestors 'none'");
    expect((JSON.parse(r.body) as Seen).headers['content-security-policy']).toBe(csp);
    expect(r.headers['strict-transport-security']).toBe('max-age=63072000; includeSubDomains');
    expect((await get(test.port, '/')).headers['strict-transport-security']).toBeUndefined();
  });

  it('gives the bank’s 3-D page (and only it) a sandbox policy: an opaque origin, inline code only, never framed', async () => {
    const bank = (await get(prod.port, '/vpos/collect/bank', {}, 'POST', '')).headers['content-security-policy'] as string;
    expect(bank.split('; ')[0]).toBe('sandbox allow-forms allow-scripts allow-top-navigation');
    expect(bank).not.toContain('allow-same-origin');
    expect(bank).toContain("default-src 'none'");
    expect(bank).toContain("frame-ancestors 'none'");
    for (const other of ['/vpos/collect', '/vpos/collect/bank/x', '/vpos/collect/banks']) {
      expect((await get(prod.port, other)).headers['content-security-policy']).toMatch(/'strict-dynamic'/);
    }
  });

  it('answers 400/411/413 for what Next would answer with a 500', async () => {
    expect((await get(test.port, '/pay/%E0%A4%A')).status).toBe(400);
    expect((await get(test.port, '/login', { 'content-length': String(2 * 1024 * 1024) }, 'POST')).status).toBe(413);
    expect((await get(test.port, '/login', { 'transfer-encoding': 'chunked' }, 'POST', 'x')).status).toBe(411);
    // /api bodies are the route handlers' own business (they read with their own caps).
    expect((await get(test.port, '/api/v1/token', { 'transfer-encoding': 'chunked' }, 'POST', 'x')).status).toBe(200);
  });
});
