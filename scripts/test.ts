/**
 * `npm test`: every check a change can break, in the order that fails fastest:
 * format → typecheck → lint → unit and database tests → production build → Playwright in Chromium →
 * scale (two web instances and two workers of the build on one PostgreSQL of the test's own).
 * One PostgreSQL (embedded unless DATABASE_URL is set) serves both test databases and is
 * stopped at the end whatever happened.
 */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { DATA_DIR, ROOT, ensureDatabase, loadDotEnv, ms } from './lib';

loadDotEnv();
const t0 = Date.now();
const only = process.argv.slice(2);
const bin = (p: string) => path.join(ROOT, 'node_modules', p);

function step(name: string, args: string[], env: Record<string, string> = {}): Promise<number> {
  const t = Date.now();
  console.log(`\n▶ ${name}`);
  return new Promise((resolve) => {
    const child = spawn(process.execPath, args, { cwd: ROOT, stdio: 'inherit', env: { ...process.env, ...env } });
    child.on('exit', (code) => {
      console.log(`${code === 0 ? '✔' : '✘'} ${name} (${ms(t)})`);
      resolve(code ?? 1);
    });
  });
}

const results: [string, number][] = [];
async function run(name: string, args: string[], env?: Record<string, string>) {
  if (only.length && !only.includes(name)) return;
  results.push([name, await step(name, args, env)]);
}

// Same for every step: a throwaway secret and the test environment.
const common = { APP_ENV: 'test', AUTH_SECRET: process.env.AUTH_SECRET ?? randomBytes(32).toString('base64url'), TZ: 'UTC', NEXT_TELEMETRY_DISABLED: '1' };

await run('format', [bin('prettier/bin/prettier.cjs'), '--check', '.', '--log-level', 'warn']);
await run('typecheck', [bin('typescript/bin/tsc'), '--noEmit']);
await run('lint', [bin('eslint/bin/eslint.js'), '.', '--max-warnings', '0']);

const needsDb = !only.length || only.includes('unit') || only.includes('e2e');
const db = needsDb ? await ensureDatabase({ dir: path.join(DATA_DIR, 'test-pg'), persistent: false, databases: ['dargah_unit', 'dargah_e2e'] }) : null;
try {
  if (db) {
    await run('unit', [bin('vitest/vitest.mjs'), 'run'], { ...common, DATABASE_URL: db.urls[0] });
  }
  // The build reads no database and no secret: everything that does runs at request time.
  await run('build', [bin('next/dist/bin/next'), 'build'], { NEXT_TELEMETRY_DISABLED: '1' });
  if (db) {
    await run('e2e', [bin('@playwright/test/cli.js'), 'test'], { ...common, DATABASE_URL: db.urls[1] });
  }
} finally {
  await db?.embedded?.stop();
}
// Its own embedded PostgreSQL, which it restarts under load (test/scale), on the build above. After e2e,
// not beside it: the two share no database or port, but on two cores the scale step's four processes
// and PostgreSQL would take the CPU Playwright's browser and server need (and the reverse), and both
// measure time — readiness within 90 s, a restart healthy again within 60 s, a killed worker's job
// retried within a minute, e2e's per-test timeouts — so running them together trades minutes for flakes.
await run('scale', [bin('tsx/dist/cli.mjs'), 'scripts/test-scale.ts'], common);

const failed = results.filter(([, code]) => code !== 0);
console.log(`\n${results.map(([n, c]) => `${c === 0 ? '✔' : '✘'} ${n}`).join('   ')}   (${ms(t0)})`);
console.log(`checks: ${results.length - failed.length} passed, ${failed.length} failed`);
process.exit(failed.length ? 1 : 0);
