import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { eq } from 'drizzle-orm';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { webhookDeliveries, webhookEndpoints } from '@/db/schema';
import { resolveChecked, setResolverForTests, type Resolver } from '@/lib/net/fetch';
import { testDb } from '@/test/db';
import { makePlatform, merchantActorOf } from '@/test/fixtures';
import { setWebhookEndpoint } from './endpoints';
import { deliverEvent, failureOf, recordEvent } from './events';
import { saveEnv } from '@/test/env';

/**
 * Webhook delivery never reaches an internal address. A listener on 127.0.0.1 stands for every
 * internal service; each URL form below names it (or another internal address) on the listener's
 * real port, names are answered by a stub resolver, and the listener must see no request at all.
 * APP_ENV is `development` here so that plain http is allowed: every refusal below comes from the
 * address rules, not from the scheme.
 */
const db = testDb();

let hits = 0;
let port = 0;
const listener = http.createServer((req, res) => {
  hits++;
  req.resume().on('end', () => res.writeHead(200).end('ok\u0000'));
});
let redirectHits = 0;
let redirectPort = 0;
const redirector = http.createServer((req, res) => {
  redirectHits++;
  req.resume().on('end', () => res.writeHead(302, { location: `http://127.0.0.1:${port}/inside` }).end());
});

const PUBLIC = '93.184.215.14';
const names: Record<string, string[]> = {
  localhost: ['127.0.0.1'],
  'metadata.google.internal': ['169.254.169.254'],
  '127.0.0.1.nip.io': ['127.0.0.1'],
  '127-0-0-1.sslip.io': ['127.0.0.1'],
  'sub.localhost': ['127.0.0.1'],
  'printer.local': ['127.0.0.1'],
  intranet: ['127.0.0.1'],
  'loopback.example.com': ['127.0.0.1'],
  'v6-loopback.example.com': ['::1'],
  'mapped.example.com': ['::ffff:127.0.0.1'],
  'lan.example.com': ['10.0.0.5'],
  'cgnat.example.com': ['100.64.1.1'],
  'mixed.example.com': [PUBLIC, '127.0.0.1'],
  'mixed6.example.com': ['2606:4700::1', 'fd00::1'],
};
const stub: Resolver = async (host) => {
  const found = names[host];
  if (!found) throw Object.assign(new Error(`stub: no such name ${host}`), { code: 'ENOTFOUND' });
  return found;
};

const restoreEnv = saveEnv('APP_ENV', 'UNSAFE_ALLOW_PRIVATE_TARGETS');
let platformId = '';
let merchantId = '';

beforeAll(async () => {
  await new Promise<void>((r) => listener.listen(0, '127.0.0.1', r));
  await new Promise<void>((r) => redirector.listen(0, '127.0.0.1', r));
  port = (listener.address() as AddressInfo).port;
  redirectPort = (redirector.address() as AddressInfo).port;
  const made = await makePlatform(db);
  platformId = made.platform.id;
  merchantId = made.merchant.id;
  process.env.APP_ENV = 'development';
  delete process.env.UNSAFE_ALLOW_PRIVATE_TARGETS;
  const set = await setWebhookEndpoint(db, merchantActorOf({ id: merchantId }), { platformId, url: 'https://hooks.example.ir/start' });
  expect(set.ok).toBe(true);
});

afterEach(() => {
  setResolverForTests(null);
  delete process.env.UNSAFE_ALLOW_PRIVATE_TARGETS;
});

afterAll(() => {
  listener.close();
  redirector.close();
  restoreEnv();
});

/**
 * Points the endpoint at `url` as stored (written straight to the row, as a URL saved before these
 * rules existed would be), records one event and delivers it once; returns the attempt's row.
 */
async function deliverTo(url: string, expected: 'retry' | 'delivered' = 'retry') {
  await db.update(webhookEndpoints).set({ url }).where(eq(webhookEndpoints.platformId, platformId));
  const id = await recordEvent(db, platformId, 'payment.succeeded', { order_id: 'ssrf' });
  expect(await deliverEvent(db, id!, false), url).toBe(expected);
  const rows = await db.select().from(webhookDeliveries).where(eq(webhookDeliveries.eventId, id!));
  expect(rows).toHaveLength(1);
  return rows[0];
}

const forms = () => [
  `http://localhost:${port}/`,
  `http://2130706433:${port}/`,
  `http://0x7f000001:${port}/`,
  `http://0177.0.0.1:${port}/`,
  `http://127.1:${port}/`,
  `http://127.0.0.1:${port}/`,
  `https://169.254.169.254:${port}/latest/meta-data/`,
  `http://10.0.0.1:${port}/`,
  `http://172.16.0.1:${port}/`,
  `http://192.168.1.1:${port}/`,
  `http://100.64.0.1:${port}/`,
  `http://[::1]:${port}/`,
  `http://[::ffff:127.0.0.1]:${port}/`,
  `http://[::ffff:7f00:1]:${port}/`,
  `http://[::127.0.0.1]:${port}/`,
  `http://0.0.0.0:${port}/`,
  `http://0:${port}/`,
  `http://[::]:${port}/`,
  `http://metadata.google.internal:${port}/computeMetadata/v1/`,
  `http://127.0.0.1.nip.io:${port}/`,
  `http://127-0-0-1.sslip.io:${port}/`,
  `http://sub.localhost:${port}/`,
  `http://printer.local:${port}/`,
  `http://intranet:${port}/`,
  `http://loopback.example.com:${port}/`,
  `http://v6-loopback.example.com:${port}/`,
  `http://mapped.example.com:${port}/`,
  `http://lan.example.com:${port}/`,
  `http://cgnat.example.com:${port}/`,
  `http://mixed.example.com:${port}/`,
  `http://mixed6.example.com:${port}/`,
  `http://224.0.0.1:${port}/`,
  `http://255.255.255.255:${port}/`,
  `http://240.0.0.1:${port}/`,
  `http://[fc00::1]:${port}/`,
  `http://[fe80::1]:${port}/`,
  `http://[64:ff9b::7f00:1]:${port}/`,
  `http://[2002:7f00:1::]:${port}/`,
];

describe('webhook delivery to internal addresses', () => {
  it('control: with private targets explicitly allowed (tests and development only), the stubbed name reaches the listener', async () => {
    process.env.UNSAFE_ALLOW_PRIVATE_TARGETS = '1';
    setResolverForTests(stub);
    hits = 0;
    const row = await deliverTo(`http://loopback.example.com:${port}/`, 'delivered');
    // The answer is kept without the NUL PostgreSQL refuses.
    expect([row.status, row.error, row.response]).toEqual([200, null, 'ok']);
    expect(hits).toBe(1);
    // Its job run again (a retried batch, a worker killed after delivering) sends nothing more.
    expect(await deliverEvent(db, row.eventId, false)).toBe('delivered');
    expect(hits).toBe(1);
    expect(await db.select().from(webhookDeliveries).where(eq(webhookDeliveries.eventId, row.eventId))).toHaveLength(1);
  });

  it(`reaches the listener from none of the ${forms().length} address forms, and shows only "address not allowed"`, async () => {
    setResolverForTests(stub);
    hits = 0;
    const list = forms();
    expect(list.length).toBeGreaterThanOrEqual(25);
    for (const url of list) {
      const row = await deliverTo(url);
      expect({ url, status: row.status, error: row.error, latencyMs: row.latencyMs, response: row.response }).toEqual({
        url,
        status: null,
        error: 'addressNotAllowed',
        latencyMs: null,
        response: null,
      });
    }
    expect(hits).toBe(0);
  });

  it('refuses at delivery a name that passed the save-time check and then rebinds to 127.0.0.1', async () => {
    let calls = 0;
    setResolverForTests(async (host) => {
      if (host !== 'rebind.example.com') throw new Error('unexpected name');
      return calls++ === 0 ? [PUBLIC] : ['127.0.0.1'];
    });
    hits = 0;
    const url = `http://rebind.example.com:${port}/hooks`;
    // Saved through the merchant's path, and its first answer is a public address.
    expect((await setWebhookEndpoint(db, merchantActorOf({ id: merchantId }), { platformId, url })).ok).toBe(true);
    expect(await resolveChecked('rebind.example.com')).toEqual([{ address: PUBLIC, family: 4 }]);
    const row = await deliverTo(url);
    expect([row.status, row.error, row.latencyMs]).toEqual([null, 'addressNotAllowed', null]);
    expect(calls).toBe(2);
    expect(hits).toBe(0);
  });

  it('does not follow a redirect from an allowed target to 127.0.0.1', async () => {
    // The redirector runs on 127.0.0.1 too, so only with private targets allowed can it stand for
    // an allowed public server; not following the redirect must not depend on that setting.
    process.env.UNSAFE_ALLOW_PRIVATE_TARGETS = '1';
    setResolverForTests(async () => ['127.0.0.1']);
    hits = 0;
    redirectHits = 0;
    const row = await deliverTo(`http://allowed.example.com:${redirectPort}/hooks`);
    expect([row.status, row.error]).toEqual([302, null]);
    expect([redirectHits, hits]).toEqual([1, 0]);
  });

  it('shows a refused connection only as "could not connect", with no error text or latency', async () => {
    process.env.UNSAFE_ALLOW_PRIVATE_TARGETS = '1';
    setResolverForTests(async () => ['127.0.0.1']);
    const closed = http.createServer();
    await new Promise<void>((r) => closed.listen(0, '127.0.0.1', r));
    const closedPort = (closed.address() as AddressInfo).port;
    await new Promise<void>((r) => closed.close(() => r()));
    const row = await deliverTo(`http://closed.example.com:${closedPort}/`);
    expect({ status: row.status, error: row.error, latencyMs: row.latencyMs, response: row.response }).toEqual({
      status: null,
      error: 'connectFailed',
      latencyMs: null,
      response: null,
    });
  });

  it('shows attempts stored with raw error text before this change as "could not connect"', () => {
    expect(failureOf('connect ECONNREFUSED 127.0.0.1:5432')).toBe('connectFailed');
    expect(failureOf('Timed out after 10 s')).toBe('connectFailed');
    expect(failureOf('addressNotAllowed')).toBe('addressNotAllowed');
  });
});

describe('the webhook URL a merchant saves', () => {
  it('is refused for internal forms, needs https outside development, and accepts a public https URL', async () => {
    for (const url of forms().filter((u) => !/example\.com/.test(u))) {
      expect(await setWebhookEndpoint(db, merchantActorOf({ id: merchantId }), { platformId, url }), url).toEqual({ ok: false, error: 'urlInvalid' });
    }
    process.env.APP_ENV = 'production';
    try {
      expect(await setWebhookEndpoint(db, merchantActorOf({ id: merchantId }), { platformId, url: 'http://hooks.example.ir/x' })).toEqual({
        ok: false,
        error: 'urlInvalid',
      });
      // Even asked for, private targets stay refused in production.
      process.env.UNSAFE_ALLOW_PRIVATE_TARGETS = '1';
      expect(await setWebhookEndpoint(db, merchantActorOf({ id: merchantId }), { platformId, url: `https://localhost:${port}/x` })).toEqual({
        ok: false,
        error: 'urlInvalid',
      });
      expect(await setWebhookEndpoint(db, merchantActorOf({ id: merchantId }), { platformId, url: 'https://hooks.example.ir:8443/x' })).toEqual({
        ok: true,
        data: { secret: null },
      });
    } finally {
      process.env.APP_ENV = 'development';
    }
  });
});
