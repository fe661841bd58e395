import path from 'node:path';
import { defineConfig } from 'vitest/config';

const root = path.resolve(import.meta.dirname, '../..');

/**
 * `npm run test:scale` (scripts/test-scale.ts): two web instances and two workers on one
 * PostgreSQL, started by the test itself (test/scale/cluster.ts). One file at a time in one fork:
 * the files share nothing, and each kills and restarts processes of its own cluster.
 */
export default defineConfig({
  root,
  resolve: {
    alias: {
      '@': root,
      'server-only': path.join(root, 'test/server-only-stub.ts'),
    },
  },
  test: {
    include: ['test/scale/**/*.scale.ts'],
    pool: 'forks',
    fileParallelism: false,
    env: { APP_ENV: 'test', TZ: 'UTC' },
    testTimeout: 120_000,
    hookTimeout: 180_000,
    // A failed scale test is a fact about concurrency: a retry would hide it.
    retry: 0,
  },
});
