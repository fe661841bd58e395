import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Db } from '@/db';
import type { User } from '@/db/schema';
import { MAX_DOCUMENT_BYTES } from '@/lib/kyc/documents';
import { testDb } from '@/test/db';
import { makeMerchant } from '@/test/fixtures';
import { chunkedUpload, multipartUpload, PNG } from '@/test/uploads';

const h = vi.hoisted(() => ({ db: undefined as Db | undefined, user: null as unknown }));
vi.mock('next/server', async (orig) => ({ ...(await orig<typeof import('next/server')>()), connection: async () => {} }));
vi.mock('@/db', async (orig) => ({ ...(await orig<typeof import('@/db')>()), getDb: () => h.db! }));
// The real guards' shape (a member's business resolved from the database), with the test's user signed in.
vi.mock('@/lib/auth/session', async () => (await import('@/test/actions')).sessionMock(h as never));
vi.mock('@/lib/storage', async (orig) => (await import('@/test/uploads')).tempStorageModule(await orig<typeof import('@/lib/storage')>(), 'dargah-kyc-route-'));

const { POST } = await import('./route');

const db = testDb();
h.db = db;
const ORIGIN = 'https://pay.example.ir';
const URL_ = `${ORIGIN}/api/kyc/documents`;
const saved = process.env.PUBLIC_BASE_URL;
const card = (headers: Record<string, string> = { origin: ORIGIN }) =>
  multipartUpload(URL_, { kind: 'national_card', personKind: 'natural', file: new File([PNG], 'card.png', { type: 'image/png' }) }, headers);

beforeAll(async () => {
  process.env.PUBLIC_BASE_URL = ORIGIN;
  h.user = (await makeMerchant(db)) as User;
});
afterAll(() => {
  if (saved === undefined) delete process.env.PUBLIC_BASE_URL;
  else process.env.PUBLIC_BASE_URL = saved;
});

describe('POST /api/kyc/documents', () => {
  it('stores a small document sent from the portal', async () => {
    const res = await POST(await card());
    expect(res.status).toBe(201);
    expect(await res.json()).toMatchObject({ kind: 'national_card', contentType: 'image/png', name: 'card.png' });
  });

  it('refuses a 20 MB chunked body having read no more than the cap and one chunk', async () => {
    const { req, chunk, pulled } = chunkedUpload(URL_, 20 * 1024 * 1024, { headers: { origin: ORIGIN } });
    const res = await POST(req);
    expect(res.status).toBe(413);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('fileTooLarge');
    expect(pulled()).toBeLessThanOrEqual(MAX_DOCUMENT_BYTES + 64 * 1024 + chunk);
  });

  it('refuses a Content-Length over the cap before reading', async () => {
    const { req, pulled } = chunkedUpload(URL_, 20 * 1024 * 1024, { headers: { origin: ORIGIN, 'content-length': String(20 * 1024 * 1024) } });
    expect((await POST(req)).status).toBe(413);
    expect(pulled()).toBe(0);
  });

  it('refuses an upload from another origin', async () => {
    const res = await POST(await card({ origin: 'https://evil.example' }));
    expect(res.status).toBe(403);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('forbidden');
  });
});
