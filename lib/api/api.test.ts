import { createConfig, lintFromString } from '@redocly/openapi-core';
import { eq, and } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { GET as getPlatform } from '@/app/api/v1/platform/route';
import { GET as getServices } from '@/app/api/v1/services/route';
import { POST as postToken } from '@/app/api/v1/token/route';
import { GET as getOpenApi } from '@/app/api/v1/openapi.json/route';
import { apiRequestLog, auditEvents } from '@/db/schema';
import { actorOf, type MerchantActor } from '@/lib/actor';
import { audit } from '@/lib/audit';
import { revokeApiKey, rollApiKey, verifyApiKey } from '@/lib/api-keys';
import { testDb } from '@/test/db';
import { makePlatform } from '@/test/fixtures';
import { apiRoute, authenticate, issueToken, json } from './http';
import { flushRequestLog } from './request-log';

const db = testDb();
const BASE = 'http://dargah.test/api/v1';

async function platformKey() {
  const { merchant: m, platform, key } = await makePlatform(db, { type: 'app', name: 'اپ نمونه', address: 'ir.example.app', expectedMonthlyVolume: '1000000' });
  return { m, platform, key };
}

const post = (path: string, body: string | undefined, headers: Record<string, string> = {}) =>
  new Request(`${BASE}${path}`, { method: 'POST', body, headers: { 'content-type': 'application/json', ...headers } });
const get = (path: string, auth?: string) => new Request(`${BASE}${path}`, { headers: auth ? { authorization: `Bearer ${auth}` } : {} });

describe('POST /token and the bearer token', () => {
  it('exchanges a key for a one-hour token that works like the key', async () => {
    const { key, platform } = await platformKey();
    const res = await postToken(post('/token', JSON.stringify({ api_key: key })));
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body).toEqual({ access_token: expect.stringMatching(/^dat_/), token_type: 'Bearer', expires_in: 3600 });
    for (const credential of [body.access_token, key]) {
      const p = await getPlatform(get('/platform', credential));
      expect(p.status).toBe(200);
      expect(await p.json()).toMatchObject({ id: platform.id, type: 'app', status: 'pending', environment: 'test', service: { id: 'payment' } });
      // The actor carries the key's mode, so no function behind it reads the key again.
      expect((await authenticate(db, get('/platform', credential))).actor).toMatchObject({ kind: 'api', platformId: platform.id, livemode: false });
    }
    const s = await (await getServices(get('/services', body.access_token))).json();
    expect(s.data.find((x: { id: string }) => x.id === 'payment').status).toBe('active');
    expect(s.data.find((x: { id: string }) => x.id === 'vpos').status).toBe('available');
    // The key may also come in the header.
    expect((await postToken(post('/token', undefined, { authorization: `Bearer ${key}` }))).status).toBe(200);
    // Every call is in the platform's request log (written in batches off the request path), with the key prefix and never the key.
    await flushRequestLog();
    const log = await db.select().from(apiRequestLog).where(eq(apiRequestLog.platformId, platform.id));
    expect(log.length).toBeGreaterThanOrEqual(4);
    expect(JSON.stringify(log, (_k, v) => (typeof v === 'bigint' ? String(v) : v))).not.toContain(key);
    expect(log.every((l) => l.keyPrefix === key.slice(0, 16))).toBe(true);
  });

  it('refuses bad credentials with JSON errors, never 500', async () => {
    const { key, m } = await platformKey();
    const cases: [Request, number, string][] = [
      [get('/platform'), 401, 'unauthenticated'],
      [get('/platform', 'dk_test_nope'), 401, 'key_malformed'],
      [get('/platform', 'dk_live_' + 'Z'.repeat(32)), 401, 'key_unknown'],
      [get('/platform', 'dat_garbage.more'), 401, 'token_invalid'],
      [get('/platform', issueToken('00000000-0000-4000-8000-000000000000').token), 401, 'token_invalid'],
      [post('/token', '{"api_key":'), 400, 'invalid_json'],
      [post('/token', JSON.stringify({ api_key: key, extra: 1 })), 400, 'validation_failed'],
      [post('/token', JSON.stringify({ api_key: key }), { 'content-type': 'text/plain' }), 415, 'unsupported_media_type'],
      [post('/token', JSON.stringify({ api_key: 'x'.repeat(70_000) })), 413, 'body_too_large'],
      [post('/token', JSON.stringify({ api_key: 'dk_test_' + 'A'.repeat(32) })), 401, 'key_unknown'],
    ];
    for (const [req, status, code] of cases) {
      const handler = req.method === 'POST' ? postToken : getPlatform;
      const res = await handler(req);
      expect([res.status, (await res.json()).error.code]).toEqual([status, code]);
    }
    const unknownField = await postToken(post('/token', JSON.stringify({ api_key: key, extra: 1 })));
    expect((await unknownField.json()).error.fields).toEqual({ extra: 'unknown field' });

    // A token dies with its key, and an expired token says so.
    const token = (await (await postToken(post('/token', JSON.stringify({ api_key: key })))).json()).access_token;
    const expired = issueToken(((await verifyApiKey(db, key, '1.1.1.1')) as { ok: true; key: { id: string } }).key.id, Date.now() - 3601_000).token;
    expect((await (await getPlatform(get('/platform', expired))).json()).error.code).toBe('token_expired');
    const keyId = ((await verifyApiKey(db, key, '1.1.1.1')) as { ok: true; key: { id: string } }).key.id;
    const rolled = await rollApiKey(db, actorOf(m) as MerchantActor, { keyId, graceSeconds: 0 });
    expect(rolled.ok).toBe(true);
    expect((await (await getPlatform(get('/platform', token))).json()).error.code).toBe('key_revoked');
    expect((await (await getPlatform(get('/platform', key))).json()).error.code).toBe('key_revoked');
    if (rolled.ok) {
      expect((await getPlatform(get('/platform', rolled.data.key))).status).toBe(200);
      await revokeApiKey(db, actorOf(m) as MerchantActor, { keyId: rolled.data.keyId });
      expect((await getPlatform(get('/platform', rolled.data.key))).status).toBe(401);
    }
  });

  it('rate-limits per key with 429 and Retry-After', async () => {
    const { key } = await platformKey();
    process.env.API_RATE_LIMIT_PER_MINUTE = '3';
    try {
      const statuses = [];
      for (let i = 0; i < 4; i++) statuses.push((await getPlatform(get('/platform', key))).status);
      const limited = await getPlatform(get('/platform', key));
      expect(statuses).toEqual([200, 200, 200, 429]);
      expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
      expect((await limited.json()).error.code).toBe('rate_limited');
    } finally {
      delete process.env.API_RATE_LIMIT_PER_MINUTE;
    }
  });
});

describe('Idempotency-Key', () => {
  // A POST with an effect (an audit event), standing in for the money-moving endpoints to come.
  let effects = 0;
  const create = apiRoute({ auth: true }, async ({ req, db: d, actor }) => {
    const body = (await req.json()) as { note: string };
    await new Promise((r) => setTimeout(r, 30));
    await audit(d, actor, { action: 'test.create', objectType: 'test', objectId: actor!.platformId, after: { note: body.note } });
    effects++;
    return json(201, { id: `${actor!.platformId}:${effects}`, note: body.note });
  });
  const call = (key: string, idem: string, note: string) =>
    create(post('/things', JSON.stringify({ note }), { authorization: `Bearer ${key}`, 'idempotency-key': idem }));

  it('replays the first answer, refuses another body, and says when the first is still running', async () => {
    const { key } = await platformKey();
    const first = await call(key, 'order-1', 'a');
    expect(first.status).toBe(201);
    const replay = await call(key, 'order-1', 'a');
    expect(replay.status).toBe(201);
    expect(replay.headers.get('idempotent-replayed')).toBe('true');
    expect(await replay.json()).toEqual(await first.json());
    const other = await call(key, 'order-1', 'b');
    expect([other.status, (await other.json()).error.code]).toEqual([422, 'idempotency_key_reused']);
    const bad = await create(post('/things', '{}', { authorization: `Bearer ${key}`, 'idempotency-key': 'bad key with spaces\u0001' }));
    expect(bad.status).toBe(400);
  });

  it('fifty concurrent requests with one key make exactly one effect', async () => {
    const { key, platform } = await platformKey();
    const before = effects;
    const results = await Promise.all(Array.from({ length: 50 }, () => call(key, 'burst', 'x')));
    const statuses = results.map((r) => r.status);
    expect(effects - before).toBe(1);
    expect(statuses.filter((s) => s === 201).length).toBeGreaterThanOrEqual(1);
    expect(statuses.every((s) => s === 201 || s === 409)).toBe(true);
    const rows = await db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.objectType, 'test'), eq(auditEvents.objectId, platform.id)));
    expect(rows).toHaveLength(1);
  });
});

describe('OpenAPI', () => {
  it('is a valid OpenAPI 3.1 document by Redocly’s linter', async () => {
    const res = getOpenApi();
    const doc = await res.json();
    expect(doc.openapi).toBe('3.1.0');
    expect(Object.keys(doc.paths)).toEqual([
      '/token',
      '/platform',
      '/services',
      '/payments',
      '/payments/{id}',
      '/payments/{id}/refunds',
      '/refunds/{id}',
      '/payment-links',
      '/balance',
      '/payouts',
      '/payouts/{id}',
      '/bank-accounts',
      '/ivr/invoices',
      '/ivr/invoices/{tracking_code}',
      '/ivr/transactions',
      '/ivr/get-transaction-result',
      '/topup/products',
      '/topups',
      '/topups/{id}',
      '/split-invoices',
      '/split-invoices/{id}',
      '/split-invoices/{id}/close',
      '/split-invoices/{id}/verify',
      '/split-invoices/{id}/cancel',
      '/split-beneficiaries',
    ]);
    const problems = await lintFromString({
      source: JSON.stringify(doc),
      absoluteRef: 'openapi.json',
      config: await createConfig({ extends: ['recommended'] }),
    });
    const errors = problems.filter((p) => p.severity === 'error').map((p) => `${p.ruleId}: ${p.message} @ ${p.location?.[0]?.pointer}`);
    expect(errors).toEqual([]);
    const warnings = problems.filter((p) => p.severity === 'warn').map((p) => `${p.ruleId}: ${p.message}`);
    expect(warnings).toEqual([]);
  });
});
