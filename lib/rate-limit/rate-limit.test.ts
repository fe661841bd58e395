import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { testDb } from '@/test/db';
import { hit, sweepRateLimits } from '.';

const db = testDb();
const rule = { limit: 10, windowSeconds: 60 };

describe('GCRA rate limit', () => {
  it('lets exactly the limit through when 50 race for one bucket', async () => {
    const key = `t:${randomUUID()}`;
    const now = new Date();
    const results = await Promise.all(Array.from({ length: 50 }, () => hit(db, key, rule, now)));
    expect(results.filter((r) => r.ok)).toHaveLength(10);
    const refused = results.find((r) => !r.ok);
    expect(refused && !refused.ok && refused.retryAfterSeconds).toBe(6);
  });

  it('has no calendar-minute edge: a burst at :59 and another at :00 do not double the limit', async () => {
    const key = `t:${randomUUID()}`;
    const before = new Date('2026-12-01T10:00:59.500Z');
    const after = new Date('2026-12-01T10:01:00.500Z');
    let passed = 0;
    for (let i = 0; i < 12; i++) if ((await hit(db, key, rule, before)).ok) passed++;
    for (let i = 0; i < 12; i++) if ((await hit(db, key, rule, after)).ok) passed++;
    expect(passed).toBe(10);
  });

  it('refills at one request per interval, and a swept full bucket starts afresh', async () => {
    const key = `t:${randomUUID()}`;
    const t0 = new Date('2026-12-01T10:00:00Z');
    for (let i = 0; i < 10; i++) expect((await hit(db, key, rule, t0)).ok).toBe(true);
    expect((await hit(db, key, rule, new Date(t0.getTime() + 5_900))).ok).toBe(false);
    expect((await hit(db, key, rule, new Date(t0.getTime() + 6_000))).ok).toBe(true);
    expect((await hit(db, key, rule, new Date(t0.getTime() + 6_000))).ok).toBe(false);
    await sweepRateLimits(db, new Date(t0.getTime() + 120_000));
    for (let i = 0; i < 10; i++) expect((await hit(db, key, rule, new Date(t0.getTime() + 120_000))).ok).toBe(true);
  });
});
