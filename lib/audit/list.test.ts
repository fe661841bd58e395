import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { StaffActor } from '@/lib/actor';
import { testDb } from '@/test/db';
import { makeAdmin, makeMerchant, merchantActorOf, staffActorOf } from '@/test/fixtures';
import { audit } from '.';
import { diffOf, listAuditEvents, readAuditQuery } from './list';

const db = testDb();

/** Two businesses, a staff member, and events of each, with their own object type so other files' events stay out. */
async function world() {
  const [a, b, admin] = await Promise.all([makeMerchant(db), makeMerchant(db), makeAdmin(db)]);
  const staff: StaffActor = { ...staffActorOf(admin), via: { ip: '192.0.2.44', userAgent: 'staff browser' } };
  const actorA = merchantActorOf(a);
  const actorB = merchantActorOf(b);
  const objectType = `t${randomUUID().slice(0, 8)}`;
  await audit(db, actorA, { action: 'edit', objectType, objectId: 'a-1', before: { name: 'old' }, after: { name: 'new' } });
  await audit(db, staff, { action: 'approve', objectType, objectId: 'a-1', merchantId: a.id, after: { status: 'approved' } });
  await audit(db, actorB, { action: 'edit', objectType, objectId: 'b-1', after: { name: 'b' } });
  await audit(db, null, { action: 'sync', objectType, objectId: 'all', merchantId: null });
  return { a, b, admin, staff, actorA, actorB, objectType };
}

describe('reading the audit trail', () => {
  it('a merchant reads only their own business’s events, even when filtering by another’s object or business', async () => {
    const { b, actorA, actorB, objectType } = await world();
    const mine = await listAuditEvents(db, actorA, { objectType });
    expect(mine.rows.map((r) => [r.action, r.objectId])).toEqual([
      ['approve', 'a-1'],
      ['edit', 'a-1'],
    ]);
    expect(mine.rows.every((r) => r.merchantId === actorA.merchantId)).toBe(true);
    // Asking for B's object, or B as the business, or B as the person: still nothing of B's.
    expect((await listAuditEvents(db, actorA, { objectType, objectId: 'b-1' })).rows).toEqual([]);
    expect((await listAuditEvents(db, actorA, { objectType, merchantId: b.id })).rows.map((r) => r.merchantId)).toEqual([actorA.merchantId, actorA.merchantId]);
    expect((await listAuditEvents(db, actorA, { objectType, actorUserId: b.id })).rows).toHaveLength(2);
    // The system's event with no business is nobody's to read but staff's.
    expect((await listAuditEvents(db, actorB, { objectType })).rows.map((r) => r.objectId)).toEqual(['b-1']);
  });

  it('a merchant sees staff as support staff: no name, id, mobile, IP or browser', async () => {
    const { actorA, objectType } = await world();
    const [staffEvent, own] = (await listAuditEvents(db, actorA, { objectType })).rows;
    expect(staffEvent).toMatchObject({ actorKind: 'staff', actorUserId: null, actorName: null, actorMobile: null, ip: null, userAgent: null });
    expect(own).toMatchObject({ actorKind: 'merchant', actorUserId: actorA.userId, ip: '10.0.0.1' });
  });

  it('staff read every business and filter by person (id or mobile), business (id or mobile), object, action and day', async () => {
    const { a, admin, staff, objectType } = await world();
    const all = await listAuditEvents(db, staff, { objectType });
    expect(all.rows.map((r) => r.action)).toEqual(['sync', 'edit', 'approve', 'edit']);
    expect(all.rows[2]).toMatchObject({
      actorKind: 'staff',
      actorUserId: admin.id,
      actorName: 'A T',
      actorMobile: admin.mobile,
      ip: '192.0.2.44',
      merchantId: a.id,
    });
    const ids = (f: Parameters<typeof listAuditEvents>[2]) =>
      listAuditEvents(db, staff, { objectType, ...f }).then((r) => r.rows.map((x) => `${x.action}:${x.objectId}`));
    expect(await ids({ actorUserId: admin.id })).toEqual(['approve:a-1']);
    expect(await ids(readAuditQuery({ actor: admin.mobile }).filters)).toEqual(['approve:a-1']);
    expect(await ids({ merchantId: a.id })).toEqual(['approve:a-1', 'edit:a-1']);
    expect(await ids(readAuditQuery({ merchant: a.mobile.replace(/^0/, '+98') }).filters)).toEqual(['approve:a-1', 'edit:a-1']);
    expect(await ids({ action: 'edit' })).toEqual(['edit:b-1', 'edit:a-1']);
    expect(await ids({ objectId: 'all' })).toEqual(['sync:all']);
    const today = new Date(Date.now() + 3.5 * 3600_000).toISOString().slice(0, 10);
    expect(await ids({ from: today, to: today })).toHaveLength(4);
    expect(await ids({ to: '2020-01-01' })).toEqual([]);
  });

  it('pages newest first by keyset, without gaps or repeats', async () => {
    const { staff, objectType } = await world();
    const first = await listAuditEvents(db, staff, { objectType }, 3);
    expect(first.rows).toHaveLength(3);
    expect(first.next).toBe(first.rows[2].id);
    const second = await listAuditEvents(db, staff, { objectType, before: BigInt(first.next!) }, 3);
    expect(second.rows).toHaveLength(1);
    expect(second.next).toBeNull();
    const all = [...first.rows, ...second.rows].map((r) => BigInt(r.id));
    expect(all).toEqual([...all].sort((x, y) => (y > x ? 1 : -1)));
  });

  it('reads the page’s query: Jalali days, mobiles or ids, and refuses what is neither', () => {
    expect(readAuditQuery({ from: '۱۴۰۵/۰۹/۱۱', to: '1405/09/11', action: 'edit' }).filters).toEqual({ from: '2026-12-02', to: '2026-12-02', action: 'edit' });
    expect(readAuditQuery({ from: '1405/13/01' }).errors).toEqual({ from: 'dateInvalid' });
    expect(readAuditQuery({ actor: 'someone' }).errors).toEqual({ actor: 'auditWho' });
    const id = randomUUID();
    expect(readAuditQuery({ actor: id.toUpperCase(), before: '123' }).filters).toEqual({ actorUserId: id, before: 123n });
    // A merchant has no person or business to choose: those parameters are dropped, not refused.
    expect(readAuditQuery({ actor: 'someone', merchant: id }, 'merchant')).toMatchObject({ filters: {}, errors: {} });
  });

  it('shows before and after as the lines that changed', () => {
    expect(diffOf({ status: 'draft', name: 'x' }, { status: 'submitted', name: 'x' })).toEqual([{ key: 'status', before: 'draft', after: 'submitted' }]);
    expect(diffOf(null, { ipAllowList: ['1.2.3.4'] })).toEqual([{ key: 'ipAllowList', before: null, after: '["1.2.3.4"]' }]);
    expect(diffOf({ reason: null }, null)).toEqual([{ key: 'reason', before: '—', after: null }]);
  });
});
