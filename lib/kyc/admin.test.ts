import { describe, expect, it } from 'vitest';
import { upsertUser } from '@/lib/auth/accounts';
import { testDb, uniqueMobile } from '@/test/db';
import { getKycForReview, kycCounts, listKycQueue } from './admin';
import { saveKycDraft } from './index';

const db = testDb();

describe('review queue', () => {
  it('finds profiles by name, mobile and national code, filters by kind and state, counts per state', async () => {
    const tag = `Zq${Date.now().toString(36)}`;
    const a = await upsertUser(db, { mobile: uniqueMobile(), firstName: tag, lastName: 'x', password: 'some pass phrase', role: 'merchant' });
    const b = await upsertUser(db, { mobile: uniqueMobile(), firstName: 'y', lastName: 'y', password: 'some pass phrase', role: 'merchant' });
    await saveKycDraft(db, a.id, { kind: 'natural', identity: { firstName: tag, nationalCode: '0084575948' }, financial: {} });
    await saveKycDraft(db, b.id, { kind: 'legal', identity: { companyName: `${tag} co` }, financial: {} });
    const all = { limit: 50, offset: 0 };

    expect((await listKycQueue(db, { ...all, search: tag })).map((r) => r.kind).sort()).toEqual(['legal', 'natural']);
    expect((await listKycQueue(db, { ...all, search: tag, kind: 'legal' })).map((r) => r.mobile)).toEqual([b.mobile]);
    expect((await listKycQueue(db, { ...all, search: a.mobile.replace(/\d/g, (d) => '۰۱۲۳۴۵۶۷۸۹'[Number(d)]) })).map((r) => r.mobile)).toEqual([a.mobile]);
    expect(await listKycQueue(db, { ...all, search: tag, status: 'submitted' })).toEqual([]);
    // LIKE wildcards in the search are taken literally.
    expect(await listKycQueue(db, { ...all, search: '%_%' })).toEqual([]);
    const counts = await kycCounts(db);
    expect(counts.draft).toBeGreaterThanOrEqual(2);
    const [row] = await listKycQueue(db, { ...all, search: tag, kind: 'natural' });
    const review = await getKycForReview(db, row.id);
    expect(review?.mobile).toBe(a.mobile);
    expect(await getKycForReview(db, 'nope')).toBeNull();
  });
});
