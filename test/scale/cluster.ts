import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { appendFileSync, existsSync, mkdtempSync, readdirSync, readFileSync, readlinkSync, rmSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import type PgBoss from 'pg-boss';
import { createDb, type Db } from '@/db';
import { ensureCatalogue } from '@/db/catalogue';
import { freePort, startEmbedded, type EmbeddedDb } from '@/db/embedded';
import { runMigrations } from '@/db/migrate';
import { getBoss } from '@/lib/jobs/boss';
import { startFakePaystar } from '@/test/fakes/paystar';
import { startFakeKavenegar, startWebhookReceiver } from './fakes';

/**
 * The deployment the scale tests run against, all on 127.0.0.1: one PostgreSQL (an embedded one in a
 * temporary folder, owned by the test so it may be restarted; or SCALE_DATABASE_URL), two web
 * instances of the production build (scripts/next-server.mjs, as `npm start` runs it) on two ports with
 * one PUBLIC_BASE_URL, two job workers (worker/index.ts), a round-robin proxy in front of the web
 * instances, and the fake upstreams: PayStar (test/fakes/paystar.ts), Kavenegar for SMS and a webhook
 * receiver (./fakes.ts), each counting what reached it.
 *
 * Every process is started here and stopped here by its PID, whatever happens; with SCALE_PID_FILE set
 * (scripts/test-scale.ts sets it) each PID is also written there, so the runner can stop what a crashed
 * test process left behind.
 */

const ROOT = process.cwd();
const READY_MS = 90_000;

export type Proc = {
  name: string;
  child: ChildProcess;
  pid: number;
  /** The last lines it printed (stdout and stderr), for a failure's message. */
  tail: string[];
  exited: Promise<void>;
};

function recordPid(pid: number) {
  const file = process.env.SCALE_PID_FILE;
  if (file) appendFileSync(file, `${pid}\n`);
}

/** PostgreSQL's own PID (line 1 of postmaster.pid), for the runner to stop if we cannot. */
function recordPostmaster(dir: string) {
  const pid = Number(readFileSync(path.join(dir, 'postmaster.pid'), 'utf8').split('\n')[0]);
  if (pid > 0) recordPid(pid);
}

function launch(name: string, args: string[], env: NodeJS.ProcessEnv): Proc {
  const child = spawn(process.execPath, args, { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  if (!child.pid) throw new Error(`${name} did not start`);
  recordPid(child.pid);
  const tail: string[] = [];
  const keep = (chunk: Buffer) => {
    for (const line of chunk.toString().split('\n')) {
      if (!line.trim()) continue;
      tail.push(line.slice(0, 500));
      if (tail.length > 60) tail.shift();
      if (process.env.SCALE_VERBOSE) console.log(`[${name}] ${line}`);
    }
  };
  child.stdout!.on('data', keep);
  child.stderr!.on('data', keep);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return { name, child, pid: child.pid, tail, exited };
}

const alive = (p: Proc) => p.child.exitCode === null && p.child.signalCode === null;

/** Stops a process by its PID: SIGTERM, then SIGKILL after `graceMs`; `kill -9` when graceMs is 0. */
export async function stopProc(p: Proc, graceMs = 10_000): Promise<void> {
  if (!alive(p)) return;
  if (graceMs === 0) {
    process.kill(p.pid, 'SIGKILL');
  } else {
    process.kill(p.pid, 'SIGTERM');
    const hard = setTimeout(() => alive(p) && process.kill(p.pid, 'SIGKILL'), graceMs);
    await p.exited;
    clearTimeout(hard);
  }
  await p.exited;
}

async function waitFor<T>(what: string, fn: () => Promise<T | null | undefined | false>, ms: number, proc?: Proc): Promise<T> {
  const until = Date.now() + ms;
  for (;;) {
    if (proc && !alive(proc)) throw new Error(`${what}: ${proc.name} exited (${proc.child.exitCode ?? proc.child.signalCode})\n${proc.tail.join('\n')}`);
    const v = await fn().catch(() => null);
    if (v) return v;
    if (Date.now() > until) throw new Error(`${what}: not within ${ms} ms${proc ? `\n${proc.tail.join('\n')}` : ''}`);
    await new Promise((r) => setTimeout(r, 150));
  }
}

export type Web = { name: string; port: number; url: string; proc: Proc };

export type Cluster = Awaited<ReturnType<typeof startCluster>>;

/**
 * Starts everything. `apiRateLimit` is the per-platform limit the web instances are configured with
 * (API_RATE_LIMIT_PER_MINUTE), put in this process's environment too, so tests read it from the same
 * configuration (lib/api/http.ts rateLimitPerMinute()) as the servers. `nextApiWeb` starts one more
 * web instance, outside the proxy's turn, that serves /api/v1 through Next's router (API_LEAN=0), to
 * compare with the lean path the two others serve it with (lib/api/lean.ts).
 */
export async function startCluster(opts: { apiRateLimit?: number; nextApiWeb?: boolean } = {}) {
  const t0 = Date.now();
  const cleanup: (() => Promise<void>)[] = [];
  try {
    // PostgreSQL: our own unless one is given, so the PostgreSQL-restart test may restart it.
    let embedded: EmbeddedDb | null = null;
    let databaseUrl = process.env.SCALE_DATABASE_URL ?? '';
    if (!databaseUrl) {
      const tmp = mkdtempSync(path.join(os.tmpdir(), 'dargah-scale-'));
      if (process.env.SCALE_PID_FILE) appendFileSync(process.env.SCALE_PID_FILE, `dir ${tmp}\n`);
      cleanup.push(async () => rmSync(tmp, { recursive: true, force: true }));
      // Persistent (fsync on): a restart must find what was committed.
      embedded = await startEmbedded({ dir: path.join(tmp, 'pg'), persistent: true, databases: ['dargah_scale'] });
      recordPostmaster(embedded.dir);
      databaseUrl = embedded.url('dargah_scale');
      cleanup.push(() => pg.stop());
    }
    const pg = {
      owned: Boolean(embedded),
      url: databaseUrl,
      /** Stops our PostgreSQL (fast shutdown: every connection is cut, open transactions roll back). */
      async stop() {
        await embedded?.stop();
      },
      /** Starts it again on the same folder and port. */
      async start() {
        if (!embedded) throw new Error('not our PostgreSQL');
        embedded = await startEmbedded({ dir: embedded.dir, port: embedded.port, persistent: true, databases: [] });
        recordPostmaster(embedded.dir);
      },
    };

    const authSecret = randomBytes(32).toString('base64url');
    const proxyPort = await freePort();
    const publicBaseUrl = `http://127.0.0.1:${proxyPort}`;
    const paystarIds = { gatewayId: `gw-${randomBytes(4).toString('hex')}`, signKey: randomBytes(16).toString('hex') };
    const paystar = await startFakePaystar(paystarIds);
    cleanup.push(() => paystar.close());
    const sms = await startFakeKavenegar();
    cleanup.push(() => sms.close());
    const hooks = await startWebhookReceiver();
    cleanup.push(() => hooks.close());

    // What every process of the deployment shares, and this test process too (it calls lib directly).
    const shared: Record<string, string> = {
      APP_ENV: 'test',
      TZ: 'UTC',
      NEXT_TELEMETRY_DISABLED: '1',
      DATABASE_URL: databaseUrl,
      AUTH_SECRET: authSecret,
      PUBLIC_BASE_URL: publicBaseUrl,
      SMS_PROVIDER: 'kavenegar',
      KAVENEGAR_API_KEY: 'scale-test-key',
      KAVENEGAR_BASE_URL: sms.baseUrl,
      PAYMENT_GATEWAYS: 'sandbox,paystar',
      PAYSTAR_BASE_URL: paystar.baseUrl,
      PAYSTAR_GATEWAY_ID: paystarIds.gatewayId,
      PAYSTAR_SIGN_KEY: paystarIds.signKey,
      // The fakes listen on 127.0.0.1; lib/net refuses that outside tests.
      UNSAFE_ALLOW_PRIVATE_TARGETS: '1',
      // The round-robin proxy (and the test, which names its client address per test) are on 127.0.0.1.
      TRUSTED_PROXIES: '127.0.0.1',
      API_RATE_LIMIT_PER_MINUTE: String(opts.apiRateLimit ?? 30),
      // /metrics, for the tests that read what an instance counted.
      METRICS_TOKEN: randomBytes(24).toString('base64url'),
    };
    Object.assign(process.env, shared);
    const childEnv = { PATH: process.env.PATH, HOME: process.env.HOME, LANG: process.env.LANG, ...shared } as unknown as NodeJS.ProcessEnv;

    await runMigrations(databaseUrl);
    // pg-boss's schema once, before two workers race to install it (as scripts/serve.ts does).
    await (await getBoss(databaseUrl, 'worker')).stop({ graceful: false, wait: true });
    const { db, client } = createDb(databaseUrl, { max: 12 });
    cleanup.push(() => client.end({ timeout: 5 }));
    await ensureCatalogue(db);
    const boss = await getBoss(databaseUrl);
    cleanup.push(() => boss.stop({ graceful: false, wait: true }).catch(() => {}));

    const webs: Web[] = [];
    const workers: Proc[] = [];
    const launchWeb = async (name: string, env: NodeJS.ProcessEnv, port?: number): Promise<Web> => {
      const p = port ?? (await freePort());
      const proc = launch(name, [path.join(ROOT, 'scripts', 'next-server.mjs'), 'start', String(p), '127.0.0.1'], env);
      return { name, port: p, url: `http://127.0.0.1:${p}`, proc };
    };
    const ready = (web: Web) => waitFor(`${web.name} ready`, async () => (await fetch(`${web.url}/api/health`)).ok, READY_MS, web.proc);
    const startWeb = async (i: number, port?: number) => {
      const web = await launchWeb(`web-${'AB'[i] ?? i}`, childEnv, port);
      webs[i] = web;
      await ready(web);
      return web;
    };
    let nextApi: Web | null = null;
    const startWorker = async (i: number) => {
      const name = `worker-${i + 1}`;
      // tsx as a loader inside one node process: its CLI would run the worker in a child process, and a
      // kill -9 of the CLI would leave the worker itself running.
      // Its "worker ready" line is at info, below the test environment's default level (warn).
      const proc = launch(name, ['--import', 'tsx', path.join(ROOT, 'worker', 'index.ts')], { ...childEnv, LOG_LEVEL: 'info' });
      workers[i] = proc;
      await waitFor(`${name} ready`, async () => proc.tail.some((l) => l.includes('worker ready')), READY_MS, proc);
      return proc;
    };
    cleanup.push(async () => {
      await Promise.all([...webs, ...(nextApi ? [nextApi] : []), ...workers.map((proc) => ({ proc }))].map((w) => w && stopProc(w.proc)));
    });

    const proxy = await startProxy(proxyPort, () => webs.filter((w) => w && alive(w.proc)).map((w) => w.url));
    cleanup.push(() => proxy.close());

    // Both web instances and both workers start at the same time, as a deployment's would.
    await Promise.all([
      startWeb(0),
      startWeb(1),
      startWorker(0),
      startWorker(1),
      opts.nextApiWeb ? launchWeb('web-next-api', { ...childEnv, API_LEAN: '0' }).then((w) => ready((nextApi = w))) : null,
    ]);
    const startedIn = Date.now() - t0;

    return {
      db,
      boss,
      pg,
      url: publicBaseUrl,
      webs,
      workers,
      /** With `nextApiWeb`: the instance that serves /api/v1 through Next's router. */
      nextApi: nextApi as Web | null,
      proxy,
      fakes: { paystar, sms, hooks },
      startedIn,
      /** The web instance `i` of the two, by turn: `at(n)` for the n-th request of a spread. */
      at: (n: number) => webs[n % webs.length].url,
      startWeb: (i: number) => startWeb(i),
      startWorker: (i: number) => startWorker(i),
      killWeb: (i: number) => stopProc(webs[i].proc, 0),
      killWorker: (i: number) => stopProc(workers[i], 0),
      /** The worker (index) whose process holds the TCP connection PostgreSQL sees from `clientPort`. */
      workerOfConnection: (clientPort: number) => workers.findIndex((w) => alive(w) && ownsLocalPort(w.pid, clientPort)),
      async stop() {
        for (const c of cleanup.reverse()) await c().catch((e) => console.error('[scale] cleanup:', e));
      },
    };
  } catch (e) {
    for (const c of cleanup.reverse()) await c().catch(() => {});
    throw e;
  }
}

/**
 * Whether process `pid` owns the TCP socket whose local port is `port` (Linux: the socket's inode in
 * /proc/net/tcp*, found among the process's file descriptors).
 */
export function ownsLocalPort(pid: number, port: number): boolean {
  const inodes = new Set<string>();
  for (const f of ['/proc/net/tcp', '/proc/net/tcp6']) {
    if (!existsSync(f)) continue;
    for (const line of readFileSync(f, 'utf8').split('\n').slice(1)) {
      const cols = line.trim().split(/\s+/);
      if (cols.length > 9 && parseInt(cols[1].split(':')[1], 16) === port) inodes.add(cols[9]);
    }
  }
  if (!inodes.size) return false;
  let fds: string[];
  try {
    fds = readdirSync(`/proc/${pid}/fd`);
  } catch {
    return false;
  }
  for (const fd of fds) {
    try {
      const m = /^socket:\[(\d+)\]$/.exec(readlinkSync(`/proc/${pid}/fd/${fd}`));
      if (m && inodes.has(m[1])) return true;
    } catch {
      // closed meanwhile
    }
  }
  return false;
}

/**
 * A round-robin HTTP proxy, as a load balancer in front of the web instances: each request goes to
 * the next live instance, the next one is tried when an instance refuses the connection, and the
 * client's address is appended to X-Forwarded-For. `served` counts requests per instance.
 */
async function startProxy(port: number, upstreams: () => string[]) {
  let turn = 0;
  const served = new Map<string, number>();
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      const list = upstreams();
      const tryAt = (k: number) => {
        if (k >= list.length) {
          res.writeHead(502, { 'content-type': 'text/plain' });
          res.end('no instance answered');
          return;
        }
        const target = new URL(list[(turn + k) % list.length]);
        const xff = [req.headers['x-forwarded-for'], req.socket.remoteAddress].filter(Boolean).join(', ');
        const up = http.request(
          { host: target.hostname, port: target.port, method: req.method, path: req.url, headers: { ...req.headers, 'x-forwarded-for': xff } },
          (r) => {
            served.set(target.origin, (served.get(target.origin) ?? 0) + 1);
            res.writeHead(r.statusCode ?? 502, r.headers);
            r.pipe(res);
          },
        );
        up.on('error', (e: NodeJS.ErrnoException) => {
          if (e.code === 'ECONNREFUSED' && !res.headersSent) tryAt(k + 1);
          else res.destroy();
        });
        up.end(body);
      };
      turn++;
      tryAt(0);
    });
  });
  await new Promise<void>((r) => server.listen(port, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    served,
    close: () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}

/** Polls `fn` until it returns something truthy (or throws after `ms`). */
export function eventually<T>(what: string, fn: () => Promise<T | null | undefined | false>, ms = 60_000): Promise<T> {
  return waitFor(what, fn, ms);
}

/** Sends `n` copies of a job, as `n` schedules or retries firing at once would. */
export async function sendJobs(boss: PgBoss, queue: string, n: number, data: object = {}) {
  for (let i = 0; i < n; i++) await boss.send(queue, data);
}

/** How many jobs of `queue` are waiting or running. */
export async function jobsOpen(db: Db, queue: string): Promise<number> {
  const [r] = await db.execute<{ n: number }>(sql`select count(*)::int as n from pgboss.job where name = ${queue} and state in ('created', 'retry', 'active')`);
  return r.n;
}

/** Waits until no job of `queues` is waiting or running. */
export async function jobsDone(db: Db, queues: string[], ms = 60_000) {
  await waitFor(`jobs of ${queues.join(', ')} done`, async () => (await Promise.all(queues.map((q) => jobsOpen(db, q)))).every((n) => n === 0), ms);
}
