import { afterEach, describe, expect, it } from 'vitest';
import { clientIp, normalise, parseCidrList } from './request';

const h = (o: Record<string, string>) => new Headers(o);

describe('clientIp', () => {
  afterEach(() => {
    delete process.env.TRUSTED_PROXIES;
  });

  it('takes the socket peer and ignores forwarding headers when no proxy is trusted', () => {
    expect(clientIp(h({ 'x-dargah-peer': '198.51.100.7', 'x-forwarded-for': '203.0.113.5', 'x-real-ip': '203.0.113.5' }))).toBe('198.51.100.7');
    expect(clientIp(h({ 'x-forwarded-for': '203.0.113.5' }))).toBe('unknown');
  });

  it('believes X-Forwarded-For only from a trusted proxy, right-most untrusted hop first', () => {
    process.env.TRUSTED_PROXIES = '10.0.0.0/8, 192.0.2.1';
    // The client wrote "203.0.113.5" itself; the proxy appended the address it saw.
    expect(clientIp(h({ 'x-dargah-peer': '10.1.2.3', 'x-forwarded-for': '203.0.113.5, 198.51.100.9' }))).toBe('198.51.100.9');
    // Two trusted proxies in a row are skipped.
    expect(clientIp(h({ 'x-dargah-peer': '10.1.2.3', 'x-forwarded-for': '203.0.113.5, 198.51.100.9, 192.0.2.1' }))).toBe('198.51.100.9');
    // A hop that is not an address stops the walk at the last proxy that wrote one.
    expect(clientIp(h({ 'x-dargah-peer': '10.1.2.3', 'x-forwarded-for': 'junk' }))).toBe('10.1.2.3');
    // The same header from an untrusted peer changes nothing.
    expect(clientIp(h({ 'x-dargah-peer': '198.51.100.7', 'x-forwarded-for': '203.0.113.5' }))).toBe('198.51.100.7');
  });

  it('answers IPv4-mapped IPv6 peers as IPv4, and trusts them by their IPv4 range', () => {
    expect(clientIp(h({ 'x-dargah-peer': '::ffff:127.0.0.1' }))).toBe('127.0.0.1');
    process.env.TRUSTED_PROXIES = '127.0.0.1';
    expect(clientIp(h({ 'x-dargah-peer': '::ffff:127.0.0.1', 'x-forwarded-for': '2001:db8::1' }))).toBe('2001:db8::1');
  });

  it('normalises and refuses junk', () => {
    expect(normalise('[2001:DB8::1]')).toBe('2001:db8::1');
    expect(normalise('::ffff:203.0.113.5')).toBe('203.0.113.5');
    expect(normalise('not an ip')).toBeNull();
    expect(normalise('')).toBeNull();
    expect(parseCidrList('10.0.0.0/8,::1')).toHaveLength(2);
    expect(parseCidrList('10.0.0.0/33')).toBeNull();
    expect(parseCidrList('example.com')).toBeNull();
  });
});
