import { describe, expect, it } from 'vitest';
import { actorOf, type MerchantActor } from '@/lib/actor';
import { GET as getPlatform } from '@/app/api/v1/platform/route';
import { POST as postToken } from '@/app/api/v1/token/route';
import { rollApiKey } from '@/lib/api-keys';
import { testDb, uniqueIp } from '@/test/db';
import { makePlatform } from '@/test/fixtures';
import { AUTH_FAILURE_RULE, MAX_BODY_BYTES } from './http';

const db = testDb();
const BASE = 'http://dargah.test/api/v1';
// What scripts/next-server.mjs stamps on every request: the socket's address.
const get = (path: string, auth: string, peer: string) =>
  new Request(`${BASE}${path}`, { headers: { authorization: `Bearer ${auth}`, 'x-dargah-peer': peer } });

describe('API limits', () => {
  it('counts every key of a platform in one bucket, so rolling a key does not double the limit', async () => {
    const { merchant, key } = await makePlatform(db, { type: 'app', name: 'اپ', address: 'ir.example.limits', expectedMonthlyVolume: '1000000' });
    process.env.API_RATE_LIMIT_PER_MINUTE = '4';
    try {
      const ip = uniqueIp();
      const [row] = await db.query.apiKeys.findMany({ where: (k, { eq }) => eq(k.prefix, key.slice(0, 16)) });
      const rolled = await rollApiKey(db, actorOf(merchant) as MerchantActor, { keyId: row.id, graceSeconds: 3600 });
      if (!rolled.ok) throw new Error('roll failed');
      const statuses = [];
      for (const k of [key, rolled.data.key, key, rolled.data.key, key, rolled.data.key]) statuses.push((await getPlatform(get('/platform', k, ip))).status);
      expect(statuses).toEqual([200, 200, 200, 200, 429, 429]);
    } finally {
      delete process.env.API_RATE_LIMIT_PER_MINUTE;
    }
  });

  it('throttles failed authentication per client address, before the key is even looked at', async () => {
    const { key } = await makePlatform(db, { type: 'app', name: 'اپ', address: 'ir.example.brute', expectedMonthlyVolume: '1000000' });
    const attacker = uniqueIp();
    const statuses: number[] = [];
    for (let i = 0; i < 200; i++) statuses.push((await getPlatform(get('/platform', `dk_test_${String(i).padStart(32, 'x')}`, attacker))).status);
    expect(statuses.slice(0, AUTH_FAILURE_RULE.limit).every((s) => s === 401)).toBe(true);
    expect(statuses.slice(AUTH_FAILURE_RULE.limit).every((s) => s === 429)).toBe(true);
    // From the same address even a good key now waits; /token is throttled the same way.
    const refused = await getPlatform(get('/platform', key, attacker));
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
    const token = await postToken(
      new Request(`${BASE}/token`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-dargah-peer': attacker },
        body: JSON.stringify({ api_key: 'dk_test_' + 'y'.repeat(32) }),
      }),
    );
    expect(token.status).toBe(429);
    // Another address is not affected.
    expect((await getPlatform(get('/platform', key, uniqueIp()))).status).toBe(200);
  });

  it('stops reading a chunked JSON body with no Content-Length once it passes the 64 KB limit', async () => {
    let pulled = 0;
    const chunk = new Uint8Array(16 * 1024).fill(0x20);
    const body = new ReadableStream<Uint8Array>({
      pull(c) {
        if (pulled >= 10 * 1024 * 1024) return c.close();
        pulled += chunk.byteLength;
        c.enqueue(chunk);
      },
    });
    const req = new Request(`${BASE}/token`, { method: 'POST', headers: { 'content-type': 'application/json' }, body, duplex: 'half' } as RequestInit);
    const res = await postToken(req);
    expect(res.status).toBe(413);
    expect((await res.json()).error.code).toBe('body_too_large');
    expect(pulled).toBeLessThanOrEqual(MAX_BODY_BYTES + 4 * chunk.byteLength);
  });
});
