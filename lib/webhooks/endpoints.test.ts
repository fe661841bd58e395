import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditEvents, webhookEndpoints } from '@/db/schema';
import { testDb } from '@/test/db';
import { makeMerchant, makePlatform, merchantActorOf as actor } from '@/test/fixtures';
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

    expect(await setWebhookEndpoint(db, actor(m), { platformId: p.platform.id, url: 'http://insecure.example' })).toEqual({ ok: false, error: 'urlInvalid' });
    expect(await setWebhookEndpoint(db, actor(m), { platformId: p.platform.id, url: 'https://127.0.0.1.nip.io/hooks' })).toEqual({
      ok: false,
      error: 'urlInvalid',
    });
    const other = await makeMerchant(db);
    expect(await setWebhookEndpoint(db, actor(other), { platformId: p.platform.id, url: 'https://hooks.example.ir' })).toEqual({
      ok: false,
      error: 'notFound',
    });

    const made = await setWebhookEndpoint(db, actor(m), { platformId: p.platform.id, url: 'https://hooks.example.ir/a' });
    if (!made.ok || !made.data.secret) throw new Error('expected a secret');
    const first = made.data as { secret: string };
    expect(first.secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    const [row] = await db.select().from(webhookEndpoints).where(eq(webhookEndpoints.platformId, p.platform.id));
    expect(row.secretEncrypted).not.toContain(first.secret.slice(6, 20));
    expect((await signingSecretOf(db, p.platform.id))?.secret).toBe(first.secret);

    // Changing only the URL keeps the secret and shows nothing.
    expect(await setWebhookEndpoint(db, actor(m), { platformId: p.platform.id, url: 'https://hooks.example.ir/b' })).toEqual({
      ok: true,
      data: { secret: null },
    });
    expect((await getWebhookEndpoint(db, actor(m), p.platform.id))?.url).toBe('https://hooks.example.ir/b');
    const rolled = await setWebhookEndpoint(db, actor(m), { platformId: p.platform.id, url: 'https://hooks.example.ir/b', rollSecret: true });
    expect(rolled.ok && rolled.data.secret && rolled.data.secret !== first.secret).toBe(true);
    expect(await getWebhookEndpoint(db, actor(other), p.platform.id)).toBeNull();

    // Each change is audited, the secret masked: the trail says a new one was made, never what it is.
    const events = await db.select().from(auditEvents).where(eq(auditEvents.objectId, p.platform.id)).orderBy(auditEvents.id);
    expect(events.filter((e) => e.objectType === 'webhook_endpoint').map((e) => [e.action, e.after])).toEqual([
      ['create', { url: 'https://hooks.example.ir/a', secret: '***' }],
      ['update', { url: 'https://hooks.example.ir/b', secret: null }],
      ['update', { url: 'https://hooks.example.ir/b', secret: '***' }],
    ]);
    expect(JSON.stringify(events.map((e) => [e.before, e.after]))).not.toContain(first.secret.slice(6, 20));
  });
});
