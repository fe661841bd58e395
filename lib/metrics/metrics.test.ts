import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import { getDb } from '@/db';
import { readiness } from '@/lib/api/health';
import { markShuttingDown, resetLifecycleForTests } from '@/lib/lifecycle/index.mjs';
import { resetDatabaseGaugesForTests } from './index';

// Route handlers call connection() first; outside Next there is no request scope to ask.
vi.mock('next/server', async (orig) => ({ ...(await orig<typeof import('next/server')>()), connection: async () => {} }));

// env() is read once per process: the token must be there before the route first asks.
const TOKEN = 'metrics-token-for-tests-0123';
vi.stubEnv('METRICS_TOKEN', TOKEN);

const { GET: metrics } = await import('@/app/metrics/route');
const { GET: ready } = await import('@/app/api/ready/route');

afterEach(() => resetLifecycleForTests());
afterAll(() => vi.unstubAllEnvs());

describe('/metrics', () => {
  const get = (authorization?: string) => metrics(new Request('http://dargah.test/metrics', { headers: authorization ? { authorization } : {} }));

  it('refuses a missing or wrong token with 401, and answers the right one with the metrics', async () => {
    expect((await get()).status).toBe(401);
    const wrong = await get('Bearer metrics-token-for-tests-0124');
    expect(wrong.status).toBe(401);
    expect(await wrong.text()).not.toContain('dargah_');
    resetDatabaseGaugesForTests();
    const ok = await get(`Bearer ${TOKEN}`);
    expect(ok.status).toBe(200);
    expect(ok.headers.get('content-type')).toContain('text/plain');
    const text = await ok.text();
    for (const name of [
      'dargah_payments',
      'dargah_janitor_backlog{which="unknown"}',
      'dargah_janitor_backlog{which="due"}',
      'dargah_job_queue_depth',
      'dargah_sms_failed_last_hour',
      'dargah_exports_failed_last_day',
      'dargah_process_cpu_user_seconds_total',
    ]) {
      expect(text).toContain(name);
    }
  });
});

describe('/api/ready', () => {
  it('is ready on a migrated database and stops being ready once shutdown begins', async () => {
    const r = await readiness(getDb());
    expect(r).toMatchObject({ ready: true, checks: { db: 'ok', migrations: 'ok', shuttingDown: false } });
    expect((await ready()).status).toBe(200);
    markShuttingDown();
    const res = await ready();
    expect(res.status).toBe(503);
    expect(await res.json()).toMatchObject({ status: 'not ready', shuttingDown: true });
  });
});
