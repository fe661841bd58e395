import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { webhookEndpoints } from '@/db/schema';
import { testDb } from '@/test/db';
import { makeMerchant, makePlatform } from '@/test/fixtures';
import { getWebhookEndpoint, setWebhookEndpoint, signingSecretOf } from './endpoints';

const db = testDb();

// The rules for URLs as in production: no private targets, whatever the environment asks.
const unsafe = process.env.UNSAFE_ALLOW_PRIVATE_TARGETS;
beforeAll(() => {
  delete process.env.UNSAFE_ALLOW_PRIVATE_TARGETS;
});
afterAll(() => {
  if (unsafe !== undefined) process.env.UNSAFE_ALLOW_PRIVATE_TARGETS = unsafe;
});

describe('webhook endpoint', () => {
  it('shows the signing secret once, keeps it encrypted, and rolls it on request', async () => {
    const { merchant: m, platform } = await makePlatform(db);
    const p = { platform };

    expect(await setWebhookEndpoint(db, m.id, p.platform.id, { url: 'http://insecure.example' })).toEqual({ ok: false, error: 'urlInvalid' });
    expect(await setWebhookEndpoint(db, m.id, p.platform.id, { url: 'https://127.0.0.1.nip.io/hooks' })).toEqual({ ok: false, error: 'urlInvalid' });
    const other = await makeMerchant(db);
    expect(await setWebhookEndpoint(db, other.id, p.platform.id, { url: 'https://hooks.example.ir' })).toEqual({ ok: false, error: 'notFound' });

    const first = await setWebhookEndpoint(db, m.id, p.platform.id, { url: 'https://hooks.example.ir/a' });
    if (!first.ok || !first.secret) throw new Error('expected a secret');
    expect(first.secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    const [row] = await db.select().from(webhookEndpoints).where(eq(webhookEndpoints.platformId, p.platform.id));
    expect(row.secretEncrypted).not.toContain(first.secret.slice(6, 20));
    expect((await signingSecretOf(db, p.platform.id))?.secret).toBe(first.secret);

    // Changing only the URL keeps the secret and shows nothing.
    expect(await setWebhookEndpoint(db, m.id, p.platform.id, { url: 'https://hooks.example.ir/b' })).toEqual({ ok: true, secret: null });
    expect((await getWebhookEndpoint(db, m.id, p.platform.id))?.url).toBe('https://hooks.example.ir/b');
    const rolled = await setWebhookEndpoint(db, m.id, p.platform.id, { url: 'https://hooks.example.ir/b', rollSecret: true });
    expect(rolled.ok && rolled.secret && rolled.secret !== first.secret).toBe(true);
    expect(await getWebhookEndpoint(db, other.id, p.platform.id)).toBeNull();
  });
});
