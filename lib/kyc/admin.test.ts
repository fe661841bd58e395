import { describe, expect, it } from 'vitest';
import type { User } from '@/db/schema';
import { actorOf, type MerchantActor, type StaffActor } from '@/lib/actor';
import { upsertUser } from '@/lib/auth/accounts';
import { testDb, uniqueMobile } from '@/test/db';
import { getKycForReview, kycCounts, listKycQueue } from './admin';
import { saveKycDraft } from './index';

const db = testDb();
const merchant = (u: User) => actorOf(u) as MerchantActor;
const staff = {
  kind: 'staff',
  userId: '00000000-0000-4000-8000-000000000001',
  roles: ['kyc', 'operations', 'finance', 'support', 'auditor', 'super_admin'],
} satisfies StaffActor;

describe('review queue', () => {
  it('finds profiles by name, mobile and national code, filters by kind and state, counts per state', async () => {
    const tag = `Zq${Date.now().toString(36)}`;
    const a = await upsertUser(db, { mobile: uniqueMobile(), firstName: tag, lastName: 'x', password: 'some pass phrase', role: 'merchant' });
    const b = await upsertUser(db, { mobile: uniqueMobile(), firstName: 'y', lastName: 'y', password: 'some pass phrase', role: 'merchant' });
    await saveKycDraft(db, merchant(a), { kind: 'natural', identity: { firstName: tag, nationalCode: '0084575948' }, financial: {} });
    await saveKycDraft(db, merchant(b), { kind: 'legal', identity: { companyName: `${tag} co` }, financial: {} });
    const all = { limit: 50, offset: 0 };

    expect((await listKycQueue(db, staff, { ...all, search: tag })).map((r) => r.kind).sort()).toEqual(['legal', 'natural']);
    expect((await listKycQueue(db, staff, { ...all, search: tag, kind: 'legal' })).map((r) => r.mobile)).toEqual([b.mobile]);
    expect((await listKycQueue(db, staff, { ...all, search: a.mobile.replace(/\d/g, (d) => '۰۱۲۳۴۵۶۷۸۹'[Number(d)]) })).map((r) => r.mobile)).toEqual([
      a.mobile,
    ]);
    expect(await listKycQueue(db, staff, { ...all, search: tag, status: 'submitted' })).toEqual([]);
    // LIKE wildcards in the search are taken literally.
    expect(await listKycQueue(db, staff, { ...all, search: '%_%' })).toEqual([]);
    const counts = await kycCounts(db, staff);
    expect(counts.draft).toBeGreaterThanOrEqual(2);
    const [row] = await listKycQueue(db, staff, { ...all, search: tag, kind: 'natural' });
    const review = await getKycForReview(db, staff, row.id);
    expect(review?.mobile).toBe(a.mobile);
    expect(await getKycForReview(db, staff, 'nope')).toBeNull();
  });
});
