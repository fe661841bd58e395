import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import postgres from 'postgres';
import { startEmbedded, type EmbeddedDb } from '@/db/embedded';

export const ROOT = process.cwd();
export const DATA_DIR = path.join(ROOT, '.data');

/** Reads `.env` if there is one (Node 20.12+ has a loader built in). */
export function loadDotEnv() {
  const file = path.join(ROOT, '.env');
  if (existsSync(file)) process.loadEnvFile(file);
}

/** A stable secret for development, kept in .data/ so sessions survive restarts. */
export function ensureDevAuthSecret() {
  if (process.env.AUTH_SECRET) return;
  const file = path.join(DATA_DIR, 'auth-secret');
  mkdirSync(DATA_DIR, { recursive: true });
  if (!existsSync(file)) writeFileSync(file, randomBytes(32).toString('base64url'), { mode: 0o600 });
  process.env.AUTH_SECRET = readFileSync(file, 'utf8').trim();
}

/** DATABASE_URL when set; otherwise an embedded PostgreSQL under .data/. */
export async function ensureDatabase(opts: {
  dir: string;
  persistent: boolean;
  databases: string[];
}): Promise<{ urls: string[]; embedded: EmbeddedDb | null }> {
  if (process.env.DATABASE_URL) {
    const base = new URL(process.env.DATABASE_URL);
    if (opts.databases.length === 1) return { urls: [process.env.DATABASE_URL], embedded: null };
    // Several databases wanted (unit and e2e tests): siblings on the same server.
    const admin = postgres(process.env.DATABASE_URL, { max: 1, onnotice: () => {} });
    try {
      for (const d of opts.databases) {
        const [found] = await admin`select 1 as x from pg_database where datname = ${d}`;
        if (!found) await admin.unsafe(`create database "${d.replace(/"/g, '')}"`);
      }
    } finally {
      await admin.end();
    }
    const urls = opts.databases.map((d) => {
      const u = new URL(base);
      u.pathname = `/${d}`;
      return u.toString();
    });
    return { urls, embedded: null };
  }
  const t = Date.now();
  const embedded = await startEmbedded({ dir: opts.dir, persistent: opts.persistent, databases: opts.databases, log: (l) => console.log(l) });
  console.log(`embedded PostgreSQL on 127.0.0.1:${embedded.port} (${embedded.dir}), up in ${Date.now() - t} ms`);
  return { urls: opts.databases.map((d) => embedded.url(d)), embedded };
}

export function ms(since: number) {
  return `${((Date.now() - since) / 1000).toFixed(1)} s`;
}
