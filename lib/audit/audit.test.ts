import { randomUUID } from 'node:crypto';
import { eq, sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { auditEvents } from '@/db/schema';
import type { MerchantActor } from '@/lib/actor';
import { testDb } from '@/test/db';
import { audit, masked } from '.';

const db = testDb();
const actor: MerchantActor = {
  kind: 'merchant',
  userId: randomUUID(),
  merchantId: randomUUID(),
  role: 'owner',
  via: { ip: '198.51.100.7', userAgent: 'test' },
};

describe('audit trail', () => {
  it('records who, for whom, what, before and after, from where, with secrets masked', async () => {
    const objectId = randomUUID();
    await audit(db, actor, {
      action: 'roll',
      objectType: 'api_key',
      objectId,
      before: { prefix: 'dk_test_ab' },
      after: { prefix: 'dk_test_cd', secret: 'whsec_x', apiKey: 'dk_live_y' },
    });
    const [row] = await db.select().from(auditEvents).where(eq(auditEvents.objectId, objectId));
    expect(row).toMatchObject({
      actorKind: 'merchant',
      actorUserId: actor.userId,
      merchantId: actor.merchantId,
      action: 'roll',
      ip: '198.51.100.7',
      after: { prefix: 'dk_test_cd', secret: '***', apiKey: '***' },
    });
    expect(masked({ password: 'x', nested: [{ token: 't', amount: 5n }] })).toEqual({ password: '***', nested: [{ token: '***', amount: '5' }] });
  });

  it('is append-only: the database refuses UPDATE and DELETE', async () => {
    const objectId = randomUUID();
    await audit(db, null, { action: 'settle', objectType: 'platform', objectId });
    await expect(db.update(auditEvents).set({ action: 'forged' }).where(eq(auditEvents.objectId, objectId))).rejects.toThrow();
    await expect(db.delete(auditEvents).where(eq(auditEvents.objectId, objectId))).rejects.toThrow();
    await expect(db.execute(sql`truncate audit_events`)).rejects.toThrow();
    const rows = await db.select().from(auditEvents).where(eq(auditEvents.objectId, objectId));
    expect(rows.map((r) => [r.action, r.actorKind])).toEqual([['settle', 'system']]);
  });

  it('a change rolled back leaves no event', async () => {
    const objectId = randomUUID();
    await expect(
      db.transaction(async (tx) => {
        await audit(tx, actor, { action: 'approve', objectType: 'kyc_profile', objectId });
        throw new Error('the change failed after it was audited');
      }),
    ).rejects.toThrow('the change failed');
    expect(await db.select().from(auditEvents).where(eq(auditEvents.objectId, objectId))).toEqual([]);
  });
});
