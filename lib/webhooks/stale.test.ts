import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { webhookDeliveries, webhookEvents } from '@/db/schema';
import { testDb } from '@/test/db';
import { makePlatform } from '@/test/fixtures';
import { staleWebhookIds } from './events';

const db = testDb();

describe('the minute sweep for webhook events whose delivery job was lost', () => {
  it('takes a pending event no delivery was tried for, after 180 s and within a day — never one tried, delivered, too young or too old', async () => {
    const { platform } = await makePlatform(db);
    const now = new Date();
    const ago = (s: number) => new Date(now.getTime() - s * 1000);
    const event = async (createdAt: Date, state: 'pending' | 'delivered' = 'pending') => {
      const id = `msg_${randomBytes(16).toString('hex')}`;
      await db.insert(webhookEvents).values({ id, platformId: platform.id, type: 'payment.succeeded', payload: {}, state, createdAt });
      return id;
    };
    const lost = await event(ago(240));
    const young = await event(ago(60));
    const tried = await event(ago(600));
    await db.insert(webhookDeliveries).values({ eventId: tried, url: 'https://shop.example/hook', status: 500 });
    const delivered = await event(ago(600), 'delivered');
    const old = await event(ago(2 * 86_400));
    const ids = await staleWebhookIds(db, 180, now);
    const ours = ids.filter((id) => [lost, young, tried, delivered, old].includes(id));
    expect(ours).toEqual([lost]);
  });
});
