import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { kycProfiles, messages, smsMessages } from '@/db/schema';
import { composeSchema, inboxFilterSchema } from '@/lib/validation/messages';
import { testDb } from '@/test/db';
import { makeAdmin, makeMerchant, makeMerchantService } from '@/test/fixtures';
import { actorOf, type MerchantActor, type StaffActor } from '@/lib/actor';
import { STAFF_ROLES } from '@/lib/staff/permissions';
import {
  countRecipients,
  createBroadcast,
  listBroadcasts,
  listMessages,
  markAllRead,
  notify,
  openMessage,
  readCount,
  sendBroadcast,
  unreadCount,
  updateMessages,
} from './index';

const db = testDb();
const staff = (u: { id: string }) => actorOf({ id: u.id, role: 'admin' }, undefined, STAFF_ROLES) as StaffActor;
const merchant = (u: { id: string }) => actorOf({ id: u.id, role: 'merchant' }) as MerchantActor;
const filters = (over: Partial<Record<string, string>> = {}) => inboxFilterSchema.parse(over);

async function inbox(userId: string) {
  return db.select().from(messages).where(eq(messages.userId, userId));
}

type BroadcastInput = Parameters<typeof createBroadcast>[2];

/** Staff compose and send a broadcast, plain (no link, no text message) unless `input` says otherwise; its id. */
async function broadcast(admin: { id: string }, input: Pick<BroadcastInput, 'title' | 'target'> & Partial<BroadcastInput>) {
  const id = await createBroadcast(db, staff(admin), { body: 'x', link: null, sms: false, ...input });
  await sendBroadcast(db, id);
  return id;
}

describe('broadcast targeting', () => {
  it('reaches the segment and nobody else', async () => {
    const admin = await makeAdmin(db);
    const ilam = await makeMerchant(db);
    const tehran = await makeMerchant(db);
    const none = await makeMerchant(db);
    await db.insert(kycProfiles).values([
      { userId: ilam.id, kind: 'natural', status: 'approved', identity: { province: 'ایلام' }, approvedIdentity: { province: 'ایلام' } },
      { userId: tehran.id, kind: 'natural', status: 'draft', identity: { province: 'تهران' } },
    ]);
    await broadcast(admin, { title: 'Ilam', body: 'For Ilam', target: { kind: 'province', province: 'ایلام' } });
    expect((await inbox(ilam.id)).map((m) => m.title)).toEqual(['Ilam']);
    expect(await inbox(tehran.id)).toEqual([]);
    expect(await inbox(none.id)).toEqual([]);
    // Staff never receive broadcasts.
    expect(await inbox(admin.id)).toEqual([]);

    await broadcast(admin, { title: 'Drafts', body: 'Finish', link: '/customer-info', target: { kind: 'kyc', status: 'draft' } });
    expect((await inbox(tehran.id)).map((m) => m.title)).toEqual(['Drafts']);
    expect((await inbox(ilam.id)).map((m) => m.title)).toEqual(['Ilam']);

    await broadcast(admin, { title: 'Start', body: 'Fill it in', target: { kind: 'kyc', status: 'none' } });
    expect((await inbox(none.id)).map((m) => m.title)).toEqual(['Start']);
    expect(await inbox(tehran.id)).toHaveLength(1);
  });

  it('targets the merchants of a service, and one merchant', async () => {
    const admin = await makeAdmin(db);
    const { merchant: ivr } = await makeMerchantService(db, 'ivr');
    const { merchant: pay } = await makeMerchantService(db, 'payment');
    expect(await countRecipients(db, staff(admin), { kind: 'merchant', userId: pay.id })).toBe(1);
    const id = await createBroadcast(db, staff(admin), { title: 'IVR', body: 'News', link: null, sms: true, target: { kind: 'service', serviceId: 'ivr' } });
    const r = await sendBroadcast(db, id);
    expect(r!.recipients).toBeGreaterThanOrEqual(1);
    expect(await inbox(ivr.id)).toHaveLength(1);
    expect(await inbox(pay.id)).toHaveLength(0);
    // With SMS: one text per recipient, to the recipient's mobile.
    const texts = await db.select().from(smsMessages).where(eq(smsMessages.mobile, ivr.mobile));
    expect(texts.filter((t) => t.body.startsWith('IVR'))).toHaveLength(1);

    const one = await createBroadcast(db, staff(admin), {
      title: 'Just you',
      body: 'Hi',
      link: null,
      sms: false,
      target: { kind: 'merchant', userId: pay.id },
    });
    expect((await sendBroadcast(db, one))!.recipients).toBe(1);
    expect((await inbox(pay.id)).map((m) => m.title)).toEqual(['Just you']);
  });

  it('sends once even when the job runs twice at the same time', async () => {
    const admin = await makeAdmin(db);
    const m = await makeMerchant(db);
    const id = await createBroadcast(db, staff(admin), { title: 'Twice', body: 'x', link: null, sms: false, target: { kind: 'merchant', userId: m.id } });
    await Promise.all([sendBroadcast(db, id), sendBroadcast(db, id), sendBroadcast(db, id)]);
    await sendBroadcast(db, id);
    expect(await inbox(m.id)).toHaveLength(1);
  });

  it('counts who read it', async () => {
    const admin = await makeAdmin(db);
    const a = await makeMerchant(db);
    const b = await makeMerchant(db);
    await db.insert(kycProfiles).values([
      { userId: a.id, kind: 'natural', status: 'approved', identity: {}, approvedIdentity: { province: 'یزد' } },
      { userId: b.id, kind: 'natural', status: 'submitted', identity: { province: 'یزد' } },
    ]);
    const id = await broadcast(admin, { title: 'Yazd', target: { kind: 'province', province: 'یزد' } });
    const before = await readCount(db, staff(admin), id);
    expect(before.read).toBe(0);
    const [msg] = await inbox(a.id);
    await openMessage(db, merchant(a), msg.id);
    await openMessage(db, merchant(a), msg.id);
    expect((await readCount(db, staff(admin), id)).read).toBe(before.read + 1);
    const listed = (await listBroadcasts(db, staff(admin))).rows.find((r) => r.id === id)!;
    expect(listed).toMatchObject({ state: 'sent', read: 1 });
    expect(listed.recipients).toBe(before.recipients);
  });
});

describe('inbox', () => {
  it('counts unread, marks read, archives and searches, only for the owner', async () => {
    const m = await makeMerchant(db);
    const other = await makeMerchant(db);
    // Two transactions, so the second is newer (now() is the transaction's start).
    await db.transaction((tx) => notify(tx, { userId: m.id, category: 'kyc', template: 'kycApproved', link: '/customer-info' }));
    await db.transaction((tx) =>
      notify(tx, { userId: m.id, category: 'settlement', template: 'settlementDone', params: { rials: '1250000', name: 'Shop 50%' } }),
    );
    expect(await unreadCount(db, merchant(m))).toBe(2);
    const { rows } = await listMessages(db, merchant(m), filters());
    expect(rows.map((r) => r.template)).toEqual(['settlementDone', 'kycApproved']);
    // The stored text is the Persian one, with Persian digits for the amount.
    expect(rows[0].body).toContain('۱٬۲۵۰٬۰۰۰');

    // Another merchant opens or changes nothing.
    expect(await openMessage(db, merchant(other), rows[0].id)).toBeNull();
    expect(await openMessage(db, merchant(other), 'junk')).toBeNull();
    expect(await updateMessages(db, merchant(other), { ids: [rows[0].id, rows[1].id], op: 'archive' })).toBe(0);
    expect((await listMessages(db, merchant(other), filters())).total).toBe(0);
    expect(await unreadCount(db, merchant(m))).toBe(2);

    expect((await openMessage(db, merchant(m), rows[0].id))?.wasUnread).toBe(true);
    expect((await openMessage(db, merchant(m), rows[0].id))?.wasUnread).toBe(false);
    expect(await unreadCount(db, merchant(m))).toBe(1);
    expect((await listMessages(db, merchant(m), filters({ unread: '1' }))).rows.map((r) => r.template)).toEqual(['kycApproved']);
    // The LIKE wildcard is text: "50%" finds the shop, "5_" finds nothing.
    expect((await listMessages(db, merchant(m), filters({ q: '50%' }))).total).toBe(1);
    expect((await listMessages(db, merchant(m), filters({ q: '5_' }))).total).toBe(0);
    expect((await listMessages(db, merchant(m), filters({ category: 'kyc' }))).total).toBe(1);

    await updateMessages(db, merchant(m), { ids: [rows[1].id], op: 'archive' });
    expect(await unreadCount(db, merchant(m))).toBe(0);
    expect((await listMessages(db, merchant(m), filters({ box: 'archive' }))).rows.map((r) => r.id)).toEqual([rows[1].id]);
    await updateMessages(db, merchant(m), { ids: [rows[1].id], op: 'unarchive' });
    await updateMessages(db, merchant(m), { ids: [rows[1].id, 'not-a-uuid'], op: 'unread' });
    expect(await unreadCount(db, merchant(m))).toBe(1);
    expect(await markAllRead(db, merchant(m))).toBe(1);
    expect(await unreadCount(db, merchant(m))).toBe(0);
  });

  it('keeps one message per dedupe key', async () => {
    const m = await makeMerchant(db);
    const once = {
      userId: m.id,
      category: 'webhook' as const,
      template: 'webhookFailing' as const,
      params: { name: 'x', url: 'https://x.test' },
      dedupeKey: 'k1',
    };
    await Promise.all([1, 2, 3].map(() => db.transaction((tx) => notify(tx, once))));
    expect(await inbox(m.id)).toHaveLength(1);
  });

  it('stores HTML as text and refuses links out of the portal', async () => {
    const m = await makeMerchant(db);
    const admin = await makeAdmin(db);
    await broadcast(admin, { title: '<b>Hi</b>', body: '<script>alert(1)</script>', target: { kind: 'merchant', userId: m.id } });
    const [msg] = await inbox(m.id);
    expect(msg.body).toBe('<script>alert(1)</script>');
    const base = { title: 't', body: 'b', sms: false, targetKind: 'all', mobile: '', serviceId: '', kycStatus: '', province: '' };
    for (const link of ['https://evil.test', '//evil.test', '/\\evil.test', 'javascript:alert(1)', '/a b'])
      expect(composeSchema.safeParse({ ...base, link }).error?.issues[0].message).toBe('linkInvalid');
    expect(composeSchema.safeParse({ ...base, link: '/reports/balances?x=1' }).success).toBe(true);
    expect(composeSchema.safeParse({ ...base, link: '', body: 'x'.repeat(5001) }).error?.issues[0].message).toBe('tooLong');
    expect(composeSchema.safeParse({ ...base, link: '', targetKind: 'merchant', mobile: '123' }).error?.issues[0].path).toEqual(['mobile']);
    // The database refuses an outside link even if the form were bypassed.
    await expect(
      db.insert(messages).values({ userId: m.id, source: 'staff', category: 'announcement', title: 't', body: 'b', link: '//evil.test' }),
    ).rejects.toThrow();
    expect((await inbox(m.id)).filter((x) => x.link === '//evil.test')).toEqual([]);
  });
});
