/**
 * What scripts/next-server.mjs wraps around Next's handler, kept apart so it can be tested without
 * a build (observe.test.ts): the request id, the request's log context, the request metrics, and the
 * graceful shutdown.
 */
import { randomUUID } from 'node:crypto';
import { AsyncLocalStorage } from 'node:async_hooks';
import { httpMetrics, methodLabel } from '../lib/metrics/core.mjs';
import { isShuttingDown, markShuttingDown, runShutdownHooks } from '../lib/lifecycle/index.mjs';

/** A client's `x-request-id` is kept only when it is a plain token (what load balancers send: uuids, hex, base64url). */
const SANE_REQUEST_ID = /^[A-Za-z0-9][A-Za-z0-9._:-]{7,127}$/;

/** The id this request is known by: the client's (or the load balancer's) when sane, else a new uuid. */
export function requestIdFrom(header) {
  const v = Array.isArray(header) ? header[0] : header;
  return typeof v === 'string' && SANE_REQUEST_ID.test(v) ? v : randomUUID();
}

/** The store lib/log reads the current request id from (lib/log/index.ts: logContextStore()). */
export function logContextStore() {
  const key = Symbol.for('dargah.logContext');
  return (globalThis[key] ??= new AsyncLocalStorage());
}

/**
 * The request listener: gives every request its id (on the request for the app, on the response for
 * the client), runs the edge and then Next's handler inside the request's log context, and counts
 * the request by route pattern when its response is finished (or the client went away).
 */
export function createObservedHandler({ edge, handle, routeOf, log, fail }) {
  const metrics = httpMetrics();
  const store = logContextStore();
  return function observed(req, res) {
    const start = process.hrtime.bigint();
    const requestId = requestIdFrom(req.headers['x-request-id']);
    req.headers['x-request-id'] = requestId;
    res.setHeader('x-request-id', requestId);
    // While draining, every answer tells the client to open its next connection elsewhere.
    if (isShuttingDown()) res.setHeader('connection', 'close');
    const url = req.url;
    metrics.inFlight.inc();
    res.once('close', () => {
      metrics.inFlight.dec();
      const seconds = Number(process.hrtime.bigint() - start) / 1e9;
      const route = routeOf(url);
      const method = methodLabel(req.method);
      const status = res.writableFinished ? res.statusCode : 499;
      metrics.requests.inc({ method, route, status: String(status) });
      metrics.duration.observe({ method, route }, seconds);
      const line = { requestId, method, route, status, ms: Math.round(seconds * 1000) };
      // 503 is also readiness saying no during a shutdown: worth a warning, not an error.
      if (status === 503) log.warn(line, 'request answered 503');
      else if (status >= 500) log.error(line, 'request failed');
      else log.debug(line, 'request');
    });
    store.run({ requestId }, () => {
      if (edge(req, res)) return;
      handle(req, res).catch((err) => {
        log.error({ requestId, err }, 'unhandled error in the request handler');
        if (res.headersSent) res.destroy();
        else if (fail) fail(res);
        else {
          res.statusCode = 500;
          res.end();
        }
      });
    });
  };
}

/**
 * The graceful shutdown, run once on SIGTERM / SIGINT:
 * 1. readiness turns false (app/api/ready answers 503), so the load balancer takes this instance
 *    out; requests keep being served for `delayMs` while it notices;
 * 2. the server stops accepting connections and closes the idle keep-alive ones;
 * 3. requests in flight finish (at most `drainMs`; then their connections are closed);
 * 4. every `onShutdown` hook runs (lib/lifecycle), then `close()` (Next's own), then `exit(0)`.
 */
export function createShutdown({ server, close = async () => {}, log, delayMs = 0, drainMs = 10_000, hooksMs = 5_000, exit = (code) => process.exit(code) }) {
  let done;
  return function shutdown(signal) {
    if (done) return done;
    markShuttingDown();
    log.info({ signal, delayMs }, 'shutting down: readiness is now false');
    done = (async () => {
      if (delayMs > 0) await new Promise((r) => setTimeout(r, delayMs));
      const closed = new Promise((resolve) => server.close(() => resolve()));
      server.closeIdleConnections?.();
      let timer;
      const drained = await Promise.race([closed.then(() => true), new Promise((r) => (timer = setTimeout(() => r(false), drainMs)))]);
      clearTimeout(timer);
      if (!drained) {
        log.warn({ drainMs }, 'requests still running after the drain time; closing their connections');
        server.closeAllConnections?.();
      }
      await runShutdownHooks(hooksMs, (name, err) => log.error({ hook: name, err }, 'shutdown hook failed'));
      await close().catch((err) => log.error({ err }, 'closing Next failed'));
      log.info('stopped');
      exit(0);
    })();
    return done;
  };
}
