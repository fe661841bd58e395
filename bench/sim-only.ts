/**
 * `npm run bench:sim`: the long money simulation across the deployment (issue 22) — two web instances
 * of the production build and two workers on one PostgreSQL, SIM_OPS operations (5000 here unless
 * set) of the seeded schedule in test/scale/money.scale.ts with kill -9 of random processes. It prints
 * the operations per second, the kills, the money and the effects, and fails when an invariant does
 * (with the seed to replay: SIM_SEED=… npm run bench:sim). `npx next build` first. `npm run bench`
 * runs it too with BENCH_SIM=1.
 */
import { spawn } from 'node:child_process';
import path from 'node:path';

export async function benchSim(ops = Number(process.env.SIM_OPS ?? 5000)): Promise<number> {
  const root = process.cwd();
  const child = spawn(process.execPath, [path.join(root, 'node_modules', 'tsx', 'dist', 'cli.mjs'), 'scripts/test-scale.ts', 'test/scale/money.scale.ts'], {
    cwd: root,
    stdio: 'inherit',
    env: { ...process.env, SIM_OPS: String(ops) },
  });
  return new Promise((resolve) => child.on('exit', (code) => resolve(code ?? 1)));
}

if (import.meta.url === `file://${process.argv[1]}`) process.exit(await benchSim());
