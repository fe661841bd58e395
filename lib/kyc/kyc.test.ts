import { STAFF_ROLES } from '@/lib/staff/permissions';
import { and, asc, eq, sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { auditEvents, kycProfiles, messages, smsMessages, type User } from '@/db/schema';
import { actorOf, type MerchantActor, type StaffActor } from '@/lib/actor';
import { upsertUser } from '@/lib/auth/accounts';
import { testDb, uniqueMobile } from '@/test/db';
import os from 'node:os';
import path from 'node:path';
import { localStorage } from '@/lib/storage';
import { uploadKycDocument } from './documents';
import { decideKyc, getKycProfile, isKycApproved, listKycHistory, saveKycDraft, submitKyc } from './index';

const db = testDb();

// Valid by their checksums (computed in lib/validation/identifiers.test.ts's reference code).
const NATURAL = {
  firstName: 'مریم',
  lastName: 'احمدی',
  fatherName: 'علی',
  birthCertificateNumber: '۱۲۳۴',
  nationalCode: '0084575948',
  birthDate: '۱۳۷۰/۰۵/۲۱',
  landline: '021-88776655',
  email: 'maryam@example.com',
  province: 'تهران',
  city: 'تهران',
  address: 'خیابان آزادی، پلاک ۱',
  postalCode: '1193653471',
};
const FINANCIAL = { accountHolder: 'مریم احمدی', sheba: 'IR820540102680020817909002', accountNumber: '020817909002', cardNumber: '' };

const as = <A extends MerchantActor | StaffActor>(u: User) => actorOf(u, undefined, STAFF_ROLES) as A;
async function merchant() {
  const u = await upsertUser(db, { mobile: uniqueMobile(), firstName: 'm', lastName: 'm', password: 'merchant pass phrase', role: 'merchant' });
  return Object.assign(u, { actor: as<MerchantActor>(u) });
}
async function admin() {
  const u = await upsertUser(db, { mobile: uniqueMobile(), firstName: 'a', lastName: 'a', password: 'admin pass phrase', role: 'admin' });
  return Object.assign(u, { actor: as<StaffActor>(u) });
}
/** The KYC audit trail of a profile, oldest first. */
async function trailOf(profileId: string) {
  return db
    .select()
    .from(auditEvents)
    .where(and(eq(auditEvents.objectType, 'kyc_profile'), eq(auditEvents.objectId, profileId)))
    .orderBy(asc(auditEvents.id));
}
const storage = localStorage(path.join(os.tmpdir(), `dargah-test-uploads-${process.pid}`));
const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2, 3]);

async function withCard(actor: MerchantActor) {
  const r = await uploadKycDocument(db, actor, { kind: 'national_card', bytes: PNG, name: 'card.png', personKind: 'natural' }, storage);
  expect(r.ok).toBe(true);
}

async function submitted() {
  const m = await merchant();
  expect((await saveKycDraft(db, m.actor, { kind: 'natural', identity: NATURAL, financial: FINANCIAL })).ok).toBe(true);
  await withCard(m.actor);
  const r = await submitKyc(db, m.actor);
  if (!r.ok) throw new Error(JSON.stringify(r));
  return { m, profile: r.data };
}

describe('customer information drafts', () => {
  it('keeps a partial draft, normalising what is filled, and refuses only bad fields', async () => {
    const m = await merchant();
    const r = await saveKycDraft(db, m.actor, { kind: 'natural', identity: { firstName: 'مریم', nationalCode: '۰۰۸۴۵۷۵۹۴۸', birthDate: '' }, financial: {} });
    if (!r.ok) throw new Error(JSON.stringify(r));
    expect(r.data.identity).toEqual({ firstName: 'مریم', nationalCode: '0084575948' });
    const bad = await saveKycDraft(db, m.actor, { kind: 'natural', identity: { nationalCode: '0084575949', email: 'nope' }, financial: { sheba: 'IR00' } });
    expect(bad).toEqual({
      ok: false,
      fieldErrors: { 'identity.nationalCode': 'nationalCodeInvalid', 'identity.email': 'emailInvalid', 'financial.sheba': 'shebaInvalid' },
    });
    // Nothing half-saved: the earlier draft stands.
    expect((await getKycProfile(db, m.actor.merchantId))?.identity).toEqual({ firstName: 'مریم', nationalCode: '0084575948' });
  });

  it('knows the provinces and their cities', async () => {
    const m = await merchant();
    const r = await saveKycDraft(db, m.actor, { kind: 'natural', identity: { province: 'تهران', city: 'شیراز' }, financial: {} });
    expect(r).toEqual({ ok: false, fieldErrors: { 'identity.city': 'cityInvalid' } });
    const p = await saveKycDraft(db, m.actor, { kind: 'natural', identity: { province: 'Atlantis' }, financial: {} });
    expect(p).toEqual({ ok: false, fieldErrors: { 'identity.province': 'provinceInvalid' } });
    expect((await saveKycDraft(db, m.actor, { kind: 'natural', identity: { province: 'فارس', city: 'شیراز' }, financial: {} })).ok).toBe(true);
  });

  it('keeps HTML as plain text in free fields and refuses it in names', async () => {
    const m = await merchant();
    const r = await saveKycDraft(db, m.actor, { kind: 'natural', identity: { address: '<script>alert(1)</script>', firstName: '<b>x</b>' }, financial: {} });
    expect(r).toEqual({ ok: false, fieldErrors: { 'identity.firstName': 'nameInvalid' } });
    const ok = await saveKycDraft(db, m.actor, { kind: 'natural', identity: { address: '<script>alert(1)</script>' }, financial: {} });
    expect(ok.ok && ok.data.identity.address).toBe('<script>alert(1)</script>');
    const long = await saveKycDraft(db, m.actor, { kind: 'natural', identity: { address: 'x'.repeat(10_000) }, financial: {} });
    expect(long).toEqual({ ok: false, fieldErrors: { 'identity.address': 'tooLong' } });
  });

  it('will not submit until every required field is valid, and says which', async () => {
    const m = await merchant();
    // A Keshavarzi card with a Parsian sheba is refused on the card field, even in a draft.
    const mismatch = await saveKycDraft(db, m.actor, { kind: 'legal', identity: {}, financial: { cardNumber: '6037701689095443', sheba: FINANCIAL.sheba } });
    expect(mismatch).toEqual({ ok: false, fieldErrors: { 'financial.cardNumber': 'cardBankMismatch' } });
    await saveKycDraft(db, m.actor, { kind: 'legal', identity: { companyName: 'شرکت نمونه' }, financial: { sheba: FINANCIAL.sheba } });
    const r = await submitKyc(db, m.actor);
    expect(r).toMatchObject({ ok: false, error: 'fixFields' });
    if (!r.ok && r.error === 'fixFields') {
      expect(r.fieldErrors).toMatchObject({
        'identity.legalId': 'required',
        'identity.ceoNationalCode': 'required',
        'identity.registrationDate': 'required',
        'identity.city': 'required',
        'financial.accountNumber': 'required',
        'financial.accountHolder': 'required',
        'documents.gazette': 'documentRequired',
        'documents.ceo_national_card': 'documentRequired',
      });
      expect(r.fieldErrors?.['identity.companyName']).toBeUndefined();
    }
    expect((await getKycProfile(db, m.actor.merchantId))?.status).toBe('draft');
  });
});

describe('review', () => {
  it('approve: state, history, audit rows and an SMS; then the profile cannot be decided again', async () => {
    const { m, profile } = await submitted();
    const a = await admin();
    const r = await decideKyc(db, a.actor, { profileId: profile.id, decision: 'approve' });
    if (!r.ok) throw new Error(r.error);
    expect(r.data.status).toBe('approved');
    expect(isKycApproved(r.data)).toBe(true);
    expect(r.data.approvedIdentity).toEqual(r.data.identity);
    expect(await decideKyc(db, a.actor, { profileId: profile.id, decision: 'reject', fieldReasons: {}, note: 'late' })).toEqual({
      ok: false,
      error: 'alreadyDecided',
    });

    const trail = await trailOf(profile.id);
    const status = (v: unknown) => (v as { status?: string } | null)?.status ?? null;
    expect(trail.map((t) => [t.action, status(t.before), status(t.after), t.actorUserId])).toEqual([
      ['create', null, 'draft', m.id],
      ['submit', 'draft', 'submitted', m.id],
      ['approve', 'submitted', 'approved', a.id],
    ]);
    const sms = await db.select().from(smsMessages).where(eq(smsMessages.mobile, m.mobile));
    expect(sms.map((s) => s.body).join()).toContain('تأیید شد');
    const history = await listKycHistory(db, m.actor, profile.id);
    expect(history).toHaveLength(1);
    expect(history[0]).toMatchObject({ decision: 'approved', decidedBy: a.id });
  });

  it('reject needs a reason; the reasons per field reach the merchant, who fixes and resubmits', async () => {
    const { m, profile } = await submitted();
    const a = await admin();
    expect(await decideKyc(db, a.actor, { profileId: profile.id, decision: 'reject', fieldReasons: {} })).toEqual({ ok: false, error: 'reasonRequired' });
    const r = await decideKyc(db, a.actor, {
      profileId: profile.id,
      decision: 'reject',
      fieldReasons: { 'identity.address': 'نشانی ناقص است', 'bogus key': 'x', 'financial.sheba': '' },
      note: 'لطفاً اصلاح کنید',
    });
    if (!r.ok) throw new Error(r.error);
    expect(r.data).toMatchObject({ status: 'rejected', rejectionReasons: { 'identity.address': 'نشانی ناقص است' }, rejectionNote: 'لطفاً اصلاح کنید' });
    expect((await db.select().from(smsMessages).where(eq(smsMessages.mobile, m.mobile))).map((s) => s.body).join()).toContain('اصلاح');

    // Fixing keeps it rejected (the reasons stay visible) until it is submitted again.
    const fixed = await saveKycDraft(db, m.actor, { kind: 'natural', identity: { ...NATURAL, address: 'خیابان آزادی، پلاک ۱، واحد ۲' }, financial: FINANCIAL });
    expect(fixed.ok && fixed.data.status).toBe('rejected');
    const again = await submitKyc(db, m.actor);
    expect(again.ok && again.data.status).toBe('submitted');
    expect(await listKycHistory(db, m.actor, profile.id)).toHaveLength(2);
  });

  it('of many staff deciding at once, exactly one wins', async () => {
    const { profile } = await submitted();
    const staff = await Promise.all(Array.from({ length: 6 }, () => admin()));
    const results = await Promise.all(
      staff.map((s, i) =>
        decideKyc(
          db,
          s.actor,
          i % 2 ? { profileId: profile.id, decision: 'approve' } : { profileId: profile.id, decision: 'reject', fieldReasons: { 'identity.city': 'wrong' } },
        ),
      ),
    );
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    expect(results.filter((r) => !r.ok && r.error === 'alreadyDecided')).toHaveLength(5);
    const decisions = await trailOf(profile.id);
    expect(decisions.filter((d) => d.action === 'approve' || d.action === 'reject')).toHaveLength(1);
    // One decision, one message in the merchant's inbox, with a link to act on it.
    const inbox = await db.select().from(messages).where(eq(messages.userId, profile.userId));
    expect(inbox).toHaveLength(1);
    expect(inbox[0]).toMatchObject({
      category: 'kyc',
      link: '/customer-info',
      template: decisions.some((d) => d.action === 'approve') ? 'kycApproved' : 'kycRejected',
    });
  });

  it('editing an approved profile goes back to review while the approved copy stays in force', async () => {
    const { m, profile } = await submitted();
    const a = await admin();
    await decideKyc(db, a.actor, { profileId: profile.id, decision: 'approve' });
    const newSheba = 'IR' + '0'.repeat(24);
    expect((await saveKycDraft(db, m.actor, { kind: 'natural', identity: NATURAL, financial: { ...FINANCIAL, sheba: newSheba } })).ok).toBe(false);

    const edited = await saveKycDraft(db, m.actor, { kind: 'natural', identity: NATURAL, financial: { ...FINANCIAL, accountNumber: '1234567' } });
    if (!edited.ok) throw new Error(edited.error);
    expect(edited.data.status).toBe('draft');
    expect(edited.data.approvedFinancial?.accountNumber).toBe('020817909002');
    expect(isKycApproved(edited.data)).toBe(true);
    const sent = await submitKyc(db, m.actor);
    expect(sent.ok && sent.data.status).toBe('submitted');
    // While in review, the merchant cannot change it.
    expect(await saveKycDraft(db, m.actor, { kind: 'natural', identity: NATURAL, financial: FINANCIAL })).toEqual({ ok: false, error: 'inReview' });
    const [row] = await db.select().from(kycProfiles).where(eq(kycProfiles.id, profile.id));
    expect(row.approvedFinancial?.accountNumber).toBe('020817909002');
  });

  it('an unknown or malformed profile id is simply not found', async () => {
    const a = await admin();
    expect(await decideKyc(db, a.actor, { profileId: 'not-a-uuid', decision: 'approve' })).toEqual({ ok: false, error: 'notFound' });
    expect(await decideKyc(db, a.actor, { profileId: '00000000-0000-4000-8000-000000000000', decision: 'approve' })).toEqual({ ok: false, error: 'notFound' });
  });

  it('a merchant cannot submit twice at once', async () => {
    const m = await merchant();
    await saveKycDraft(db, m.actor, { kind: 'natural', identity: NATURAL, financial: FINANCIAL });
    await withCard(m.actor);
    const results = await Promise.all(Array.from({ length: 5 }, () => submitKyc(db, m.actor)));
    expect(results.filter((r) => r.ok)).toHaveLength(1);
  });
});

describe('audit trail', () => {
  it('a decision writes its event in its own transaction: rolled back, no event and no change', async () => {
    const { profile } = await submitted();
    const a = await admin();
    await expect(
      db.transaction(async (tx) => {
        const r = await decideKyc(tx, a.actor, { profileId: profile.id, decision: 'reject', fieldReasons: {}, note: 'blurred scan' });
        expect(r.ok).toBe(true);
        expect((await tx.select().from(auditEvents).where(eq(auditEvents.objectId, profile.id))).map((e) => e.action)).toContain('reject');
        throw new Error('the change failed after it was made');
      }),
    ).rejects.toThrow('the change failed');
    expect((await trailOf(profile.id)).map((e) => e.action)).toEqual(['create', 'submit']);
    expect((await getKycProfile(db, profile.userId))?.status).toBe('submitted');

    // The same decision, committed: who, for whom, the states and the reason.
    expect((await decideKyc(db, a.actor, { profileId: profile.id, decision: 'reject', fieldReasons: {}, note: 'blurred scan' })).ok).toBe(true);
    const [event] = (await trailOf(profile.id)).filter((e) => e.action === 'reject');
    expect(event).toMatchObject({
      actorKind: 'staff',
      actorUserId: a.id,
      merchantId: profile.userId,
      before: { status: 'submitted' },
      after: { status: 'rejected', reason: 'blurred scan' },
    });
  });

  it('a submission rolled back leaves no event', async () => {
    const m = await merchant();
    expect((await saveKycDraft(db, m.actor, { kind: 'natural', identity: NATURAL, financial: FINANCIAL })).ok).toBe(true);
    await withCard(m.actor);
    const profileId = (await getKycProfile(db, m.id))!.id;
    await expect(
      db.transaction(async (tx) => {
        expect((await submitKyc(tx, m.actor)).ok).toBe(true);
        throw new Error('rolled back');
      }),
    ).rejects.toThrow('rolled back');
    expect((await trailOf(profileId)).map((e) => [e.action, e.actorKind, e.merchantId])).toEqual([['create', 'merchant', m.id]]);
  });

  it('the database refuses to change or remove a KYC event', async () => {
    const { profile } = await submitted();
    const [event] = await trailOf(profile.id);
    await expect(db.update(auditEvents).set({ action: 'forged' }).where(eq(auditEvents.id, event.id))).rejects.toThrow();
    await expect(db.delete(auditEvents).where(eq(auditEvents.id, event.id))).rejects.toThrow();
    await expect(db.execute(sql`update audit_events set after = '{}'::jsonb where object_id = ${profile.id}`)).rejects.toThrow();
    expect((await trailOf(profile.id)).map((e) => e.action)).toEqual(['create', 'submit']);
  });
});
