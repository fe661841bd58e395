import { readdirSync, statSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import path from 'node:path';
import { Readable } from 'node:stream';
import { pathToFileURL } from 'node:url';
import { SECURITY_HEADERS } from '@/lib/http/security-headers.mjs';
import { logger } from '@/lib/log';
import { MAX_BODY_BYTES } from './http';

/**
 * The lean way in to /api/v1 (issue 22): the same route handler modules (app/api/v1/**\/route.ts,
 * with the same lib, schemas, OpenAPI and tests) called without Next's router. Next's App Router
 * path cost about two thirds of an API call's CPU (its router 32 %, Node HTTP 12 %, postgres.js
 * 19 %, our code 16 %), which capped one core at about 125 calls a second.
 *
 * scripts/next-server.mjs loads this module (through tsx) and sends it every request whose path
 * starts with /api/v1/, after the same edge as every other request (the socket's address as
 * x-dargah-peer, Host and proto pinned to PUBLIC_BASE_URL, the request id and its log context, the
 * request metrics by route pattern, the graceful drain). Here: the route is found in a table built
 * from the file system, a Web `Request` is built from the Node request, the module's exported
 * method is called with `{ params }` as Next calls it, and the Web `Response` goes back to the
 * socket with the headers next.config.ts gives every answer.
 *
 * Whatever the table does not answer goes on to Next unchanged, so it answers as before: a path with
 * no route (404), a method the module does not export (405; HEAD and OPTIONS, which Next derives),
 * a percent-escaped path, a trailing slash (Next's redirect).
 */

export type LeanRoute = {
  /** The route's pattern as Next names it: `/api/v1/payments/[id]`. */
  pattern: string;
  /** Its segments after `/api/v1`: literal names, or `{ param }` for a `[param]` folder. */
  segments: (string | { param: string })[];
  file: string;
};

export type RouteModule = Partial<Record<string, (req: Request, ctx: { params: Promise<Record<string, string>> }) => Response | Promise<Response>>>;

const METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS'] as const;

/** Every app/api/v1/**\/route.ts under `dir` (the app's `app/api/v1`), as a route table. */
export function routeTable(dir: string, base = '/api/v1'): LeanRoute[] {
  const routes: LeanRoute[] = [];
  const walk = (d: string, segments: LeanRoute['segments']) => {
    for (const name of readdirSync(d).sort()) {
      const full = path.join(d, name);
      if (statSync(full).isDirectory()) {
        // Route groups `(x)` and private folders `_x` are not part of the URL; neither appears under /api/v1.
        if (name.startsWith('_') || name.startsWith('(') || name.startsWith('@')) throw new Error(`lean API: unsupported folder ${full}`);
        const param = /^\[([A-Za-z_][A-Za-z0-9_]*)\]$/.exec(name);
        if (!param && /[[\]]/.test(name)) throw new Error(`lean API: unsupported segment ${full} (catch-all or optional)`);
        walk(full, [...segments, param ? { param: param[1] } : name]);
      } else if (name === 'route.ts') {
        const pattern = `${base}/${segments.map((s) => (typeof s === 'string' ? s : `[${s.param}]`)).join('/')}`;
        routes.push({ pattern, segments, file: full });
      }
    }
  };
  walk(dir, []);
  // A literal segment wins over a parameter at the same place (Next's own precedence).
  return routes.sort((a, b) => specificity(b) - specificity(a));
}

function specificity(r: LeanRoute): number {
  return r.segments.reduce<number>((n, s, i) => n + (typeof s === 'string' ? 2 ** (16 - i) : 0), 0);
}

/**
 * The route and its params for a path under /api/v1/, or null when the lean path leaves it to Next:
 * no route, a trailing slash or empty segment, a percent-escape (Next decodes it; we do not guess),
 * a backslash or a `.`/`..` segment.
 */
export function matchRoute(table: LeanRoute[], pathname: string, base = '/api/v1'): { route: LeanRoute; params: Record<string, string> } | null {
  // A backslash or a dot segment: the URL parser would turn it into another path than the one
  // matched here (`/payments/x\\..\\<id>` is `/payments/<id>` to the handler), so Next decides.
  if (!pathname.startsWith(`${base}/`) || pathname.includes('%') || pathname.includes('\\')) return null;
  const parts = pathname.slice(base.length + 1).split('/');
  if (parts.some((p) => p === '' || p === '.' || p === '..')) return null;
  for (const route of table) {
    if (route.segments.length !== parts.length) continue;
    const params: Record<string, string> = {};
    let ok = true;
    for (let i = 0; i < parts.length && ok; i++) {
      const s = route.segments[i];
      if (typeof s === 'string') ok = s === parts[i];
      else params[s.param] = parts[i];
    }
    if (ok) return { route, params };
  }
  return null;
}

/** The Node request's headers (as the edge left them) as Web headers; multi-valued ones appended, HTTP/2 pseudo-headers left out. */
function webHeaders(req: IncomingMessage): Headers {
  const h = new Headers();
  for (const name in req.headers) {
    const value = req.headers[name];
    if (value === undefined || name.startsWith(':')) continue;
    if (Array.isArray(value)) for (const v of value) h.append(name, v);
    else h.set(name, value);
  }
  return h;
}

/**
 * The request's body: read whole when it says its length and that length is within the API's cap
 * (the usual call: one small JSON body, no stream machinery); otherwise streamed as Next streams it,
 * so the handlers' own caps (lib/http/upload readCappedBody) answer exactly as through Next.
 */
async function bodyOf(req: IncomingMessage): Promise<BodyInit | null> {
  if (req.method === 'GET' || req.method === 'HEAD') return null;
  const length = req.headers['content-length'];
  const n = length === undefined ? NaN : Number(length);
  if (Number.isSafeInteger(n) && n >= 0 && n <= MAX_BODY_BYTES && req.headers['transfer-encoding'] === undefined) {
    if (n === 0) return new Uint8Array(0);
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    return Buffer.concat(chunks);
  }
  if (length === undefined && req.headers['transfer-encoding'] === undefined) return null;
  return Readable.toWeb(req) as ReadableStream<Uint8Array>;
}

/** Reading the body failed because the client closed the connection (Node's 'aborted' ECONNRESET). */
function clientGone(req: IncomingMessage, err: unknown): boolean {
  return (err as { code?: unknown } | null)?.code === 'ECONNRESET' || (req.destroyed && !req.complete);
}

/** Writes a Web `Response` to the Node response, streaming its body with back-pressure. */
export async function sendResponse(res: ServerResponse, response: Response, extraHeaders: readonly { key: string; value: string }[] = []) {
  for (const { key, value } of extraHeaders) if (!response.headers.has(key)) res.setHeader(key, value);
  const cookies = response.headers.getSetCookie();
  for (const [name, value] of response.headers) {
    if (name === 'set-cookie') continue;
    res.setHeader(name, value);
  }
  if (cookies.length) res.setHeader('set-cookie', cookies);
  res.statusCode = response.status;
  if (!response.body) {
    res.end();
    return;
  }
  const reader = response.body.getReader();
  try {
    // Most answers are one chunk (a JSON body): sent with its Content-Length in one write.
    let { done, value } = await reader.read();
    if (done) return void res.end();
    const next = await reader.read();
    if (next.done) return void res.end(value);
    res.write(value);
    ({ done, value } = next);
    while (!done) {
      if (res.destroyed) {
        await reader.cancel().catch(() => {});
        return;
      }
      if (!res.write(value)) await new Promise<void>((resolve) => res.once('drain', resolve).once('close', resolve));
      ({ done, value } = await reader.read());
    }
    res.end();
  } finally {
    reader.releaseLock();
  }
}

export type LeanApi = {
  table: LeanRoute[];
  /** Answers the request and resolves true, or resolves false at once (nothing read or written) for Next to answer. */
  handle: (req: IncomingMessage, res: ServerResponse) => Promise<boolean>;
};

/**
 * Loads every route module of the table (once, at start: a broken module stops the server rather
 * than the first call) and answers the requests it has a handler for.
 */
export async function createLeanApi(opts: { appDir: string; publicBaseUrl: string }): Promise<LeanApi> {
  const table = routeTable(path.join(opts.appDir, 'api', 'v1'));
  const modules = new Map<LeanRoute, RouteModule>();
  await Promise.all(table.map(async (r) => modules.set(r, (await import(pathToFileURL(r.file).href)) as RouteModule)));
  const origin = new URL(opts.publicBaseUrl).origin;
  return {
    table,
    async handle(req, res) {
      const url = req.url ?? '/';
      const q = url.indexOf('?');
      const found = matchRoute(table, q < 0 ? url : url.slice(0, q));
      if (!found) return false;
      const method = req.method ?? 'GET';
      const fn = (METHODS as readonly string[]).includes(method) ? modules.get(found.route)![method] : undefined;
      if (typeof fn !== 'function') return false;
      let body: BodyInit | null;
      try {
        body = await bodyOf(req);
      } catch (err) {
        if (!clientGone(req, err)) throw err;
        // The client hung up while sending its body: nobody is left to answer, and it is not our
        // failure (the request is counted as 499, the client's). Nothing was called with half a body.
        logger({ module: 'api' }).debug({ method, url }, 'client went away while sending its body');
        res.destroy();
        return true;
      }
      const request = new Request(origin + url, {
        method,
        headers: webHeaders(req),
        body,
        ...(body instanceof ReadableStream ? { duplex: 'half' } : {}),
      } as RequestInit);
      const response = await fn(request, { params: Promise.resolve(found.params) });
      await sendResponse(res, response, SECURITY_HEADERS);
      return true;
    },
  };
}
