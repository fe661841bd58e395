import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { eq } from 'drizzle-orm';
import { Webhook } from 'standardwebhooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { webhookDeliveries, webhookEvents } from '@/db/schema';
import { testDb } from '@/test/db';
import { makeMerchant, makePlatform, merchantActorOf as actor } from '@/test/fixtures';
import { setWebhookEndpoint } from './endpoints';
import { sendTestEvent, TEST_EVENT_GAP_MS } from './events';

// A local receiver on 127.0.0.1, which production refuses (lib/net); the opt-in works outside production only.
beforeAll(() => {
  process.env.UNSAFE_ALLOW_PRIVATE_TARGETS = '1';
});
afterAll(() => {
  delete process.env.UNSAFE_ALLOW_PRIVATE_TARGETS;
});
const db = testDb();

describe('send a test event', () => {
  it('delivers one signed `test` event to the platform’s own endpoint and records the attempt', async () => {
    const received: { headers: http.IncomingHttpHeaders; body: string }[] = [];
    let answer = 200;
    const server = http.createServer((req, res) => {
      let body = '';
      req.on('data', (c) => (body += c));
      req.on('end', () => {
        received.push({ headers: req.headers, body });
        res.writeHead(answer).end('ok');
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    try {
      const { merchant, platform } = await makePlatform(db);
      const me = actor(merchant);
      expect(await sendTestEvent(db, me, platform.id)).toEqual({ ok: false, error: 'noEndpoint' });
      const url = `http://localhost:${(server.address() as AddressInfo).port}/hooks`;
      const set = await setWebhookEndpoint(db, me, { platformId: platform.id, url });
      if (!set.ok) throw new Error(set.error);

      // Another merchant cannot make this platform's endpoint receive anything.
      expect(await sendTestEvent(db, actor(await makeMerchant(db, { kycApproved: true })), platform.id)).toEqual({ ok: false, error: 'notFound' });
      expect(received).toHaveLength(0);

      const r = await sendTestEvent(db, me, platform.id);
      expect(r.ok && r.data).toMatchObject({ outcome: 'delivered', status: 200, failure: null });
      expect(received).toHaveLength(1);
      const wh = new Webhook(set.data.secret!);
      const payload = wh.verify(received[0].body, {
        'webhook-id': String(received[0].headers['webhook-id']),
        'webhook-timestamp': String(received[0].headers['webhook-timestamp']),
        'webhook-signature': String(received[0].headers['webhook-signature']),
      }) as { type: string; data: { platformId: string } };
      expect(payload).toMatchObject({ type: 'test', data: { platformId: platform.id } });
      const [event] = await db.select().from(webhookEvents).where(eq(webhookEvents.platformId, platform.id));
      expect(event).toMatchObject({ type: 'test', state: 'delivered', attempts: 1 });
      expect(await db.select().from(webhookDeliveries).where(eq(webhookDeliveries.eventId, event.id))).toMatchObject([{ status: 200 }]);

      // At once again: refused, nothing sent; after the gap, a refused answer is reported as such.
      expect(await sendTestEvent(db, me, platform.id)).toEqual({ ok: false, error: 'tooSoon' });
      expect(received).toHaveLength(1);
      answer = 500;
      const later = await sendTestEvent(db, me, platform.id, new Date(Date.now() + TEST_EVENT_GAP_MS + 1000));
      expect(later.ok && later.data).toMatchObject({ outcome: 'failed', status: 500 });
      expect(received).toHaveLength(2);
    } finally {
      server.close();
    }
  });
});
