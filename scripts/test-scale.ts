/**
 * `npm run test:scale`: two web instances and two workers on one PostgreSQL, proven to do everything
 * exactly once, and to lose nothing when a process is killed (test/scale/). It runs against the
 * production build (`npx next build` first; `npm test` builds before it).
 *
 * The test starts its own processes (test/scale/cluster.ts) and stops them; every PID it starts is
 * also written to a file here, and whatever is still running when the test process ends (a crash, a
 * timeout) is stopped here, by its PID.
 *
 * Arguments go to vitest (e.g. `npm run test:scale -- -t sessions`). SCALE_DATABASE_URL runs it on a
 * PostgreSQL you give (the restart test is then skipped); SCALE_VERBOSE=1 prints the processes' output.
 */
import { spawn } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const ROOT = process.cwd();
const t0 = Date.now();

if (!existsSync(path.join(ROOT, '.next', 'BUILD_ID'))) {
  console.error('test:scale runs against the production build: run `npx next build` first.');
  process.exit(1);
}

const pidFile = path.join(os.tmpdir(), `dargah-scale-pids-${process.pid}`);
rmSync(pidFile, { force: true });

const child = spawn(
  process.execPath,
  [path.join(ROOT, 'node_modules', 'vitest', 'vitest.mjs'), 'run', '--config', 'test/scale/vitest.config.ts', ...process.argv.slice(2)],
  {
    cwd: ROOT,
    stdio: 'inherit',
    env: { ...process.env, SCALE_PID_FILE: pidFile, NEXT_TELEMETRY_DISABLED: '1' },
  },
);
for (const sig of ['SIGINT', 'SIGTERM'] as const) process.on(sig, () => child.kill(sig));

const code = await new Promise<number>((resolve) => child.on('exit', (c, s) => resolve(c ?? (s ? 1 : 0))));

/** A PID from the file that is still one of ours: a node process or PostgreSQL (a reused PID is left alone). */
function stillOurs(pid: number): boolean {
  try {
    const cmd = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
    return /node|postgres/.test(cmd);
  } catch {
    return false;
  }
}

const lines = existsSync(pidFile) ? readFileSync(pidFile, 'utf8').split('\n') : [];
const left = lines.map(Number).filter((p) => p > 0 && stillOurs(p));
for (const pid of left) {
  console.error(`test:scale: process ${pid} was left running; stopping it`);
  try {
    process.kill(pid, 'SIGKILL');
  } catch {
    // gone meanwhile
  }
}
// The test's PostgreSQL folder, when the test could not remove it itself.
for (const line of lines) {
  const dir = /^dir (\/.*dargah-scale-.*)$/.exec(line)?.[1];
  if (dir && existsSync(dir)) {
    if (left.length) await new Promise((r) => setTimeout(r, 1000));
    rmSync(dir, { recursive: true, force: true });
  }
}
rmSync(pidFile, { force: true });
console.log(`test:scale ${code === 0 ? 'passed' : 'failed'} in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
process.exit(code || (left.length ? 1 : 0));
