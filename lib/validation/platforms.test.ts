import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { platformInputSchema, webhookUrlSchema } from './platforms';
import { saveEnv } from '@/test/env';

/** What merchants may not name as a webhook or a callback: every internal or odd address form. */
const INTERNAL = [
  'http://localhost',
  'https://localhost',
  'https://localhost:8443/hooks',
  'https://LOCALHOST./x',
  'https://2130706433',
  'https://0x7f000001',
  'https://0177.0.0.1',
  'https://127.1',
  'https://127.0.0.1:5432',
  'https://169.254.169.254/latest/meta-data/',
  'https://10.0.0.1',
  'https://172.16.0.1',
  'https://172.31.255.254',
  'https://192.168.1.1',
  'https://100.64.0.1',
  'https://[::1]',
  'https://[::ffff:127.0.0.1]',
  'https://[::]',
  'https://0.0.0.0',
  'https://0',
  'https://metadata.google.internal/computeMetadata/v1/',
  'https://127.0.0.1.nip.io',
  'https://127-0-0-1.sslip.io',
  'https://api.localhost',
  'https://printer.local',
  'https://router.home.arpa',
  'https://intranet',
  'https://224.0.0.1',
  'https://240.0.0.1',
  'https://255.255.255.255',
  'https://[fc00::1]',
  'https://[fd12:3456::1]',
  'https://[fe80::1]',
  'https://[ff02::1]',
  'https://[64:ff9b::7f00:1]',
];

const SITE = { type: 'website', name: 'Shop', address: 'https://shop.example.ir', expectedMonthlyVolume: '1000000' };
const restoreEnv = saveEnv('APP_ENV', 'UNSAFE_ALLOW_PRIVATE_TARGETS');

beforeEach(() => {
  process.env.APP_ENV = 'production';
  delete process.env.UNSAFE_ALLOW_PRIVATE_TARGETS;
});
afterEach(restoreEnv);

const issue = (r: { success: boolean; error?: { issues: { message: string; path: PropertyKey[] }[] } }) => r.error?.issues.map((i) => i.message);

describe('webhook URL and callback allow-list', () => {
  it('refuse every internal address form, saying the address is not allowed', () => {
    for (const url of INTERNAL) {
      const r = webhookUrlSchema.safeParse(url);
      // http://localhost fails on its scheme first in production; the rest on the address.
      expect(issue(r), url).toEqual([url.startsWith('http:') ? 'urlInvalid' : 'urlNotAllowed']);
      const p = platformInputSchema.safeParse({ ...SITE, callbackUrls: ['https://shop.example.ir/paid', url] });
      expect(p.success, url).toBe(false);
      expect(
        p.error?.issues.map((i) => i.path.join('.')),
        url,
      ).toEqual(['callbackUrls.1']);
    }
  });

  it('need https outside development, and no credentials', () => {
    expect(issue(webhookUrlSchema.safeParse('http://hooks.example.ir/x'))).toEqual(['urlInvalid']);
    process.env.APP_ENV = 'test';
    expect(issue(webhookUrlSchema.safeParse('http://hooks.example.ir/x'))).toEqual(['urlInvalid']);
    process.env.APP_ENV = 'development';
    expect(webhookUrlSchema.safeParse('http://hooks.example.ir/x').success).toBe(true);
    // Development allows http, not internal hosts.
    expect(issue(webhookUrlSchema.safeParse('http://localhost:3000/x'))).toEqual(['urlNotAllowed']);
    expect(issue(webhookUrlSchema.safeParse('https://user:pw@hooks.example.ir/x'))).toEqual(['urlInvalid']);
    expect(issue(webhookUrlSchema.safeParse('javascript:alert(1)'))).toEqual(['urlInvalid']);
    expect(issue(webhookUrlSchema.safeParse(''))).toEqual(['urlInvalid', 'required']);
  });

  it('accept a normal public https URL, any port, and a public IP', () => {
    for (const url of [
      'https://hooks.example.ir/dargah',
      'https://hooks.example.ir:8443/dargah?x=1',
      'https://8.8.8.8/hook',
      'https://[2606:4700:4700::1111]/hook',
    ]) {
      expect(webhookUrlSchema.safeParse(url).success, url).toBe(true);
      expect(platformInputSchema.safeParse({ ...SITE, callbackUrls: [url] }).success, url).toBe(true);
    }
  });

  it('refuse an internal website address too', () => {
    const p = platformInputSchema.safeParse({ ...SITE, address: 'https://127.0.0.1' });
    expect(p.error?.issues.map((i) => [i.path.join('.'), i.message])).toEqual([['address', 'address_website']]);
  });
});
