import { createServer, type Server } from 'node:http';
import { sql } from 'drizzle-orm';
import type { Db } from '@/db';
import { CONTENT_TYPE, counter, gauge, histogram, LATENCY_BUCKETS, metricsAccess, registry } from './core.mjs';

export { CONTENT_TYPE, metricsAccess, registry };

/**
 * What Dargah counts, per process (web instances and workers each expose their own; Prometheus
 * adds them up). The request metrics are made in scripts/next-server.mjs (lib/metrics/core.mjs);
 * these are the domain's. Labels are closed sets (gateway ids, operations, outcomes, queue names,
 * formats), never ids or free text.
 */

/** Every call to a bank: start, verify, inquire, refund (lib/gateways wraps each gateway). */
export function gatewayCallSeconds() {
  return histogram({
    name: 'dargah_gateway_call_duration_seconds',
    help: 'Time of each call to a gateway, by gateway, operation (start, verify, inquire, refund, inquireRefund) and outcome',
    labelNames: ['gateway', 'op', 'outcome'],
    buckets: [0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10, 20],
  });
}

/** Runs one gateway call and records its time and the bank's answer (`status`, or `ok` / `refused` for a start). */
export async function observeGatewayCall<T>(gateway: string, op: string, call: () => Promise<T>): Promise<T> {
  const t0 = performance.now();
  let outcome = 'error';
  try {
    const r = await call();
    const o = r as { status?: unknown; ok?: unknown };
    outcome = typeof o?.status === 'string' ? o.status : typeof o?.ok === 'boolean' ? (o.ok ? 'ok' : 'refused') : 'done';
    return r;
  } finally {
    gatewayCallSeconds().observe({ gateway, op, outcome }, (performance.now() - t0) / 1000);
  }
}

/** Jobs the worker ran, by queue and outcome (`completed` or `failed`: the handler threw, pg-boss retries). */
export function jobMetrics() {
  return {
    runs: counter({ name: 'dargah_jobs_total', help: 'Jobs this worker ran, by queue and outcome', labelNames: ['queue', 'outcome'] }),
    seconds: histogram({
      name: 'dargah_job_duration_seconds',
      help: 'Time a job handler ran, by queue',
      labelNames: ['queue'],
      buckets: [0.01, 0.05, 0.1, 0.5, 1, 5, 15, 60, 300, 900],
    }),
  };
}

/** Deliveries of SMS, e-mail and webhooks, by outcome (`failed` = given up for good; `retry` = will be tried again). */
export function deliveryOutcomes() {
  return counter({
    name: 'dargah_deliveries_total',
    help: 'Outgoing SMS, e-mail and webhook deliveries, by channel and outcome',
    labelNames: ['channel', 'outcome'],
  });
}

/** Report exports (streamed by the web, built by the worker), by format and outcome. */
export function exportSeconds() {
  return histogram({
    name: 'dargah_export_duration_seconds',
    help: 'Time to write a report export, by format and outcome',
    labelNames: ['format', 'outcome'],
    buckets: [0.1, 0.5, 1, 5, 15, 30, 60, 120, 300, 600],
  });
}

export async function observeExport<T>(format: string, run: () => Promise<T>): Promise<T> {
  const stop = exportSeconds().startTimer({ format: format === 'csv' ? 'csv' : 'xlsx' });
  try {
    const r = await run();
    stop({ outcome: 'done' });
    return r;
  } catch (err) {
    stop({ outcome: 'failed' });
    throw err;
  }
}

export { LATENCY_BUCKETS };

/**
 * What the database says, read at scrape time by the web's /metrics (never by the worker, so the
 * figures are not doubled): each query is an index range or a count over a partial index, and the
 * whole read is capped by a statement timeout and cached for `DB_GAUGES_TTL_MS`, so N instances
 * scraped every 15 s cost the database a handful of cheap queries.
 */
const DB_GAUGES_TTL_MS = 10_000;
const KEY = Symbol.for('dargah.dbGauges');
type DbGaugeState = { at: number; pending?: Promise<void> };
const g = globalThis as unknown as { [KEY]?: DbGaugeState };

type Row = Record<string, unknown>;

export async function readDatabaseGauges(db: Db, now = Date.now()): Promise<void> {
  const state = (g[KEY] ??= { at: 0 });
  if (now - state.at < DB_GAUGES_TTL_MS) return;
  state.pending ??= (async () => {
    try {
      await collectDatabaseGauges(db);
      state.at = Date.now();
    } finally {
      state.pending = undefined;
    }
  })();
  await state.pending;
}

async function collectDatabaseGauges(db: Db): Promise<void> {
  const payments = gauge({
    name: 'dargah_payments',
    help: 'Payments created in the last hour, by state and gateway (gateway "none" before one is chosen)',
    labelNames: ['state', 'gateway'],
  });
  const janitor = gauge({
    name: 'dargah_janitor_backlog',
    help: 'Payments left unknown that the janitor must ask the bank about: all of them, and those already due',
    labelNames: ['which'],
  });
  const queue = gauge({
    name: 'dargah_job_queue_depth',
    help: 'pg-boss jobs waiting to run (created or waiting for a retry), by queue',
    labelNames: ['queue', 'state'],
  });
  const failedSms = gauge({ name: 'dargah_sms_failed_last_hour', help: 'SMS given up on (status failed) among those created in the last hour' });
  const queuedSms = gauge({ name: 'dargah_sms_queued', help: 'SMS waiting to be sent (created in the last day)' });
  const failedExports = gauge({ name: 'dargah_exports_failed_last_day', help: 'Background report exports that failed in the last day' });

  await db.transaction(async (tx) => {
    // A scrape must never hold the database: each statement gives up after 2 s.
    await tx.execute(sql`set local statement_timeout = 2000`);
    const byState = (await tx.execute(sql`
      select state::text as state, coalesce(gateway, 'none') as gateway, count(*)::int as n
      from payments where created_at > now() - interval '1 hour' group by 1, 2`)) as unknown as Row[];
    payments.reset();
    for (const r of byState) payments.set({ state: String(r.state), gateway: String(r.gateway) }, Number(r.n));

    const [unknown] = (await tx.execute(sql`
      select count(*)::int as total, count(*) filter (where next_inquiry_at is null or next_inquiry_at <= now())::int as due
      from payments where state = 'unknown'`)) as unknown as Row[];
    janitor.set({ which: 'unknown' }, Number(unknown?.total ?? 0));
    janitor.set({ which: 'due' }, Number(unknown?.due ?? 0));

    const [sms] = (await tx.execute(sql`
      select count(*) filter (where status = 'failed' and created_at > now() - interval '1 hour')::int as failed,
             count(*) filter (where status = 'queued')::int as queued
      from sms_messages where created_at > now() - interval '1 day' and status in ('failed', 'queued')`)) as unknown as Row[];
    failedSms.set(Number(sms?.failed ?? 0));
    queuedSms.set(Number(sms?.queued ?? 0));

    const [exports] = (await tx.execute(sql`
      select count(*)::int as n from report_exports where state = 'failed' and created_at > now() - interval '1 day'`)) as unknown as Row[];
    failedExports.set(Number(exports?.n ?? 0));
  });

  // pg-boss's own schema: absent until the first start installs it.
  try {
    const depth = (await db.execute(sql`
      select name, state::text as state, count(*)::int as n from pgboss.job where state < 'active' group by 1, 2`)) as unknown as Row[];
    queue.reset();
    for (const r of depth) queue.set({ queue: String(r.name), state: String(r.state) }, Number(r.n));
  } catch {
    queue.reset();
  }
}

/** The text Prometheus reads. */
export async function metricsText(): Promise<string> {
  return registry().metrics();
}

/** Tests only: forget the cached database gauges. */
export function resetDatabaseGaugesForTests(): void {
  delete g[KEY];
}

/**
 * A process's own /metrics on `port` (the worker's, WORKER_METRICS_PORT), behind the same bearer
 * token as the web's: no token configured → 404, a wrong one → 401.
 */
export function startMetricsServer(opts: { port: number; host?: string; token: string | undefined }): Promise<Server> {
  const server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0];
    if (req.method !== 'GET' || path !== '/metrics') {
      res.writeHead(404).end();
      return;
    }
    const access = metricsAccess(req.headers.authorization, opts.token);
    if (access !== 200) {
      res.writeHead(access, access === 401 ? { 'www-authenticate': 'Bearer realm="metrics"' } : {}).end();
      return;
    }
    registry()
      .metrics()
      .then(
        (text) => res.writeHead(200, { 'content-type': CONTENT_TYPE, 'cache-control': 'no-store' }).end(text),
        () => res.writeHead(500).end(),
      );
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port, opts.host, () => resolve(server));
  });
}
