import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { createObservedHandler, createShutdown, requestIdFrom } from './observe.mjs';
import { currentRequestId, logger } from '@/lib/log';
import { createLogger } from '@/lib/log/core.mjs';
import { isShuttingDown, onShutdown, resetLifecycleForTests } from '@/lib/lifecycle/index.mjs';
import { createRouteNamer, metricsAccess, registry, resetMetricsForTests } from '@/lib/metrics/core.mjs';

const quiet = createLogger({ env: { LOG_LEVEL: 'silent' } });
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

/** The observed handler in front of a stand-in for Next that answers with the request id lib/log sees. */
async function serve(handle: (req: http.IncomingMessage, res: http.ServerResponse) => Promise<void>) {
  const manifest = { staticRoutes: [{ page: '/api/health' }], dynamicRoutes: [{ page: '/api/v1/payments/[id]', regex: '^/api/v1/payments/([^/]+?)(?:/)?$' }] };
  const server = http.createServer(createObservedHandler({ edge: () => false, handle, routeOf: createRouteNamer(manifest), log: quiet }));
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}

afterEach(() => {
  resetLifecycleForTests();
  resetMetricsForTests();
});

describe('request id', () => {
  it('keeps a sane client id and replaces anything else with a new uuid', () => {
    expect(requestIdFrom('3f2a8c1e-0000-4000-8000-000000000000')).toBe('3f2a8c1e-0000-4000-8000-000000000000');
    expect(requestIdFrom('Root=1-67891233-abcdef012345678912345678')).toMatch(UUID); // '=' is not allowed
    for (const bad of [undefined, '', 'short', 'a'.repeat(200), 'id with spaces 123', 'x\r\nset-cookie: a=b', '<script>alert(1)</script>']) {
      expect(requestIdFrom(bad)).toMatch(UUID);
    }
  });

  it('reaches lib code inside the request (logger() and currentRequestId) and comes back on the response', async () => {
    const { server, url } = await serve(async (_req, res) => {
      await new Promise((r) => setTimeout(r, 5));
      res.end(JSON.stringify({ seen: currentRequestId(), bound: (logger() as unknown as { bindings(): Record<string, unknown> }).bindings().requestId }));
    });
    try {
      const given = await fetch(`${url}/api/health`, { headers: { 'x-request-id': 'lb-0123456789abcdef' } });
      expect(given.headers.get('x-request-id')).toBe('lb-0123456789abcdef');
      expect(await given.json()).toEqual({ seen: 'lb-0123456789abcdef', bound: 'lb-0123456789abcdef' });
      const made = await fetch(`${url}/api/health`, { headers: { 'x-request-id': 'bad id' } });
      const id = made.headers.get('x-request-id');
      expect(id).toMatch(UUID);
      expect((await made.json()).seen).toBe(id);
    } finally {
      server.close();
    }
  });

  it('counts requests by route pattern, never by the raw path', async () => {
    const { server, url } = await serve(async (req, res) => {
      res.statusCode = req.url?.includes('missing') ? 404 : 200;
      res.end();
    });
    try {
      for (const id of ['a1b2c3', 'd4e5f6', 'g7h8i9']) await (await fetch(`${url}/api/v1/payments/${id}`)).arrayBuffer();
      await (await fetch(`${url}/no/such/page/missing`)).arrayBuffer();
    } finally {
      server.close();
    }
    const text = await registry().metrics();
    expect(text).toContain('dargah_http_requests_total{method="GET",route="/api/v1/payments/[id]",status="200"} 3');
    expect(text).toContain('dargah_http_requests_total{method="GET",route="unmatched",status="404"} 1');
    expect(text).toMatch(/dargah_http_request_duration_seconds_count\{method="GET",route="\/api\/v1\/payments\/\[id\]"\} 3/);
    expect(text).not.toContain('a1b2c3');
  });
});

describe('/metrics guard', () => {
  it('is absent without a token, refuses a wrong one, opens for the right one', () => {
    expect(metricsAccess('Bearer anything-at-all-here', undefined)).toBe(404);
    expect(metricsAccess(null, 'the-right-token-0123')).toBe(401);
    expect(metricsAccess('Bearer the-wrong-token-012', 'the-right-token-0123')).toBe(401);
    expect(metricsAccess('Basic the-right-token-0123', 'the-right-token-0123')).toBe(401);
    expect(metricsAccess('Bearer the-right-token-0123x', 'the-right-token-0123')).toBe(401);
    expect(metricsAccess('Bearer the-right-token-0123', 'the-right-token-0123')).toBe(200);
  });
});

describe('graceful shutdown', () => {
  it('turns readiness false at once, finishes the request in flight, runs the hooks, then exits', async () => {
    let release!: () => void;
    const started = new Promise<void>((r) => (release = r));
    let finish!: () => void;
    const { server, url } = await serve(
      (_req, res) =>
        new Promise<void>((resolve) => {
          release();
          finish = () => {
            res.end('done');
            resolve();
          };
        }),
    );
    const order: string[] = [];
    onShutdown('flush', async () => {
      order.push('hook');
    });
    let exited: number | null = null;
    const shutdown = createShutdown({ server, log: quiet, close: async () => void order.push('close'), exit: (code: number) => void (exited = code) });

    const inFlight = fetch(`${url}/api/health`).then((r) => r.text());
    await started;
    expect(isShuttingDown()).toBe(false);
    const done = shutdown('SIGTERM');
    expect(isShuttingDown()).toBe(true);
    // New connections are refused once the server has closed…
    await new Promise((r) => setTimeout(r, 20));
    await expect(fetch(`${url}/api/health`, { headers: { connection: 'close' } })).rejects.toThrow();
    // …while the one in flight still gets its answer, and only then do the hooks run.
    expect(order).toEqual([]);
    finish();
    expect(await inFlight).toBe('done');
    await done;
    expect(order).toEqual(['hook', 'close']);
    expect(exited).toBe(0);
  });
});
