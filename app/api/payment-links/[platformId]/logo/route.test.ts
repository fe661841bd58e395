import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Db } from '@/db';
import { MAX_LOGO_BYTES } from '@/lib/payments/images';
import { actorOf } from '@/lib/actor';
import { approvePlatform, saveLink } from '@/lib/payments/fixtures';
import { getLinkSettings } from '@/lib/payments/link-settings';
import { testDb } from '@/test/db';
import { makePlatform } from '@/test/fixtures';
import { chunkedUpload, multipartUpload, PNG } from '@/test/uploads';

const h = vi.hoisted(() => ({ db: undefined as Db | undefined, user: null as unknown }));
vi.mock('next/server', async (orig) => ({ ...(await orig<typeof import('next/server')>()), connection: async () => {} }));
vi.mock('@/db', async (orig) => ({ ...(await orig<typeof import('@/db')>()), getDb: () => h.db! }));
// The real guards' shape (a member's business resolved from the database), with the test's user signed in.
vi.mock('@/lib/auth/session', async () => (await import('@/test/actions')).sessionMock(h as never));
vi.mock('@/lib/storage', async (orig) =>
  (await import('@/test/uploads')).tempStorageModule(await orig<typeof import('@/lib/storage')>(), 'dargah-logo-route-'),
);

const { POST } = await import('./route');

const db = testDb();
h.db = db;
const ORIGIN = 'https://pay.example.ir';
const saved = process.env.PUBLIC_BASE_URL;
let platformId = '';
let owner: Awaited<ReturnType<typeof makePlatform>>['merchant'];
const url = () => `${ORIGIN}/api/payment-links/${platformId}/logo`;
const ctx = () => ({ params: Promise.resolve({ platformId }) });

beforeAll(async () => {
  process.env.PUBLIC_BASE_URL = ORIGIN;
  const { merchant, platform } = await makePlatform(db);
  await approvePlatform(db, platform.id);
  const ok = await saveLink(db, merchant, platform.id, {
    handle: `lgr-${Date.now().toString(36)}`,
    title: 'Logo route',
    displayUnit: 'rial',
    gateways: [],
    minAmount: '1000',
    maxAmount: '100000000',
    acceptSlips: true,
  });
  if (!ok.ok) throw new Error('link settings');
  h.user = merchant;
  owner = merchant;
  platformId = platform.id;
});
afterAll(() => {
  if (saved === undefined) delete process.env.PUBLIC_BASE_URL;
  else process.env.PUBLIC_BASE_URL = saved;
});

describe('POST /api/payment-links/<platformId>/logo', () => {
  it('sets a small logo sent from the portal', async () => {
    const res = await POST(await multipartUpload(url(), { file: new File([PNG], 'logo.png') }, { origin: ORIGIN }), ctx());
    expect(res.status).toBe(201);
    const s = await getLinkSettings(db, actorOf(owner), platformId);
    expect(s && s !== 'notFound' ? s.logoKey : null).toMatch(/^links\//);
  });

  it('refuses a 20 MB chunked body having read no more than the cap and one chunk', async () => {
    const { req, chunk, pulled } = chunkedUpload(url(), 20 * 1024 * 1024, { headers: { origin: ORIGIN } });
    expect((await POST(req, ctx())).status).toBe(413);
    expect(pulled()).toBeLessThanOrEqual(MAX_LOGO_BYTES + 64 * 1024 + chunk);
  });

  it('refuses an upload from another origin before reading it', async () => {
    const { req, pulled } = chunkedUpload(url(), 1024 * 1024, { headers: { origin: 'https://evil.example' } });
    const res = await POST(req, ctx());
    expect(res.status).toBe(403);
    expect(await res.json()).toEqual({ error: { code: 'forbidden', message: 'forbidden' } });
    expect(pulled()).toBe(0);
  });
});
