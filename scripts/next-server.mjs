/**
 * The Next.js server `npm run dev` and `npm start` run: Next's own request handler behind a plain
 * Node HTTP server that tells the app who is on the other end of the socket.
 *
 * `next start` keeps a client-sent `X-Forwarded-For` and drops the socket's address, so the app
 * could not tell a proxy's word from an attacker's. Here every request gets `x-dargah-peer` set to
 * the socket's address (any copy the client sent is overwritten); `clientIp()` in
 * lib/auth/request.ts believes forwarding headers only when that peer is a configured trusted proxy.
 *
 * It also pins Host and X-Forwarded-Proto to PUBLIC_BASE_URL, and sets the Content-Security-Policy
 * (with a nonce per request) and, in production over https, HSTS.
 *
 * And it makes the instance operable (scripts/observe.mjs): every request gets an `x-request-id`
 * (the client's or load balancer's when sane, else a new one), returned on the response and bound to
 * every log line of the request (lib/log); request counts and latencies by route pattern go to the
 * metrics read at /metrics (lib/metrics); on SIGTERM readiness turns false, the server drains and
 * runs the `onShutdown` hooks (lib/lifecycle, re-exported here) before it exits.
 *
 * And it answers /api/v1 itself (lib/api/lean.ts): the same route handler modules, called without
 * Next's router, which cost two thirds of an API call's CPU (issue 22). The edge, the request id,
 * the metrics and the drain above apply to those requests as to every other; what the lean path has
 * no handler for goes on to Next. They are TypeScript, loaded here through tsx (a production
 * dependency, as for the worker). On by default in `start`; in `dev` off unless API_LEAN=1, so
 * edits to the API still reload without a restart. API_LEAN=0 sends /api/v1 through Next.
 *
 * Usage: node scripts/next-server.mjs <dev|start> <port> [host]
 */
import http from 'node:http';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import next from 'next';
import { createEdge, refuse } from './edge.mjs';
import { createObservedHandler, createShutdown } from './observe.mjs';
import { createLogger } from '../lib/log/core.mjs';
import { counter, createRouteNamer } from '../lib/metrics/core.mjs';

export { onShutdown } from '../lib/lifecycle/index.mjs';

const [mode = 'start', portArg = '3000', host] = process.argv.slice(2);
const port = Number(portArg);
const dev = mode === 'dev';
const log = createLogger().child({ module: 'server' });
const app = next({ dev, hostname: host ?? 'localhost', port, ...(dev ? { turbopack: true } : {}) });
const nextHandle = app.getRequestHandler();
// serve.ts always sets it (from configuration in production, from the port it listens on elsewhere).
const publicBaseUrl = process.env.PUBLIC_BASE_URL ?? `http://localhost:${port}`;
const leanWanted = process.env.API_LEAN ? process.env.API_LEAN === '1' : !dev;
const [, lean] = await Promise.all([app.prepare(), leanWanted ? loadLeanApi() : null]);

/** lib/api/lean.ts and the route modules it imports, compiled by tsx in this process. */
async function loadLeanApi() {
  const t = Date.now();
  const { tsImport } = await import('tsx/esm/api');
  const mod = await tsImport('../lib/api/lean.ts', import.meta.url);
  const api = await mod.createLeanApi({ appDir: path.join(process.cwd(), 'app'), publicBaseUrl });
  log.info({ routes: api.table.length, ms: Date.now() - t }, 'lean /api/v1 path loaded');
  return api;
}

/** /api/v1 through the lean path when it has a handler; everything else (and the rest of /api/v1) through Next. */
const leanAnswered = counter({ name: 'dargah_api_lean_requests_total', help: '/api/v1 requests answered by the lean path (lib/api/lean.ts), not Next' });
const handle = lean
  ? async (req, res) => {
      if (req.url?.startsWith('/api/v1/') && (await lean.handle(req, res))) return void leanAnswered.inc();
      return nextHandle(req, res);
    }
  : nextHandle;

const edge = createEdge({ dev, production: process.env.APP_ENV === 'production', publicBaseUrl });

// Route patterns from the production build's manifest; `next dev` has none, so paths are normalised.
let manifest = null;
if (!dev) {
  try {
    manifest = JSON.parse(readFileSync(path.join(process.cwd(), '.next', 'routes-manifest.json'), 'utf8'));
  } catch (err) {
    log.warn({ err }, 'no routes manifest: request metrics use normalised paths');
  }
}

const server = http.createServer(
  createObservedHandler({
    edge,
    handle,
    routeOf: createRouteNamer(manifest),
    log,
    fail: (res) => refuse(res, 500, 'خطایی پیش آمد؛ دوباره امتحان کنید.', 'Something went wrong; please try again.'),
  }),
);
if (dev) server.on('upgrade', app.getUpgradeHandler());
// Slow or idle clients must not hold sockets forever.
server.headersTimeout = 20_000;
server.requestTimeout = 120_000;
server.listen(port, host, () => log.info({ url: `http://${host ?? 'localhost'}:${port}`, mode: dev ? 'dev' : 'production' }, 'Next.js server listening'));

const delaySeconds = Number(process.env.SHUTDOWN_DELAY_SECONDS ?? 0);
const shutdown = createShutdown({
  server,
  close: () => app.close(),
  log,
  delayMs: Number.isFinite(delaySeconds) && delaySeconds > 0 ? delaySeconds * 1000 : 0,
});
for (const sig of ['SIGTERM', 'SIGINT']) {
  process.on(sig, () => {
    void shutdown(sig);
    // Whatever hangs, the process is gone a little after the delay and the drain.
    setTimeout(() => process.exit(1), Math.max(0, delaySeconds) * 1000 + 20_000).unref();
  });
}
