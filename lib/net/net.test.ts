import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { isAllowedAddress } from './address';
import { AddressNotAllowedError, readPrefix, resolveChecked, safeFetch, setResolverForTests } from './fetch';
import { checkHost, checkOutboundUrl, outboundPolicy, STRICT_POLICY } from './url';
import { saveEnv } from '@/test/env';

const DEV = { allowHttp: true, allowPrivate: false };
const UNSAFE = { allowHttp: true, allowPrivate: true };

describe('isAllowedAddress', () => {
  it('allows public unicast only', () => {
    for (const a of ['8.8.8.8', '1.1.1.1', '93.184.215.14', '2606:4700:4700::1111', '::ffff:8.8.8.8']) expect(isAllowedAddress(a), a).toBe(true);
  });

  it('refuses loopback, private, link-local, CGNAT, multicast, reserved and special IPv6 blocks', () => {
    const refused = [
      '127.0.0.1',
      '127.255.0.9',
      '0.0.0.0',
      '0.1.2.3',
      '10.0.0.1',
      '172.16.0.1',
      '172.31.255.254',
      '192.168.1.1',
      '100.64.0.1',
      '169.254.169.254',
      '224.0.0.1',
      '239.255.255.250',
      '240.0.0.1',
      '255.255.255.255',
      '192.0.2.1',
      '198.18.0.1',
      '203.0.113.5',
      '::1',
      '::',
      '::ffff:127.0.0.1',
      '::ffff:7f00:1',
      '::ffff:a9fe:a9fe',
      '::7f00:1',
      'fc00::1',
      'fd12:3456::1',
      'fe80::1',
      'fe80::1%eth0',
      'ff02::1',
      '64:ff9b::7f00:1',
      '2002:7f00:1::',
      '2001::1',
      '2001:db8::1',
      'not an address',
      '',
    ];
    for (const a of refused) expect(isAllowedAddress(a), a).toBe(false);
  });
});

describe('checkOutboundUrl', () => {
  it('judges the forms the URL parser rewrites as the address they are', () => {
    for (const form of ['http://2130706433', 'http://0x7f000001', 'http://0177.0.0.1', 'http://127.1', 'http://0x7f.1', 'http://127.0.0.1.']) {
      expect(new URL(form).hostname).toBe('127.0.0.1');
      expect(checkOutboundUrl(form, DEV), form).toEqual({ ok: false, reason: 'notAllowed' });
    }
    expect(new URL('http://0').hostname).toBe('0.0.0.0');
    expect(checkOutboundUrl('http://0', DEV)).toEqual({ ok: false, reason: 'notAllowed' });
  });

  it('refuses internal names and names carrying an internal address', () => {
    for (const host of [
      'localhost',
      'LOCALHOST.',
      'api.localhost',
      'printer.local',
      'metadata.google.internal',
      'router.home.arpa',
      'intranet',
      'db.localdomain',
      '127.0.0.1.nip.io',
      '10.0.0.1.sslip.io',
      '127-0-0-1.sslip.io',
      'a.192-168-1-1.nip.io',
      '[::1]',
      '[::ffff:127.0.0.1]',
    ]) {
      expect(checkOutboundUrl(`https://${host}/hook`, DEV), host).toEqual({ ok: false, reason: 'notAllowed' });
    }
    expect(checkHost('8.8.8.8.nip.io', STRICT_POLICY)).toBe('ok');
  });

  it('needs https outside development, refuses credentials, accepts a public https URL on any port', () => {
    expect(checkOutboundUrl('http://hooks.example.ir/x', STRICT_POLICY)).toEqual({ ok: false, reason: 'invalid' });
    expect(checkOutboundUrl('http://hooks.example.ir/x', DEV).ok).toBe(true);
    expect(checkOutboundUrl('ftp://hooks.example.ir/x', DEV)).toEqual({ ok: false, reason: 'invalid' });
    expect(checkOutboundUrl('https://user:pw@hooks.example.ir/x', STRICT_POLICY)).toEqual({ ok: false, reason: 'invalid' });
    expect(checkOutboundUrl('not a url', STRICT_POLICY)).toEqual({ ok: false, reason: 'invalid' });
    expect(checkOutboundUrl('https://hooks.example.ir/x', STRICT_POLICY).ok).toBe(true);
    expect(checkOutboundUrl('https://hooks.example.ir:8443/x', STRICT_POLICY).ok).toBe(true);
    expect(checkOutboundUrl('https://8.8.8.8/x', STRICT_POLICY).ok).toBe(true);
    expect(checkOutboundUrl('https://[2606:4700:4700::1111]/x', STRICT_POLICY).ok).toBe(true);
  });

  it('takes its policy from the environment: private targets only when asked for, and never in production', () => {
    const restoreEnv = saveEnv('APP_ENV', 'UNSAFE_ALLOW_PRIVATE_TARGETS');
    try {
      delete process.env.UNSAFE_ALLOW_PRIVATE_TARGETS;
      process.env.APP_ENV = 'test';
      expect(outboundPolicy()).toEqual(STRICT_POLICY);
      process.env.APP_ENV = 'development';
      expect(outboundPolicy()).toEqual({ allowHttp: true, allowPrivate: false });
      process.env.UNSAFE_ALLOW_PRIVATE_TARGETS = '1';
      expect(outboundPolicy()).toEqual(UNSAFE);
      process.env.APP_ENV = 'test';
      expect(outboundPolicy()).toEqual(UNSAFE);
      process.env.APP_ENV = 'production';
      expect(outboundPolicy()).toEqual(STRICT_POLICY);
      delete process.env.APP_ENV;
      expect(outboundPolicy()).toEqual(STRICT_POLICY);
    } finally {
      restoreEnv();
    }
  });
});

describe('safeFetch', () => {
  let hits = 0;
  let port = 0;
  let redirectPort = 0;
  const server = http.createServer((req, res) => {
    hits++;
    req.resume().on('end', () => res.writeHead(200).end('x'.repeat(5000)));
  });
  const redirector = http.createServer((req, res) => req.resume().on('end', () => res.writeHead(302, { location: `http://127.0.0.1:${port}/inside` }).end()));

  beforeAll(async () => {
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    await new Promise<void>((r) => redirector.listen(0, '127.0.0.1', r));
    port = (server.address() as AddressInfo).port;
    redirectPort = (redirector.address() as AddressInfo).port;
  });
  afterAll(() => {
    server.close();
    redirector.close();
  });
  afterEach(() => {
    hits = 0;
    setResolverForTests(null);
  });

  it('connects through the resolver it is given (control: with private targets allowed, the request arrives)', async () => {
    setResolverForTests(async () => ['127.0.0.1']);
    const res = await safeFetch(`http://hooks.example.com:${port}/`, {}, UNSAFE);
    expect(res.status).toBe(200);
    expect(await readPrefix(res, 100)).toBe('x'.repeat(100));
    expect(hits).toBe(1);
  });

  it('refuses a public-looking name that resolves to an internal address, before any connection', async () => {
    for (const answer of [
      ['127.0.0.1'],
      ['::1'],
      ['::ffff:127.0.0.1'],
      ['10.1.2.3'],
      ['169.254.169.254'],
      ['93.184.215.14', '127.0.0.1'],
      ['2606:4700::1', 'fd00::1'],
    ]) {
      setResolverForTests(async () => answer);
      await expect(safeFetch(`http://hooks.example.com:${port}/`, {}, DEV), answer.join()).rejects.toBeInstanceOf(AddressNotAllowedError);
      // The TLS connector goes through the same lookup.
      await expect(safeFetch(`https://hooks.example.com:${port}/`, {}, STRICT_POLICY), answer.join()).rejects.toBeInstanceOf(AddressNotAllowedError);
    }
    expect(hits).toBe(0);
  });

  it('refuses IP-literal hosts, which no lookup sees', async () => {
    for (const url of [`http://127.0.0.1:${port}/`, `http://2130706433:${port}/`, `http://[::ffff:127.0.0.1]:${port}/`, `http://[::1]:${port}/`]) {
      await expect(safeFetch(url, {}, DEV), url).rejects.toBeInstanceOf(AddressNotAllowedError);
    }
    expect(hits).toBe(0);
  });

  it('resolves once per connection and connects to the address it checked (no second lookup to rebind)', async () => {
    const answers = [['127.0.0.1'], ['10.255.255.1']];
    let calls = 0;
    setResolverForTests(async () => answers[Math.min(calls++, 1)]);
    const res = await safeFetch(`http://rebind.example.com:${port}/`, {}, UNSAFE);
    expect(res.status).toBe(200);
    expect([calls, hits]).toEqual([1, 1]);

    // A name that answers "public" to an earlier check and "127.0.0.1" at connect time is refused.
    const rebinding = [['93.184.215.14'], ['127.0.0.1']];
    calls = 0;
    setResolverForTests(async () => rebinding[Math.min(calls++, 1)]);
    expect(await resolveChecked('rebind.example.com')).toEqual([{ address: '93.184.215.14', family: 4 }]);
    await expect(safeFetch(`http://rebind.example.com:${port}/`, {}, DEV)).rejects.toBeInstanceOf(AddressNotAllowedError);
    expect([calls, hits]).toEqual([2, 1]);
  });

  it('returns a redirect instead of following it, even where private targets are allowed', async () => {
    const res = await safeFetch(`http://127.0.0.1:${redirectPort}/`, { method: 'POST', body: '{}' }, UNSAFE);
    expect(res.status).toBe(302);
    expect(hits).toBe(0);
  });
});
