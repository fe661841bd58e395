import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Db } from '@/db';
import { MAX_SLIP_IMAGE_BYTES, slipImageKey } from '@/lib/payments/images';
import { makeLinkShop, SLIPS_ONLY } from '@/lib/payments/fixtures';
import { testDb, uniqueIp } from '@/test/db';
import { chunkedUpload, multipartUpload, PNG } from '@/test/uploads';

const h = vi.hoisted(() => ({ db: undefined as Db | undefined }));
vi.mock('next/server', async (orig) => ({ ...(await orig<typeof import('next/server')>()), connection: async () => {} }));
vi.mock('@/db', async (orig) => ({ ...(await orig<typeof import('@/db')>()), getDb: () => h.db! }));
vi.mock('@/lib/storage', async (orig) =>
  (await import('@/test/uploads')).tempStorageModule(await orig<typeof import('@/lib/storage')>(), 'dargah-slip-route-'),
);
// The address comes from clientIp() (tested with lib/auth); here a test header names it.
vi.mock('@/lib/auth/request', async (orig) => ({
  ...(await orig<typeof import('@/lib/auth/request')>()),
  clientIp: (headers: Headers) => headers.get('x-test-client') ?? 'unknown',
}));

const { POST } = await import('./route');

const db = testDb();
h.db = db;
const ORIGIN = 'https://pay.example.ir';
const saved = process.env.PUBLIC_BASE_URL;
let handle = '';
const url = () => `${ORIGIN}/api/pay/${handle}/slip-image`;
const ctx = () => ({ params: Promise.resolve({ handle }) });
const photo = (ip: string, headers: Record<string, string> = { origin: ORIGIN }) =>
  multipartUpload(url(), { file: new File([PNG], 'slip.png', { type: 'image/png' }) }, { ...headers, 'x-test-client': ip });

beforeAll(async () => {
  process.env.PUBLIC_BASE_URL = ORIGIN;
  handle = (await makeLinkShop(db, { handle: `slr-${Date.now().toString(36)}`, title: 'Slip route', ...SLIPS_ONLY })).handle;
});
afterAll(() => {
  if (saved === undefined) delete process.env.PUBLIC_BASE_URL;
  else process.env.PUBLIC_BASE_URL = saved;
});

describe('POST /api/pay/<handle>/slip-image', () => {
  it('stores a small photo from the portal and answers a token for this link', async () => {
    const res = await POST(await photo(uniqueIp()), ctx());
    expect(res.status).toBe(201);
    const { token } = (await res.json()) as { token: string };
    expect(slipImageKey(token, handle)).toMatch(new RegExp(`^slips/${handle}/`));
  });

  it('refuses a 20 MB chunked body having read no more than the cap and one chunk', async () => {
    const { req, chunk, pulled } = chunkedUpload(url(), 20 * 1024 * 1024, { headers: { origin: ORIGIN, 'x-test-client': uniqueIp() } });
    const res = await POST(req, ctx());
    expect(res.status).toBe(413);
    expect(await res.json()).toEqual({ error: { code: 'fileTooLarge', message: 'fileTooLarge' } });
    expect(pulled()).toBeLessThanOrEqual(MAX_SLIP_IMAGE_BYTES + 64 * 1024 + chunk);
  });

  it('refuses a Content-Length over the cap before reading', async () => {
    const { req, pulled } = chunkedUpload(url(), 20 * 1024 * 1024, {
      headers: { origin: ORIGIN, 'x-test-client': uniqueIp(), 'content-length': String(20 * 1024 * 1024) },
    });
    expect((await POST(req, ctx())).status).toBe(413);
    expect(pulled()).toBe(0);
  });

  it('refuses an upload from another origin, or a cross-site one without an Origin', async () => {
    const foreign = await POST(await photo(uniqueIp(), { origin: 'https://evil.example' }), ctx());
    expect(foreign.status).toBe(403);
    expect(await foreign.json()).toEqual({ error: { code: 'forbidden', message: 'forbidden' } });
    expect((await POST(await photo(uniqueIp(), { 'sec-fetch-site': 'cross-site' }), ctx())).status).toBe(403);
    expect((await POST(await photo(uniqueIp(), { 'sec-fetch-site': 'same-origin' }), ctx())).status).toBe(201);
  });

  it('takes 10 photos in 10 minutes from one address, refuses the 11th with Retry-After, and not from another address', async () => {
    const ip = uniqueIp();
    for (let i = 0; i < 10; i++) expect((await POST(await photo(ip), ctx())).status).toBe(201);
    const refused = await POST(await photo(ip), ctx());
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(await refused.json()).toEqual({ error: { code: 'rateLimited', message: 'rateLimited' } });
    expect((await POST(await photo(uniqueIp()), ctx())).status).toBe(201);
  });
});
