import os from 'node:os';
import path from 'node:path';
import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { bankAccounts, kycProfiles, merchantServices, type KycDocumentKind } from '@/db/schema';
import type { MerchantActor } from '@/lib/actor';
import { ensureKycBankAccount } from '@/lib/payouts';
import { acceptTermsAndRequest, currentTerms, listServicesFor } from '@/lib/services';
import { localStorage } from '@/lib/storage';
import { testDb } from '@/test/db';
import { makeAdmin, makeMerchant, merchantActorOf, staffActorOf } from '@/test/fixtures';
import { DOCUMENTS_FOR } from './document-kinds';
import { readKycDocument, uploadKycDocument } from './documents';
import { decideKyc, getCustomerInfo, getKycProfile, listKycHistory, saveKycDraft, submitKyc } from './index';
import { getKycForReview, listKycQueue } from './admin';

const db = testDb();
const storage = localStorage(path.join(os.tmpdir(), `dargah-test-uploads-${process.pid}`));
const PDF = Buffer.from('%PDF-1.4\n% a document\n');

// Valid by their checksums (lib/validation/turkey.test.ts checks them against reference code).
const COMPANY = {
  tradeName: 'Örnek Yazılım Sanayi ve Ticaret A.Ş.',
  taxOffice: 'Kadıköy',
  vkn: '4540536920',
  mersis: '0454053692000019',
  il: 'İstanbul',
  ilce: 'Kadıköy',
  streetAddress: 'Caferağa Mah. Moda Cad. No: 1 D: 2',
  postcode: '34710',
  authorisedName: 'Ayşe Yılmaz',
  authorisedTckn: '10000000146',
};
const IBAN = { iban: 'TR33 0006 1005 1978 6457 8413 26' };
const TR_DOCS = DOCUMENTS_FOR.turkish_company;

async function merchant() {
  const user = await makeMerchant(db);
  return { user, actor: merchantActorOf(user) };
}

async function upload(actor: MerchantActor, kind: KycDocumentKind) {
  return uploadKycDocument(db, actor, { kind, bytes: PDF, name: `${kind}.pdf`, personKind: 'turkish_company' }, storage);
}

async function draftWithDocs(docs: readonly KycDocumentKind[] = TR_DOCS) {
  const m = await merchant();
  const saved = await saveKycDraft(db, m.actor, { kind: 'turkish_company', identity: COMPANY, financial: IBAN });
  if (!saved.ok) throw new Error(JSON.stringify(saved));
  for (const k of docs) expect((await upload(m.actor, k)).ok).toBe(true);
  return m;
}

async function approved() {
  const m = await draftWithDocs();
  const sent = await submitKyc(db, m.actor);
  if (!sent.ok) throw new Error(JSON.stringify(sent));
  const staff = staffActorOf(await makeAdmin(db));
  const decided = await decideKyc(db, staff, { profileId: sent.data.id, decision: 'approve' });
  if (!decided.ok) throw new Error(JSON.stringify(decided));
  return { ...m, profile: decided.data, staff };
}

async function request(actor: MerchantActor, serviceId: string) {
  const terms = (await currentTerms(db, serviceId))!;
  return acceptTermsAndRequest(db, actor, { serviceId, termsVersion: terms.version });
}

describe('a Turkish company’s customer information', () => {
  it('saves normalised values: spaced IBAN, Persian digits', async () => {
    const m = await merchant();
    const r = await saveKycDraft(db, m.actor, { kind: 'turkish_company', identity: { ...COMPANY, vkn: '۴۵۴۰۵۳۶۹۲۰', mersis: '' }, financial: IBAN });
    if (!r.ok) throw new Error(JSON.stringify(r));
    expect(r.data.kind).toBe('turkish_company');
    expect(r.data.identity.vkn).toBe('4540536920');
    expect(r.data.identity).not.toHaveProperty('mersis');
    expect(r.data.financial).toEqual({ iban: 'TR330006100519786457841326' });
  });

  it('drops another kind’s fields: an Iranian sheba is not kept on a Turkish company', async () => {
    const m = await merchant();
    const r = await saveKycDraft(db, m.actor, {
      kind: 'turkish_company',
      identity: { ...COMPANY, nationalCode: '0084575948' },
      financial: { ...IBAN, sheba: 'IR820540102680020817909002' },
    } as never);
    if (!r.ok) throw new Error(JSON.stringify(r));
    expect(r.data.identity).not.toHaveProperty('nationalCode');
    expect(r.data.financial).toEqual({ iban: 'TR330006100519786457841326' });
  });

  const wrong: [string, Record<string, string>, string, string][] = [
    ['identity.tradeName', { tradeName: '' }, 'required', 'missing'],
    ['identity.tradeName', { tradeName: '<b>Örnek</b>' }, 'nameInvalid', 'markup'],
    ['identity.taxOffice', { taxOffice: '' }, 'required', 'missing'],
    ['identity.vkn', { vkn: '4540536921' }, 'vknInvalid', 'one digit changed'],
    ['identity.vkn', { vkn: '' }, 'required', 'missing'],
    ['identity.mersis', { mersis: '12345' }, 'mersisInvalid', 'too short'],
    ['identity.il', { il: 'Tahran' }, 'trProvinceInvalid', 'not a province'],
    ['identity.il', { il: '' }, 'required', 'missing'],
    ['identity.ilce', { ilce: '' }, 'required', 'missing'],
    ['identity.streetAddress', { streetAddress: '' }, 'required', 'missing'],
    ['identity.postcode', { postcode: '3471' }, 'trPostalCodeInvalid', 'four digits'],
    ['identity.postcode', { postcode: '06100' }, 'trPostalCodeProvince', 'another province’s'],
    ['identity.authorisedName', { authorisedName: '' }, 'required', 'missing'],
    ['identity.authorisedTckn', { authorisedTckn: '10000000147' }, 'tcknInvalid', 'one digit changed'],
    ['identity.authorisedTckn', { authorisedTckn: '01234567890' }, 'tcknInvalid', 'leading zero'],
    ['financial.iban', { iban: 'TR330006100519786457841327' }, 'trIbanInvalid', 'one digit changed'],
    ['financial.iban', { iban: 'IR820540102680020817909002' }, 'trIbanInvalid', 'an Iranian sheba'],
    ['financial.iban', { iban: '' }, 'required', 'missing'],
  ];

  it.each(wrong)('submitting with %s wrong (%j) says so by that field', async (field, change, message) => {
    const m = await draftWithDocs();
    const [section] = field.split('.');
    const identity = section === 'identity' ? { ...COMPANY, ...change } : COMPANY;
    const financial = section === 'financial' ? { ...IBAN, ...change } : IBAN;
    // Saved as a draft without the bad value where the draft refuses it, so submit is what judges it.
    const saved = await saveKycDraft(db, m.actor, { kind: 'turkish_company', identity, financial });
    if (!saved.ok) {
      expect(saved.fieldErrors).toEqual({ [field]: message });
      await db
        .update(kycProfiles)
        .set(section === 'identity' ? { identity } : { financial })
        .where(eq(kycProfiles.userId, m.actor.merchantId));
    }
    const r = await submitKyc(db, m.actor);
    expect(r).toEqual({ ok: false, error: 'fixFields', fieldErrors: { [field]: message } });
    expect((await getKycProfile(db, m.actor.merchantId))?.status).toBe('draft');
  });

  it('needs all six documents; each missing one is named', async () => {
    for (const missing of TR_DOCS) {
      const m = await draftWithDocs(TR_DOCS.filter((k) => k !== missing));
      expect(await submitKyc(db, m.actor)).toEqual({ ok: false, error: 'fixFields', fieldErrors: { [`documents.${missing}`]: 'documentRequired' } });
    }
    const none = await draftWithDocs([]);
    const r = await submitKyc(db, none.actor);
    expect(!r.ok && Object.keys(r.fieldErrors ?? {}).sort()).toEqual(TR_DOCS.map((k) => `documents.${k}`).sort());
  });

  it('takes Turkish documents with the same checks as the others, and not an Iranian kind’s', async () => {
    const m = await merchant();
    const up = (kind: KycDocumentKind, bytes: Buffer, personKind: 'turkish_company' | 'natural' = 'turkish_company') =>
      uploadKycDocument(db, m.actor, { kind, bytes, name: 'x.pdf', personKind }, storage);
    expect(await up('tax_plate', Buffer.from('MZ not a pdf'))).toEqual({ ok: false, error: 'fileType' });
    expect(await up('tax_plate', Buffer.alloc(0))).toEqual({ ok: false, error: 'fileEmpty' });
    expect(await up('tax_plate', Buffer.concat([PDF, Buffer.alloc(5 * 1024 * 1024)]))).toEqual({ ok: false, error: 'fileTooLarge' });
    expect(await up('national_card', PDF)).toEqual({ ok: false, error: 'documentKind' });
    expect(await up('tax_plate', PDF, 'natural')).toEqual({ ok: false, error: 'documentKind' });
    expect((await up('tax_plate', PDF)).ok).toBe(true);
  });
});

describe('review and what approval opens', () => {
  it('staff see the kind, the fields and the six documents in the queue and on the review page', async () => {
    const m = await draftWithDocs();
    const sent = await submitKyc(db, m.actor);
    if (!sent.ok) throw new Error(JSON.stringify(sent));
    const staff = staffActorOf(await makeAdmin(db));
    const queue = await listKycQueue(db, staff, { kind: 'turkish_company', search: '4540536920', status: 'submitted', limit: 500, offset: 0 });
    expect(queue.find((r) => r.id === sent.data.id)).toMatchObject({ kind: 'turkish_company', identity: { tradeName: COMPANY.tradeName } });
    const review = await getKycForReview(db, staff, sent.data.id);
    expect(review?.profile.identity).toMatchObject({ vkn: '4540536920', authorisedTckn: '10000000146', postcode: '34710' });
    expect(review?.documents.map((d) => d.kind).sort()).toEqual([...TR_DOCS].sort());
  });

  it('a rejection with reasons per field reaches the company, which fixes and resubmits', async () => {
    const m = await draftWithDocs();
    const sent = await submitKyc(db, m.actor);
    if (!sent.ok) throw new Error(JSON.stringify(sent));
    const staff = staffActorOf(await makeAdmin(db));
    const r = await decideKyc(db, staff, {
      profileId: sent.data.id,
      decision: 'reject',
      fieldReasons: { 'identity.taxOffice': 'Vergi levhasındaki daire farklı', 'documents.signature_circular': 'Süresi dolmuş' },
    });
    if (!r.ok) throw new Error(JSON.stringify(r));
    expect(r.data.rejectionReasons).toEqual({ 'identity.taxOffice': 'Vergi levhasındaki daire farklı', 'documents.signature_circular': 'Süresi dolmuş' });
    expect((await upload(m.actor, 'signature_circular')).ok).toBe(true);
    expect((await saveKycDraft(db, m.actor, { kind: 'turkish_company', identity: { ...COMPANY, taxOffice: 'Moda' }, financial: IBAN })).ok).toBe(true);
    expect((await submitKyc(db, m.actor)).ok).toBe(true);
  });

  it('approval opens the virtual POS and only it: the Iranian services are refused with the reason, and not offered', async () => {
    const { actor } = await approved();
    expect((await getKycProfile(db, actor.merchantId))?.approvedKind).toBe('turkish_company');
    expect((await listServicesFor(db, actor)).map((s) => s.id)).toEqual(['vpos']);
    for (const id of ['charge', 'payment', 'ivr', 'split']) expect(await request(actor, id), id).toEqual({ ok: false, error: 'serviceNotForTurkishCompany' });
    const vpos = await request(actor, 'vpos');
    expect(vpos.ok).toBe(true);
    const rows = await db.select({ serviceId: merchantServices.serviceId }).from(merchantServices).where(eq(merchantServices.userId, actor.merchantId));
    expect(rows.map((r) => r.serviceId)).toEqual(['vpos']);
  });

  it('before approval nothing is open, the virtual POS included', async () => {
    const m = await draftWithDocs();
    expect(await request(m.actor, 'vpos')).toEqual({ ok: false, error: 'kycNotApproved' });
  });

  it('the approved kind is what counts: a change to an Iranian kind in review leaves the company on the virtual POS only', async () => {
    const { actor } = await approved();
    const change = await saveKycDraft(db, actor, {
      kind: 'natural',
      identity: { firstName: 'مریم', lastName: 'احمدی', nationalCode: '0084575948', birthDate: '1370/05/21', province: 'تهران', city: 'تهران' },
      financial: {},
    });
    expect(change.ok).toBe(true);
    expect(await request(actor, 'payment')).toEqual({ ok: false, error: 'serviceNotForTurkishCompany' });
  });

  it('Iranian kinds keep the whole catalogue, the virtual POS included (as before)', async () => {
    const user = await makeMerchant(db, { kycApproved: true });
    const actor = merchantActorOf(user);
    expect((await listServicesFor(db, actor)).map((s) => s.id)).toEqual(['charge', 'payment', 'ivr', 'split', 'vpos']);
    expect((await request(actor, 'payment')).ok).toBe(true);
    expect((await request(actor, 'vpos')).ok).toBe(true);
  });

  it('the IBAN is a recorded fact, never a Dargah payout account', async () => {
    const { actor, profile } = await approved();
    expect(profile.approvedFinancial).toEqual({ iban: 'TR330006100519786457841326' });
    expect(await ensureKycBankAccount(db, actor)).toBeNull();
    expect(await db.select().from(bankAccounts).where(eq(bankAccounts.merchantId, actor.merchantId))).toEqual([]);
  });

  it('another merchant’s profile id gives nothing: no history, no documents, not its information', async () => {
    const a = await approved();
    const b = await merchant();
    expect(await listKycHistory(db, b.actor, a.profile.id)).toEqual([]);
    expect(await listKycHistory(db, a.actor, a.profile.id)).toHaveLength(1);
    const aDocs = (await getCustomerInfo(db, a.actor)).documents;
    const someDoc = aDocs.tax_plate!;
    expect(await readKycDocument(db, b.actor, someDoc.id, storage)).toBeNull();
    expect(await readKycDocument(db, a.actor, someDoc.id, storage)).not.toBeNull();
    expect(await getCustomerInfo(db, b.actor)).toEqual({ profile: null, documents: {} });
  });
});
