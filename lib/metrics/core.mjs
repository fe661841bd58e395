/**
 * Prometheus metrics shared by scripts/next-server.mjs (plain Node, no TypeScript loader), Next's
 * bundles (app/metrics/route.ts, lib/gateways) and the worker. One prom-client Registry per process,
 * kept on `globalThis`, and every metric is got-or-created by name in it: the server script and each
 * Next bundle load their own copy of this module (and possibly of prom-client), yet they must count
 * into the same series.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import client from 'prom-client';

const KEY = Symbol.for('dargah.metrics');

/** This process's registry (with Node's default process metrics, prefixed `dargah_`). */
export function registry() {
  let r = globalThis[KEY];
  if (!r) {
    r = new client.Registry();
    client.collectDefaultMetrics({ register: r, prefix: 'dargah_' });
    globalThis[KEY] = r;
  }
  return r;
}

function getOrCreate(Kind, config) {
  const r = registry();
  return r.getSingleMetric(config.name) ?? new Kind({ ...config, registers: [r] });
}

export const counter = (config) => getOrCreate(client.Counter, config);
export const gauge = (config) => getOrCreate(client.Gauge, config);
export const histogram = (config) => getOrCreate(client.Histogram, config);

/** Request latency buckets (seconds): the API's goal is a p99 under 0.25 s. */
export const LATENCY_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

/** The web server's request metrics, labelled by route pattern (never the raw URL). */
export function httpMetrics() {
  return {
    requests: counter({
      name: 'dargah_http_requests_total',
      help: 'HTTP requests answered by this web instance, by method, route pattern and status code',
      labelNames: ['method', 'route', 'status'],
    }),
    duration: histogram({
      name: 'dargah_http_request_duration_seconds',
      help: 'Time from the request reaching this web instance to its response finishing, by method and route pattern',
      labelNames: ['method', 'route'],
      buckets: LATENCY_BUCKETS,
    }),
    inFlight: gauge({ name: 'dargah_http_requests_in_flight', help: 'Requests this web instance is answering now' }),
  };
}

const METHODS = new Set(['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS']);

/** A method label from a bounded set. */
export function methodLabel(method) {
  const m = String(method ?? '').toUpperCase();
  return METHODS.has(m) ? m : 'OTHER';
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * A path's pattern without the build's manifest (development, or a path the manifest does not
 * know): ids, numbers, tracking codes and other opaque segments become `[id]`, and at most five
 * segments are kept, so the label set stays bounded whatever clients ask for.
 */
export function normalisePath(path) {
  const segments = path.split('/').filter(Boolean).slice(0, 5);
  const out = segments.map((s) => {
    const idLike = UUID.test(s) || /^\d+$/.test(s) || (/\d/.test(s) && s.length >= 6) || s.length > 32 || !/^[a-z0-9][a-z0-9_.-]*$/i.test(s);
    if (idLike) return '[id]';
    return s;
  });
  return `/${out.join('/')}`;
}

/**
 * Names the route pattern of a path from Next's routes manifest (`.next/routes-manifest.json` of the
 * production build): `/api/v1/payments/7f3c…` → `/api/v1/payments/[id]`. Next's own assets are two
 * labels; a path no route matches is `unmatched` (a 404: never its raw text). Without a manifest
 * (development) the normaliser above is used.
 */
export function createRouteNamer(manifest) {
  const statics = new Set((manifest?.staticRoutes ?? []).map((r) => r.page));
  const dynamics = (manifest?.dynamicRoutes ?? []).map((r) => ({ page: r.page, regex: new RegExp(r.regex) }));
  const cache = new Map();
  return function routeOf(url) {
    let path = String(url ?? '/').split('?')[0] || '/';
    if (path.startsWith('/_next/static/')) return '/_next/static';
    if (path.startsWith('/_next/image')) return '/_next/image';
    if (path.startsWith('/_next/')) return '/_next';
    if (path.startsWith('/fonts/')) return '/fonts';
    if (path === '/metrics') return '/metrics';
    if (path.endsWith('.rsc')) path = path.slice(0, -4) || '/';
    if (path.length > 1 && path.endsWith('/')) path = path.slice(0, -1);
    const hit = cache.get(path);
    if (hit) return hit;
    let route;
    if (!manifest) route = normalisePath(path);
    else if (statics.has(path)) route = path;
    else route = dynamics.find((d) => d.regex.test(path))?.page ?? 'unmatched';
    // Only patterns (a bounded set) are cached, keyed by paths: cap the cache, not the labels.
    if (cache.size > 5000) cache.clear();
    cache.set(path, route);
    return route;
  };
}

/**
 * The `/metrics` guard: no token configured → 404 (the endpoint does not exist), a missing or wrong
 * `Authorization: Bearer <token>` → 401, the right one → 200. Compared in constant time (both sides
 * hashed first, so their lengths do not leak either).
 */
export function metricsAccess(authorization, configured) {
  if (!configured) return 404;
  const m = /^Bearer\s+(.+)$/i.exec(String(authorization ?? '').trim());
  if (!m) return 401;
  const a = createHash('sha256').update(m[1]).digest();
  const b = createHash('sha256').update(configured).digest();
  return timingSafeEqual(a, b) ? 200 : 401;
}

export const CONTENT_TYPE = client.Registry.PROMETHEUS_CONTENT_TYPE ?? 'text/plain; version=0.0.4; charset=utf-8';

/** Tests only: a fresh registry. */
export function resetMetricsForTests() {
  delete globalThis[KEY];
}
