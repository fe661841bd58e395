/**
 * `npm run dev` (serve.ts dev) and `npm start` (serve.ts start): the database (embedded unless
 * DATABASE_URL is set), migrations, demo data, the Next.js server and the job worker, all
 * stopped together on Ctrl-C or SIGTERM.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { createDb } from '@/db';
import { runMigrations } from '@/db/migrate';
import { ensureCatalogue } from '@/db/catalogue';
import { DEMO_USERS, seed } from '@/db/seed';
import { env } from '@/lib/env';
import { getBoss } from '@/lib/jobs/boss';
import { DATA_DIR, ROOT, ensureDatabase, ensureDevAuthSecret, loadDotEnv, ms } from './lib';

const t0 = Date.now();
const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { port: { type: 'string' }, host: { type: 'string' }, seed: { type: 'boolean' } },
});
const mode = positionals[0] === 'start' ? 'start' : 'dev';
const port = values.port ?? process.env.PORT ?? '3000';
const host = values.host ?? process.env.HOST;

loadDotEnv();
process.env.NEXT_TELEMETRY_DISABLED ??= '1';
process.env.APP_ENV ??= mode === 'dev' ? 'development' : 'production';
if (process.env.APP_ENV !== 'production') {
  ensureDevAuthSecret();
  // Outside production the public origin is where this script listens; production must say it.
  process.env.PUBLIC_BASE_URL ??= `http://${!host || host === '0.0.0.0' ? 'localhost' : host}:${port}`;
}
// The N Kolay test POS: a local fake N Kolay (test/fakes/nkolay.ts) that test-environment POS
// definitions call, with the demo company's credentials; production calls N Kolay itself.
let nkolay: { close: () => Promise<void> } | null = null;
if (process.env.APP_ENV !== 'production' && !process.env.NKOLAY_TEST_BASE_URL) {
  const { FAKE_NKOLAY_MERCHANT, startFakeNkolay } = await import('@/test/fakes/nkolay');
  const fake = await startFakeNkolay(FAKE_NKOLAY_MERCHANT);
  process.env.NKOLAY_TEST_BASE_URL = fake.baseUrl;
  nkolay = fake;
}
const shouldSeed = values.seed || process.env.SEED_DEMO === '1' || mode === 'dev';

const { urls, embedded } = await ensureDatabase({ dir: path.join(DATA_DIR, 'pg'), persistent: true, databases: ['dargah'] });
process.env.DATABASE_URL = urls[0];
// Refuse to start on a configuration that would fail later (PUBLIC_BASE_URL in production, …).
env();

await runMigrations(process.env.DATABASE_URL);
// Install pg-boss's schema once here, so the web and worker processes do not race to do it.
await (await getBoss(process.env.DATABASE_URL, 'worker')).stop({ graceful: false, wait: true });
{
  const { db, client } = createDb(process.env.DATABASE_URL, { max: 1 });
  // The service catalogue is reference data every installation needs; demo users only on request.
  await ensureCatalogue(db);
  if (shouldSeed) await seed(db);
  await client.end();
}

const children: ChildProcess[] = [];
let shuttingDown = false;

function run(name: string, args: string[]) {
  const child = spawn(process.execPath, args, { cwd: ROOT, env: process.env, stdio: 'inherit' });
  child.on('exit', (code, signal) => {
    if (!shuttingDown) {
      console.error(`${name} stopped (${signal ?? code}); shutting down`);
      void shutdown(1);
    }
  });
  children.push(child);
}

const tsxCli = path.join(ROOT, 'node_modules', 'tsx', 'dist', 'cli.mjs');
run('next', [path.join(ROOT, 'scripts', 'next-server.mjs'), mode, port, ...(host ? [host] : [])]);
run('worker', [tsxCli, path.join(ROOT, 'worker', 'index.ts')]);

async function shutdown(code: number) {
  if (shuttingDown) return;
  shuttingDown = true;
  await Promise.all(
    children.map(
      (c) =>
        new Promise<void>((resolve) => {
          if (c.exitCode !== null || c.signalCode !== null) return resolve();
          const kill = setTimeout(() => c.kill('SIGKILL'), 10_000);
          c.once('exit', () => {
            clearTimeout(kill);
            resolve();
          });
          c.kill('SIGTERM');
        }),
    ),
  );
  if (embedded) await embedded.stop().catch(() => {});
  await nkolay?.close().catch(() => {});
  process.exit(code);
}
process.on('SIGINT', () => void shutdown(0));
process.on('SIGTERM', () => void shutdown(0));

// Tell the person at the keyboard where to go, once the server answers.
const url = `http://${!host || host === '0.0.0.0' ? 'localhost' : host}:${port}`;
for (let i = 0; i < 180 && !shuttingDown; i++) {
  try {
    const res = await fetch(`${url}/api/health`);
    if (res.ok) {
      const lines = [``, `  Dargah is ready at ${url}  (${ms(t0)})`];
      if (shouldSeed) {
        lines.push(`  Demo logins (mobile / password):`);
        for (const u of DEMO_USERS) lines.push(`    ${u.role.padEnd(9)} ${u.mobile} / ${u.password}`);
      }
      if (process.env.SMS_PROVIDER !== 'kavenegar' && process.env.APP_ENV !== 'production') lines.push(`  SMS inbox: ${url}/dev/sms`);
      if (nkolay) lines.push(`  N Kolay test POS (fake): ${process.env.NKOLAY_TEST_BASE_URL}`);
      console.log(lines.join('\n') + '\n');
      break;
    }
  } catch {
    // not up yet
  }
  await new Promise((r) => setTimeout(r, 500));
}
