import { execFileSync } from 'node:child_process';
import http from 'node:http';
import net, { type AddressInfo } from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createObservedHandler } from '@/scripts/observe.mjs';
import { testDb } from '@/test/db';
import { makePlatform } from '@/test/fixtures';
import { MAX_BODY_BYTES } from './http';
import { createLeanApi, matchRoute, routeTable, type LeanApi } from './lean';

/**
 * The lean /api/v1 path (lib/api/lean.ts) without Next: its route table is the file system's, and a
 * server that answers with it gives the route handlers' own answers. The comparison with Next's own
 * answers, on the production build, is in test/scale/deployment.scale.ts.
 */
const ROOT = path.resolve(import.meta.dirname, '../..');
const db = testDb();

describe('the route table', () => {
  const table = routeTable(path.join(ROOT, 'app/api/v1'));
  const files = execFileSync('find', ['app/api/v1', '-name', 'route.ts'], { cwd: ROOT, encoding: 'utf8' }).trim().split('\n').sort();

  it('holds every app/api/v1/**/route.ts, under the pattern Next names it by', () => {
    expect(table.map((r) => path.relative(ROOT, r.file)).sort()).toEqual(files);
    for (const r of table) expect(`app${r.pattern}/route.ts`).toBe(path.relative(ROOT, r.file));
  });

  it('finds each route for a concrete path, with its params', () => {
    for (const r of table) {
      const concrete = r.pattern.replace(/\[(\w+)\]/g, (_m, p: string) => `${p}-value`);
      const found = matchRoute(table, concrete);
      expect(found?.route.pattern).toBe(r.pattern);
      for (const s of r.segments) if (typeof s !== 'string') expect(found!.params[s.param]).toBe(`${s.param}-value`);
    }
    // A literal segment is not taken for a parameter, nor the other way round.
    expect(matchRoute(table, '/api/v1/ivr/invoices')?.route.pattern).toBe('/api/v1/ivr/invoices');
    expect(matchRoute(table, '/api/v1/ivr/invoices/123456')?.route.pattern).toBe('/api/v1/ivr/invoices/[code]');
    expect(matchRoute(table, '/api/v1/payments/abc/refunds')?.params).toEqual({ id: 'abc' });
  });

  it('leaves to Next what it does not know: no route, a trailing slash, an empty segment, a percent-escape, a backslash or dot segment', () => {
    const dotted = [
      '/api/v1/payments/zz\\..\\abc',
      '/api/v1/topups/zz\\..\\..\\payments\\abc',
      '/api/v1/payments/..',
      '/api/v1/payments/./refunds',
      '/api/v1/topups/../payments',
    ];
    for (const p of [
      '/api/v1/nope',
      '/api/v1/payments/',
      '/api/v1//payments',
      '/api/v1/pay%6Dents',
      '/api/v1/payments/a/b/c',
      '/api/v2/payments',
      '/api/v1',
      ...dotted,
    ])
      expect(matchRoute(table, p)).toBeNull();
  });
});

describe('a server answering with the lean path', () => {
  let lean: LeanApi;
  let server: http.Server;
  let base: string;
  let key: string;
  const fellThrough: string[] = [];

  beforeAll(async () => {
    process.env.PUBLIC_BASE_URL = 'http://dargah.test';
    lean = await createLeanApi({ appDir: path.join(ROOT, 'app'), publicBaseUrl: 'http://dargah.test' });
    server = http.createServer(async (req, res) => {
      // What scripts/edge.mjs does first: the peer from the socket.
      req.headers['x-dargah-peer'] = req.socket.remoteAddress ?? '';
      if (await lean.handle(req, res)) return;
      fellThrough.push(`${req.method} ${req.url}`);
      res.statusCode = 299;
      res.end();
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    ({ key } = await makePlatform(db, {
      type: 'website',
      name: 'Lean',
      address: 'https://lean.example',
      expectedMonthlyVolume: '1000000',
      callbackUrls: ['https://lean.example/return'],
    }));
  });
  afterAll(async () => {
    await new Promise((r) => server.close(r));
  });

  const call = (method: string, p: string, init: { key?: string; body?: string; headers?: Record<string, string> } = {}) =>
    fetch(`${base}${p}`, {
      method,
      body: init.body,
      headers: {
        ...(init.key ? { authorization: `Bearer ${init.key}` } : {}),
        ...(init.body !== undefined ? { 'content-type': 'application/json' } : {}),
        ...init.headers,
      },
    });

  it('creates a payment and reads it back by its id (a [param] route), with the headers every answer carries', async () => {
    const created = await call('POST', '/api/v1/payments', {
      key,
      body: JSON.stringify({ amount: 150000, order_id: 'lean-1', callback_url: 'https://lean.example/return' }),
    });
    expect(created.status).toBe(201);
    expect(created.headers.get('x-content-type-options')).toBe('nosniff');
    expect(created.headers.get('x-frame-options')).toBe('DENY');
    expect(created.headers.get('cache-control')).toBe('no-store');
    const body = (await created.json()) as { id: string; payment_url: string };
    // URLs come from PUBLIC_BASE_URL, never from the Host the client sent.
    expect(body.payment_url.startsWith('http://dargah.test/')).toBe(true);
    const read = await call('GET', `/api/v1/payments/${body.id}`, { key });
    expect(read.status).toBe(200);
    expect(((await read.json()) as { id: string }).id).toBe(body.id);
  });

  it('answers authentication failures and bad input as the handlers do', async () => {
    const none = await call('GET', '/api/v1/platform');
    expect([none.status, ((await none.json()) as { error: { code: string } }).error.code]).toEqual([401, 'unauthenticated']);
    const wrong = await call('GET', '/api/v1/platform', { key: 'dk_test_notakeyatall' });
    expect(wrong.status).toBe(401);
    const invalid = await call('POST', '/api/v1/payments', { key, body: JSON.stringify({ amount: -1 }) });
    expect([invalid.status, ((await invalid.json()) as { error: { code: string } }).error.code]).toEqual([400, 'validation_failed']);
  });

  it('keeps the body caps: an announced oversize body and a chunked one past the cap are refused with 413', async () => {
    const big = JSON.stringify({ description: 'x'.repeat(MAX_BODY_BYTES) });
    const announced = await call('POST', '/api/v1/payments', { key, body: big });
    expect(announced.status).toBe(413);
    const chunked = await fetch(`${base}/api/v1/payments`, {
      method: 'POST',
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
      body: new ReadableStream({
        start(c) {
          c.enqueue(new TextEncoder().encode(big));
          c.close();
        },
      }),
      duplex: 'half',
    } as RequestInit);
    expect(chunked.status).toBe(413);
  });

  it('passes to Next what the modules do not answer: unknown paths, unexported methods, HEAD and OPTIONS', async () => {
    fellThrough.length = 0;
    for (const [m, p] of [
      ['GET', '/api/v1/nope'],
      ['DELETE', '/api/v1/platform'],
      ['HEAD', '/api/v1/platform'],
      ['OPTIONS', '/api/v1/payments'],
      ['GET', '/api/v1/payments/'],
    ])
      expect((await call(m, p)).status).toBe(299);
    expect(fellThrough).toHaveLength(5);
  });
});

describe('a client that goes away while sending its body', () => {
  // The way the server runs it (scripts/next-server.mjs): the observed handler around the lean path,
  // with its log and its 500 for a handler that throws.
  it('is let go quietly: no error line, no 500, no unhandled rejection; counted as gone (499)', async () => {
    process.env.PUBLIC_BASE_URL = 'http://dargah.test';
    const lean = await createLeanApi({ appDir: path.join(ROOT, 'app'), publicBaseUrl: 'http://dargah.test' });
    const lines: { level: string; obj: Record<string, unknown>; msg: string }[] = [];
    const at = (level: string) => (obj: Record<string, unknown>, msg: string) => void lines.push({ level, obj, msg });
    const log = { error: at('error'), warn: at('warn'), info: at('info'), debug: at('debug') };
    let failed = 0;
    const settled: Promise<unknown>[] = [];
    const server = http.createServer(
      createObservedHandler({
        edge: () => false,
        handle: async (req: http.IncomingMessage, res: http.ServerResponse) => {
          const p = lean.handle(req, res);
          settled.push(
            p.then(
              (answered) => ({ answered }),
              (err: unknown) => ({ err }),
            ),
          );
          await p;
        },
        routeOf: () => '/api/v1/payments',
        log: log as unknown as Parameters<typeof createObservedHandler>[0]['log'],
        fail: (res: http.ServerResponse) => {
          failed++;
          res.statusCode = 500;
          res.end();
        },
      }),
    );
    const rejections: unknown[] = [];
    const onRejection = (e: unknown) => void rejections.push(e);
    process.on('unhandledRejection', onRejection);
    const consoleError = vi.spyOn(console, 'error');
    try {
      await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
      const { port } = server.address() as AddressInfo;
      const body = JSON.stringify({ amount: 150000, order_id: 'gone-1', callback_url: 'https://lean.example/return' });
      const socket = net.connect(port, '127.0.0.1');
      await new Promise<void>((r) => socket.once('connect', () => r()));
      socket.write(
        `POST /api/v1/payments HTTP/1.1\r\nHost: dargah.test\r\nAuthorization: Bearer dk_test_x\r\n` +
          `Content-Type: application/json\r\nContent-Length: ${body.length}\r\n\r\n${body.slice(0, body.length >> 1)}`,
      );
      // The server has the headers and half the body, and is waiting for the rest.
      await vi.waitFor(() => expect(settled).toHaveLength(1));
      socket.destroy();
      await vi.waitFor(() => expect(lines.some((l) => l.obj.status !== undefined)).toBe(true));
      await Promise.all(settled);
      await new Promise((r) => setTimeout(r, 100));
      expect(lines.filter((l) => l.level === 'error')).toEqual([]);
      expect(failed).toBe(0);
      expect(rejections).toEqual([]);
      expect(consoleError).not.toHaveBeenCalled();
      // The request is counted as the client's going away, not as a failure of ours.
      expect(lines.find((l) => l.obj.status !== undefined)).toMatchObject({ level: 'debug', obj: { status: 499 } });
      // Answered here (nothing left for Next), without a throw.
      await expect(settled[0]).resolves.toEqual({ answered: true });
    } finally {
      process.off('unhandledRejection', onRejection);
      consoleError.mockRestore();
      await new Promise((r) => server.close(r));
    }
  });
});
