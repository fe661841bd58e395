/**
 * Hostile review of refunds and disputes at the edge: the server actions and the evidence routes
 * with a signed-in merchant A on merchant B's ids, a merchant on staff actions, the public payer
 * action, and odd evidence files and indexes. A passing test documents a check that holds.
 */
import { eq } from 'drizzle-orm';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Db } from '@/db';
import { disputes, refunds, type Dispute, type Payment, type Refund, type User } from '@/db/schema';

const h = vi.hoisted(() => ({ db: undefined as Db | undefined, user: null as null | { id: string; role: string } }));
vi.mock('next/server', async (orig) => ({ ...(await orig<typeof import('next/server')>()), connection: async () => {} }));
vi.mock('next/cache', () => ({ revalidatePath: () => {}, revalidateTag: () => {} }));
vi.mock('@/db', async (orig) => ({ ...(await orig<typeof import('@/db')>()), getDb: () => h.db! }));
vi.mock('@/lib/auth/session', async () => (await import('@/test/actions')).sessionMock(h));
vi.mock('@/lib/storage', async (orig) =>
  (await import('@/test/uploads')).tempStorageModule(await orig<typeof import('@/lib/storage')>(), 'dargah-refunds-hostile-'),
);

const { testDb } = await import('@/test/db');
const { makeAdmin, staffActorOf } = await import('@/test/fixtures');
const { paidPayment } = await import('@/lib/refunds/fixtures');
const { multipartUpload, PNG } = await import('@/test/uploads');
const { getStorage } = await import('@/lib/storage');
const { addDisputeEvidence, decideDispute, openDispute } = await import('@/lib/disputes');
const { createRefund } = await import('@/lib/refunds');
const { ledgerViolations, platformBalances } = await import('@/lib/ledger');
const portal = await import('@/app/(portal)/payments/actions');
const pay = await import('@/app/pay/actions');
const disputeActions = await import('@/app/(portal)/disputes/actions');
const staffActions = await import('@/app/admin/disputes/actions');
const upload = await import('@/app/api/disputes/[id]/evidence/route');
const download = await import('@/app/api/disputes/[id]/evidence/[n]/route');

const db = testDb();
h.db = db;

const PDF = Buffer.from('%PDF-1.4\n%evidence\n');
const ORIGIN = 'http://dargah.test';
const inDays = (n: number) => new Date(Date.now() + n * 86_400_000);

type Shop = Awaited<ReturnType<typeof paidPayment>>;
let A: Shop;
let B: Shop;
let S: User;
let bSecond: Payment;
let bRefund: Refund;
let bDispute: Dispute;

beforeAll(async () => {
  A = await paidPayment(db, { gateway: null });
  B = await paidPayment(db, { gateway: null });
  S = await makeAdmin(db);
  const r = await createRefund(db, B.actor, { paymentId: B.payment.id, amount: 100_000n, reason: 'B’s own' });
  if (!r.ok) throw new Error(JSON.stringify(r));
  bRefund = r.data.refund;
  const { addPaidPayment } = await import('@/lib/refunds/fixtures');
  bSecond = await addPaidPayment(db, B.platform.id, { amount: 500_000n, fee: 0n });
  const d = await openDispute(db, staffActorOf(S), { paymentId: bSecond.id, amount: 200_000n, reason: 'B’s complaint', deadline: inDays(5) });
  if (!d.ok) throw new Error(JSON.stringify(d));
  bDispute = d.data;
  expect((await addDisputeEvidence(db, B.actor, { disputeId: bDispute.id, bytes: PDF, name: 'invoice.pdf' }, getStorage())).ok).toBe(true);
});

afterEach(async () => {
  h.user = null;
  expect(await ledgerViolations(db)).toEqual({ unbalanced: [], drifted: [], negative: [] });
});

const get = (id: string, n: string) => download.GET(new Request(`${ORIGIN}/api/disputes/${id}/evidence/${n}`), { params: Promise.resolve({ id, n }) });
const post = async (id: string, file: File, headers: Record<string, string> = { origin: ORIGIN }) =>
  upload.POST(await multipartUpload(`${ORIGIN}/api/disputes/${id}/evidence`, { file }, headers), { params: Promise.resolve({ id }) });

describe('merchant A on merchant B’s refunds and disputes', () => {
  it('the refund actions refuse B’s payment and refund and change nothing', async () => {
    h.user = A.merchant;
    const before = await platformBalances(db, B.platform.id);
    expect(await portal.createRefundAction({ paymentId: B.payment.id, amount: '1000', reason: 'mine?' })).toMatchObject({ ok: false, error: 'notFound' });
    expect(await portal.cancelRefundAction({ refundId: bRefund.id })).toMatchObject({ ok: false, error: 'notFound' });
    expect(await portal.resendRefundLinkAction({ refundId: bRefund.id })).toMatchObject({ ok: false, error: 'notFound' });
    expect(await platformBalances(db, B.platform.id)).toEqual(before);
    const [still] = await db.select().from(refunds).where(eq(refunds.id, bRefund.id));
    expect(still).toMatchObject({ state: 'awaiting_account', accountTokenHash: bRefund.accountTokenHash });
  });

  it('the dispute answer, the evidence upload and download refuse B’s dispute', async () => {
    h.user = A.merchant;
    expect(await disputeActions.answerDisputeAction({ disputeId: bDispute.id, answer: 'This is my dispute now.' })).toMatchObject({
      ok: false,
      error: 'notFound',
    });
    expect((await post(bDispute.id, new File([PDF], 'a.pdf'))).status).toBe(404);
    expect((await get(bDispute.id, '0')).status).toBe(404);
    const [d] = await db.select().from(disputes).where(eq(disputes.id, bDispute.id));
    expect(d).toMatchObject({ state: 'open', answer: null });
    expect(d.evidence).toHaveLength(1);
    // B gets its own file (the 404s above are ownership, not a broken route).
    h.user = B.merchant;
    const own = await get(bDispute.id, '0');
    expect(own.status).toBe(200);
    expect(own.headers.get('content-disposition')).toMatch(/^attachment;/);
  });

  it('the staff dispute actions refuse a merchant', async () => {
    h.user = A.merchant;
    expect(
      await staffActions.openDisputeAction({ trackingCode: A.payment.trackingCode, amount: '1000', reason: 'self', bankReference: '', days: '3' }),
    ).toMatchObject({ ok: false });
    expect(await staffActions.decideDisputeAction({ disputeId: bDispute.id, outcome: 'won', reason: 'mine' })).toMatchObject({ ok: false });
    const [d] = await db.select().from(disputes).where(eq(disputes.id, bDispute.id));
    expect(d.state).toBe('open');
    expect(await db.select().from(disputes).where(eq(disputes.paymentId, A.payment.id))).toHaveLength(0);
  });
});

describe('FINDING: the dispute answer took control characters to the database', () => {
  it('a NUL or a bell in the merchant’s answer is a field error, not a server error, and the answer stays as it was', async () => {
    h.user = B.merchant;
    for (const answer of ['Delivered on time\u0000, see the invoice', 'Delivered\u0007 on time, see the invoice']) {
      expect(await disputeActions.answerDisputeAction({ disputeId: bDispute.id, answer })).toEqual({ ok: false, fieldErrors: { answer: 'controlChars' } });
    }
    const [d] = await db.select().from(disputes).where(eq(disputes.id, bDispute.id));
    expect(d).toMatchObject({ state: 'open', answer: null });
    // Lines and tabs are what a textarea sends: kept.
    expect(await disputeActions.answerDisputeAction({ disputeId: bDispute.id, answer: 'Delivered on time.\r\n\tInvoice attached.' })).toEqual({ ok: true });
  });
});

describe('evidence: files and indexes', () => {
  it('an index out of range, negative, huge or not a number is 404; no session is 401', async () => {
    h.user = B.merchant;
    for (const n of ['1', '5', '99', '-1', '100', '999999999999999999999', '1.5', '0x0', 'NaN', '%30', ' 0', ''])
      expect((await get(bDispute.id, n)).status).toBe(404);
    h.user = S;
    expect((await get(bDispute.id, '0')).status).toBe(200);
    h.user = null;
    expect((await get(bDispute.id, '0')).status).toBe(401);
  });

  it('a text file renamed .pdf, a sixth file, a foreign origin, staff, after the decision or the deadline: refused', async () => {
    const s = staffActorOf(S);
    const p = await (await import('@/lib/refunds/fixtures')).addPaidPayment(db, B.platform.id, { amount: 300_000n, fee: 0n });
    const d = await openDispute(db, s, { paymentId: p.id, amount: 300_000n, reason: 'files', deadline: inDays(2) });
    if (!d.ok) throw new Error(JSON.stringify(d));
    h.user = B.merchant;
    expect((await post(d.data.id, new File(['<html><script>alert(1)</script>'], 'invoice.pdf', { type: 'application/pdf' }))).status).toBe(400);
    expect((await post(d.data.id, new File([PDF], 'x.pdf'), { origin: 'https://evil.example' })).status).toBe(403);
    const six = await Promise.all(Array.from({ length: 6 }, (_, i) => post(d.data.id, new File([i % 2 ? PNG : PDF], `f${i}.bin`))));
    expect(six.map((r) => r.status).sort()).toEqual([201, 201, 201, 201, 201, 409]);
    const [row] = await db.select().from(disputes).where(eq(disputes.id, d.data.id));
    expect(row.evidence).toHaveLength(5);
    h.user = S;
    expect((await post(d.data.id, new File([PDF], 'x.pdf'))).status).toBe(403);

    // After the deadline (the lib's clock) and after the decision.
    expect(await addDisputeEvidence(db, B.actor, { disputeId: bDispute.id, bytes: PDF, name: 'late.pdf' }, getStorage(), inDays(6))).toMatchObject({
      ok: false,
      error: 'deadlinePassed',
    });
    expect((await decideDispute(db, s, { disputeId: d.data.id, outcome: 'won', reason: 'proof' })).ok).toBe(true);
    h.user = B.merchant;
    const late = await post(d.data.id, new File([PDF], 'late.pdf'));
    expect(late.status).toBe(409);
    expect(await late.json()).toMatchObject({ error: { code: 'disputeDecided' } });
  });
});

describe('the payer’s public action', () => {
  it('odd input is a field error, never a 500: a 10 KB name, control characters, a guessed token', async () => {
    h.user = null;
    const token = 'b'.repeat(32);
    const sheba = 'IR062960000000100324200001';
    expect(await pay.submitRefundAccountAction({ token, sheba, holderName: 'x'.repeat(10_240) })).toMatchObject({
      ok: false,
      fieldErrors: { holderName: 'tooLong' },
    });
    expect(await pay.submitRefundAccountAction({ token, sheba, holderName: 'a\u0007b' })).toMatchObject({
      ok: false,
      fieldErrors: { holderName: expect.any(String) },
    });
    expect(await pay.submitRefundAccountAction({ token, sheba: 'IR00', holderName: 'علی' })).toMatchObject({
      ok: false,
      fieldErrors: { sheba: 'shebaInvalid' },
    });
    expect(await pay.submitRefundAccountAction({ token, sheba, holderName: 'علی رضایی' })).toMatchObject({ ok: false, error: 'refundLinkInvalid' });
  });

  it('the merchant’s refund action answers bad amounts with the field, never unknown', async () => {
    h.user = A.merchant;
    for (const amount of ['0', '-1', '1.5', '1e5', '100000000000000000000', '', '۱٫۵']) {
      const r = await portal.createRefundAction({ paymentId: A.payment.id, amount, reason: 'bad' });
      expect(r).toMatchObject({ ok: false, fieldErrors: { amount: expect.any(String) } });
    }
    expect(await portal.createRefundAction({ paymentId: A.payment.id, amount: '1000001', reason: 'above' })).toMatchObject({
      ok: false,
      fieldErrors: { amount: 'refundAboveRemaining' },
    });
    expect(await portal.createRefundAction({ paymentId: 'not-a-uuid', amount: '1', reason: 'x' })).toMatchObject({ ok: false });
  });
});
