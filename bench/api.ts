/**
 * The merchant API measured as a user meets it (issue 22): `POST /api/v1/payments` over HTTP
 * against the production build (`.next`, from `npx next build`), served by scripts/next-server.mjs
 * on a free port, on a database at a realistic size; beside it, in the same run, the database's
 * own ceiling for the same row: pgbench inserting into a copy of `payments` with all its indexes
 * (or, without pgbench, the same INSERT run bare from Node with the same pool size).
 *
 * BENCH_API_ROWS payments already in the table (default 300 000), BENCH_API_SECONDS per run
 * (default 20), BENCH_API_CPU_PROF=<dir> to write the server's V8 CPU profile there. /api/v1 is
 * measured on the lean path `npm start` serves it with (lib/api/lean.ts) and, unless
 * BENCH_API_NEXT=0, through Next's router too, in the same run.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import autocannon from 'autocannon';
import type postgres from 'postgres';
import type { Db } from '@/db';

const ROOT = path.resolve(import.meta.dirname, '..');
/** The app's own pool (db/index.ts: createDb's default `max`). */
const APP_POOL = 10;

type Line = { measure: string; perSecond: number; p50: string; p975: string; p99: string; errors: string; ratio: string };

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.on('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as net.AddressInfo;
      s.close(() => resolve(port));
    });
  });
}

/** The INSERT the API makes for one payment, with fresh unique values each time. */
const INSERT_SQL = (table: string, platformId: string) => `insert into ${table}
  (platform_id, source, method, livemode, amount, order_id, tracking_code, callback_url, amount_locked, state)
  values ('${platformId}', 'api', 'online', false, 250000, md5(random()::text), substr(md5(random()::text), 1, 11),
          'https://shop.bench.test/back', true, 'created')
  returning *`;

/**
 * The ceiling: how many of the API's payment rows PostgreSQL itself takes per second on this
 * machine, into a copy of `payments` with every index, at the app's pool size.
 */
async function ceiling(
  client: postgres.Sql,
  url: string,
  platformId: string,
  seconds: number,
): Promise<{ how: string; perSecond: number; p50: string; p99: string }> {
  await client.unsafe('drop table if exists bench_payments_ceiling');
  await client.unsafe('create table bench_payments_ceiling (like payments including all)');
  try {
    const pgbench = spawnSync('pgbench', ['--version'], { encoding: 'utf8' });
    if (pgbench.status === 0) {
      const dir = mkdtempSync(path.join(os.tmpdir(), 'bench-api-'));
      const script = path.join(dir, 'insert.sql');
      // pgbench takes one line per command.
      writeFileSync(script, `${INSERT_SQL('bench_payments_ceiling', platformId).replace(/\s*\n\s*/g, ' ')};\n`);
      const r = spawnSync('pgbench', ['-n', '-M', 'prepared', '-c', String(APP_POOL), '-j', '2', '-T', String(seconds), '-r', '-f', script, url], {
        encoding: 'utf8',
      });
      const tps = /tps = ([\d.]+)/.exec(r.stdout);
      const lat = /latency average = ([\d.]+) ms/.exec(r.stdout);
      if (r.status !== 0 || !tps) throw new Error(`pgbench failed: ${r.stderr || r.stdout}`);
      return { how: `pgbench, ${APP_POOL} clients, prepared`, perSecond: Number(tps[1]), p50: lat ? `avg ${Number(lat[1]).toFixed(1)} ms` : '', p99: '' };
    }
    // No pgbench: the same statement from Node, as many at once as the pool holds.
    const times: number[] = [];
    const until = performance.now() + seconds * 1000;
    const t0 = performance.now();
    const sql = INSERT_SQL('bench_payments_ceiling', platformId);
    await Promise.all(
      Array.from({ length: APP_POOL }, async () => {
        while (performance.now() < until) {
          const t = performance.now();
          await client.unsafe(sql).execute();
          times.push(performance.now() - t);
        }
      }),
    );
    times.sort((a, b) => a - b);
    const s = (performance.now() - t0) / 1000;
    return {
      how: `bare INSERT from Node (no pgbench), pool ${APP_POOL}`,
      perSecond: times.length / s,
      p50: `${times[Math.floor(times.length / 2)].toFixed(1)} ms`,
      p99: `${times[Math.floor(times.length * 0.99)].toFixed(1)} ms`,
    };
  } finally {
    await client.unsafe('drop table if exists bench_payments_ceiling');
  }
}

async function waitHealthy(base: string, child: ChildProcess, ms = 120_000) {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    if (child.exitCode !== null) throw new Error(`the server stopped (${child.exitCode})`);
    try {
      const r = await fetch(`${base}/api/health`);
      if (r.ok) return;
    } catch {
      /* not listening yet */
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error('the server did not become healthy');
}

async function cannon(url: string, key: string, connections: number, seconds: number, idempotent = false) {
  const headers = { authorization: `Bearer ${key}`, 'content-type': 'application/json' };
  const body = (order: string) => JSON.stringify({ amount: 250000, order_id: order, callback_url: 'https://shop.bench.test/back/1', description: 'bench' });
  const result = await autocannon({
    url,
    method: 'POST',
    connections,
    duration: seconds,
    headers,
    // A fresh order id on every call: autocannon puts a new UUID in place of [<id>].
    idReplacement: true,
    body: body('b-[<id>]'),
    // With an Idempotency-Key, as an integrator retrying safely sends it: a fresh key (and order id) per call.
    ...(idempotent
      ? {
          requests: [
            {
              setupRequest: (req: autocannon.Request) => {
                const id = randomUUID();
                return { ...req, headers: { ...headers, 'idempotency-key': id }, body: body(`i-${id}`) };
              },
            },
          ],
        }
      : {}),
  });
  return result;
}

/** One server of the production build, /api/v1 answered by `via`; its figures appended to `lines`; answers the calls made. */
async function measureServer(via: 'lean' | 'next', url: string, key: string, seconds: number, ceiling: number, lines: Line[]): Promise<number> {
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const prof = process.env.BENCH_API_CPU_PROF;
  const child = spawn(
    process.execPath,
    [...(prof ? ['--cpu-prof', `--cpu-prof-dir=${prof}`] : []), path.join(ROOT, 'scripts', 'next-server.mjs'), 'start', String(port), '127.0.0.1'],
    {
      cwd: ROOT,
      stdio: ['ignore', 'inherit', 'inherit'],
      env: {
        ...process.env,
        NODE_ENV: 'production',
        NEXT_TELEMETRY_DISABLED: '1',
        DATABASE_URL: url,
        PUBLIC_BASE_URL: base,
        API_LEAN: via === 'lean' ? '1' : '0',
        // The limit is the rule under test elsewhere; here every call must pass it (it is still counted).
        API_RATE_LIMIT_PER_MINUTE: '100000000',
      },
    },
  );
  let answered = 0;
  try {
    await waitHealthy(base, child);
    const probe = await fetch(`${base}/api/v1/payments`, {
      method: 'POST',
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
      body: JSON.stringify({ amount: 250000, order_id: `probe-${via}`, callback_url: 'https://shop.bench.test/back/1', description: 'bench' }),
    });
    if (probe.status !== 201) throw new Error(`POST /api/v1/payments answered ${probe.status}: ${await probe.text()}`);
    // Warm-up: the first calls compile the route and fill the pools.
    await cannon(`${base}/api/v1/payments`, key, 8, 3);
    for (const [connections, idempotent] of [
      [16, false],
      [64, false],
      [64, true],
    ] as const) {
      const r = await cannon(`${base}/api/v1/payments`, key, connections, seconds, idempotent);
      answered += r.requests.total;
      const perSecond = r.requests.total / (r.duration || seconds);
      lines.push({
        measure: `POST /api/v1/payments${idempotent ? ' with an Idempotency-Key' : ''} ${via === 'lean' ? 'lean path' : "through Next's router"}, ${connections} connections, ${seconds} s`,
        perSecond: Math.round(perSecond),
        p50: `${r.latency.p50} ms`,
        p975: `${r.latency.p97_5} ms`,
        p99: `${r.latency.p99} ms`,
        errors: `${r.non2xx} non-2xx, ${r.errors} errors, ${r.timeouts} timeouts`,
        ratio: `${((perSecond / ceiling) * 100).toFixed(1)} %`,
      });
    }
  } finally {
    child.kill('SIGTERM');
    await new Promise((r) => (child.exitCode !== null ? r(null) : child.once('exit', r)));
  }
  return answered;
}

export async function benchApi(db: Db, client: postgres.Sql, url: string): Promise<Line[]> {
  if (!existsSync(path.join(ROOT, '.next', 'BUILD_ID'))) {
    throw new Error('bench:api measures the production build: run `npx next build` first (no .next/BUILD_ID found)');
  }
  const seconds = Number(process.env.BENCH_API_SECONDS ?? 20);
  const nRows = Number(process.env.BENCH_API_ROWS ?? 300_000);
  const { makePlatform } = await import('@/test/fixtures');
  const { generatePayments } = await import('@/db/generate');
  const bench = await makePlatform(db);
  await client`update platforms set callback_urls = ${['https://shop.bench.test/back']} where id = ${bench.platform.id}`;
  // A realistic table: earlier payments of this platform and of 9 others.
  const others = [bench.platform.id];
  for (let i = 0; i < 9; i++) others.push((await makePlatform(db)).platform.id);
  for (let i = 0; i < nRows; i += 250_000) await generatePayments(client, { platformIds: others, n: Math.min(250_000, nRows - i) });
  await client`insert into api_request_log (platform_id, key_prefix, method, path, status, latency_ms, at)
    select ${bench.platform.id}::uuid, 'dk_test_bench', 'POST', '/api/v1/payments', 201, 20, now() - (g || ' seconds')::interval
    from generate_series(1, ${nRows}) g`;
  await client`analyze`;

  const lines: Line[] = [];
  const ceil = await ceiling(client, url, bench.platform.id, seconds);

  const logBefore = Number((await client`select count(*)::int as n from api_request_log`)[0].n);
  let answered = 0;
  // The lean path (lib/api/lean.ts, what `npm start` serves /api/v1 with) and, unless
  // BENCH_API_NEXT=0, the same handlers through Next's router, for the difference in the same run.
  const paths = process.env.BENCH_API_NEXT === '0' ? (['lean'] as const) : (['lean', 'next'] as const);
  for (const via of paths) answered += await measureServer(via, url, bench.key, seconds, ceil.perSecond, lines);
  lines.push({
    measure: `the ceiling: ${ceil.how}, ${seconds} s`,
    perSecond: Math.round(ceil.perSecond),
    p50: ceil.p50,
    p975: '',
    p99: ceil.p99,
    errors: '',
    ratio: '100 %',
  });
  // Every answered call is in the request log once the server has stopped cleanly (the warm-up's too).
  const logged = Number((await client`select count(*)::int as n from api_request_log`)[0].n) - logBefore;
  lines.push({
    measure: `request log rows written (≥ ${answered} answered in the measured runs)`,
    perSecond: logged,
    p50: '',
    p975: '',
    p99: '',
    errors: '',
    ratio: '',
  });
  return lines;
}
