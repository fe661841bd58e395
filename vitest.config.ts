import path from 'node:path';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  resolve: {
    alias: {
      '@': path.resolve(import.meta.dirname),
      // `server-only` throws outside React Server Components; the tests call lib code directly.
      'server-only': path.resolve(import.meta.dirname, 'test/server-only-stub.ts'),
    },
  },
  test: {
    include: ['**/*.test.ts'],
    exclude: ['node_modules/**', 'e2e/**', '.next/**', '.data/**'],
    globalSetup: ['test/global-setup.ts'],
    setupFiles: ['test/setup.ts'],
    env: { APP_ENV: 'test', TZ: 'UTC', AUTH_SECRET: 'test-secret-test-secret-test-secret-0123', PUBLIC_BASE_URL: 'http://dargah.test' },
    pool: 'forks',
    // The export test measures live memory after forcing a collection.
    execArgv: ['--expose-gc'],
    testTimeout: 20_000,
    hookTimeout: 60_000,
  },
});
