/**
 * Hostile review of split payments: another merchant's, another marketplace's and a beneficiary's
 * ids in every function and route; a beneficiary acting as the marketplace; invitations accepted
 * twice or by the wrong mobile; removed, declined and revoked beneficiaries; test and live keys
 * crossed; bad input on every field; races between refunds, closes, cancels, payments and the
 * settlement run; what the buyer sees. The tests that document what held come first; the ones
 * that fail on a real bug are in `FOUND` at the end. After each test the ledger's invariants hold,
 * and each party's balances are what its parts and refunds say.
 */
import { and, eq, inArray, ne, sql } from 'drizzle-orm';
import postgres from 'postgres';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
vi.mock('next/server', async (importOriginal) => ({ ...(await importOriginal<object>()), connection: async () => {} }));
// The buyer's page rendered outside Next: its messages as their keys (no lib code here reads next-intl).
vi.mock('next-intl/server', async (importOriginal) => ({
  ...(await importOriginal<object>()),
  getTranslations: async (ns: string) => (key: string, params?: Record<string, unknown>) => `${ns}.${key}${params ? JSON.stringify(params) : ''}`,
  getLocale: async () => 'en',
}));
import { renderToStaticMarkup } from 'react-dom/server';
import SplitInvoicePage from '@/app/pay/invoice/[id]/page';
import { POST as refundRoute } from '@/app/api/v1/payments/[id]/refunds/route';
import { GET as listBeneficiariesRoute } from '@/app/api/v1/split-beneficiaries/route';
import { POST as cancelRoute } from '@/app/api/v1/split-invoices/[id]/cancel/route';
import { POST as closeRoute } from '@/app/api/v1/split-invoices/[id]/close/route';
import { GET as getRoute } from '@/app/api/v1/split-invoices/[id]/route';
import { POST as verifyRoute } from '@/app/api/v1/split-invoices/[id]/verify/route';
import { GET as listRoute, POST as postRoute } from '@/app/api/v1/split-invoices/route';
import { POST as payRoute } from '@/app/pay/invoice/[id]/pay/route';
import { kycProfiles, ledgerPostings, payments, platforms, refunds, splitBeneficiaries, splitInvoices, splitParts, splitRefundParts, users } from '@/db/schema';
import { sandboxPay } from '@/lib/gateways/sandbox';
import { accountFor, ledgerViolations, platformBalances, transfer } from '@/lib/ledger';
import { handleCallback, startPayment } from '@/lib/payments';
import { setFeeRuleAsSystem } from '@/lib/payments/fees';
import { issueLiveKey } from '@/lib/platforms';
import { cancelRefund, createRefund, refundQuote } from '@/lib/refunds';
import {
  acceptInvitation,
  addBeneficiary,
  beneficiaryTotals,
  cancelSplitInvoice,
  closeManySplitInvoices,
  closeSplitInvoice,
  createSplitInvoice,
  declineInvitation,
  getSplitInvoice,
  listBeneficiaries,
  listMarketplaces,
  listSplitInvoices,
  marketplaceOf,
  myMarketplaces,
  mySplitParts,
  payerSplitInvoice,
  paymentForSplitInvoice,
  removeBeneficiary,
  saveMarketplaceSettings,
  setPermission,
  verifySplitInvoice,
} from '@/lib/split';
import { invoiceBody, line, makeBeneficiary, makeInvoice, makeMarketplace, newBill, payInvoice } from '@/lib/split/fixtures';
import { settleSplitShares } from '@/lib/split/ledger';
import { addBeneficiarySchema, createSplitInvoiceSchema, setPermissionSchema } from '@/lib/split/schemas';
import { apiRequest } from '@/test/api';
import { testDb, uniqueMobile } from '@/test/db';
import { makeAdmin, makeMerchant, merchantActorOf, staffActorOf } from '@/test/fixtures';
import { SANDBOX_CARD } from '@/lib/gateways/sandbox-cards';

const db = testDb();
const raw = postgres(process.env.DATABASE_URL!, { max: 3, onnotice: () => {} });
afterAll(() => raw.end({ timeout: 5 }));

const BASE = 'http://dargah.test';
const send = apiRequest(`${BASE}/api/v1`);
type Route = (req: Request, ctx: { params: Promise<Record<string, string>> }) => Promise<Response>;
type ApiBody = Record<string, unknown> & { error?: { code: string; pod_code?: number; fields?: Record<string, string> } };
const call = async (route: unknown, req: Request) => {
  const res = await (route as Route)(req, { params: Promise.resolve({}) });
  const text = await res.text();
  let body: ApiBody = {};
  try {
    body = JSON.parse(text) as ApiBody;
  } catch {
    body = { text } as ApiBody;
  }
  return { status: res.status, body };
};
let n = 0;
const idem = () => ({ 'idempotency-key': `split-hostile-${process.pid}-${Date.now()}-${n++}` });

/** The buyer pressing "pay" on the portal's own page (the form posts with the portal's Origin). */
const pressPay = (id: string, headers: Record<string, string> = { origin: BASE }) =>
  payRoute(new Request(`${BASE}/pay/invoice/${id}/pay`, { method: 'POST', headers }), { params: Promise.resolve({ id }) });

beforeAll(async () => {
  process.env.API_RATE_LIMIT_PER_MINUTE = '100000';
  // 1% on split payments, the same rule lib/split/split.test.ts sets (the two files agree on it).
  const r = await setFeeRuleAsSystem(db, { serviceId: 'split', percent: 100, fixed: 0n, min: 0n, max: null });
  if (!r.ok) throw new Error('fee');
});
afterAll(() => {
  delete process.env.API_RATE_LIMIT_PER_MINUTE;
});

/** Every platform a test's parties receive on; checked after each test. */
const parties = new Set<string>();

afterEach(async () => {
  expect(await ledgerViolations(db)).toEqual({ unbalanced: [], drifted: [], negative: [] });
  const ids = [...parties];
  parties.clear();
  await expectPartiesMatch(ids);
});

/**
 * Each party's balances are what its parts and refunds say: pending is exactly what its unsettled
 * live parts still hold (share − fee − what refunds took from pending), never below zero, and
 * pending + withdrawable is every live share less fee, less what its refunds not failed took.
 */
async function partyState(platformId: string) {
  const rows = await db
    .select({ part: splitParts })
    .from(splitParts)
    .innerJoin(splitInvoices, eq(splitInvoices.id, splitParts.invoiceId))
    .where(and(eq(splitParts.platformId, platformId), eq(splitInvoices.livemode, true), inArray(splitInvoices.state, ['paid', 'closed'])));
  const taken = await db
    .select({ amount: splitRefundParts.amount })
    .from(splitRefundParts)
    .innerJoin(refunds, eq(refunds.id, splitRefundParts.refundId))
    .where(and(eq(splitRefundParts.platformId, platformId), eq(refunds.livemode, true), ne(refunds.state, 'failed')));
  const pending = rows.reduce((a, { part: p }) => a + (p.settledAt ? 0n : p.share - p.fee - p.pendingDebited), 0n);
  const total = rows.reduce((a, { part: p }) => a + p.share - p.fee, 0n) - taken.reduce((a, t) => a + t.amount, 0n);
  return { pending, total };
}

async function expectPartiesMatch(platformIds: string[]) {
  for (const id of platformIds) {
    const bal = await platformBalances(db, id);
    const want = await partyState(id);
    expect({ platformId: id, pending: bal.pending, total: bal.pending + bal.withdrawable, pendingNotNegative: bal.pending >= 0n }).toEqual({
      platformId: id,
      pending: want.pending,
      total: want.total,
      pendingNotNegative: true,
    });
  }
}

/** A marketplace with a live key and two sellers who gave permission for all products. */
async function world(opts: { feePayer?: 'marketplace' | 'pro_rata' } = {}) {
  const m = await makeMarketplace(db, opts);
  const live = await issueLiveKey(db, m.actor, { platformId: m.platform.id });
  if (!live.ok) throw new Error(live.error);
  const a = await makeBeneficiary(db, m, 'Seller A');
  const b = await makeBeneficiary(db, m, 'Seller B');
  for (const id of [m.platform.id, a.platformId, b.platformId]) parties.add(id);
  return { m, a, b, live: live.data.key, test: m.apiKey };
}
type World = Awaited<ReturnType<typeof world>>;

/** 1 300 000 = 800 000 (the marketplace) + 300 000 (A) + 200 000 (B). */
const body1300 = (w: World, over: Record<string, unknown> = {}) =>
  invoiceBody(
    newBill(),
    800_000n,
    [
      { beneficiaryId: w.a.beneficiary.id, share: 300_000n },
      { beneficiaryId: w.b.beneficiary.id, share: 200_000n },
    ],
    over,
  );

async function paid1300(w: World) {
  const inv = await makeInvoice(db, w.m, body1300(w));
  const { payment } = await payInvoice(db, inv.id);
  expect(payment.state).toBe('succeeded');
  return { inv, payment };
}

/** The shares of invoices closed up to now move to withdrawable (the 09:00 run's split part, for one party or all). */
const settleNow = (platformId?: string) =>
  settleSplitShares(db, { now: new Date(), runDate: new Date().toISOString().slice(0, 10), cutoff: new Date(), platformId });

async function invoiceRow(id: string) {
  const [row] = await db.select().from(splitInvoices).where(eq(splitInvoices.id, id));
  return row;
}

/** A KYC-approved merchant whose mobile we know (to be invited by it). */
async function merchantWithMobile() {
  const merchant = await makeMerchant(db, { kycApproved: true });
  const [u] = await db.select({ mobile: users.mobile }).from(users).where(eq(users.id, merchant.id));
  return { merchant, actor: merchantActorOf(merchant), mobile: u.mobile };
}

const invite = (w: World, mobile: string, displayName = 'Invited Co') =>
  addBeneficiary(db, w.m.actor, addBeneficiarySchema.parse({ marketplaceId: w.m.platform.id, kind: 'merchant', mobile, displayName }));

const subBusiness = (marketplaceId: string) =>
  addBeneficiarySchema.parse({
    marketplaceId,
    kind: 'sub_business',
    mobile: uniqueMobile(),
    displayName: 'Courier',
    nationalId: '0013542419',
    sheba: 'IR820540102680020817909002',
  });

/** Waits until `n` other sessions wait on a lock held by backend `pid`. */
async function waitBlockedOn(pid: number, count: number) {
  for (let i = 0; i < 200; i++) {
    const [w] = await raw<{ n: number }[]>`select count(*)::int as n from pg_stat_activity where ${pid}::int = any(pg_blocking_pids(pid))`;
    if (w.n >= count) return;
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error(`fewer than ${count} sessions ever waited on ${pid}`);
}

/** Waits until a session is blocked on split_parts (a refund, or its reversal, waiting on the run's row lock to read or write the parts). */
async function waitPartUpdateBlocked() {
  for (let i = 0; i < 200; i++) {
    const [w] = await raw<{ n: number }[]>`
      select count(*)::int as n from pg_stat_activity
      where cardinality(pg_blocking_pids(pid)) > 0 and query ilike '%"split_parts"%'`;
    if (w.n >= 1) return;
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error('no update of split_parts ever waited');
}

// ———————————————————————————————————————————————————————————————————————————————— ids of others

describe('another merchant’s, another marketplace’s and a beneficiary’s ids', () => {
  it('a stranger, another marketplace and a beneficiary get nothing of a marketplace’s invoices, beneficiaries, totals or settings', async () => {
    const w = await world();
    const other = await world();
    const stranger = merchantActorOf(await makeMerchant(db, { kycApproved: true }));
    const { inv } = await paid1300(w);
    const unverified = await makeInvoice(db, w.m, body1300(w, { verificationNeeded: true }));
    const day = new Date().toISOString().slice(0, 10);
    for (const actor of [w.a.actor, w.b.actor, other.m.actor, other.a.actor, stranger]) {
      expect(await getSplitInvoice(db, actor, inv.id)).toBeNull();
      expect(await closeSplitInvoice(db, actor, inv.id)).toMatchObject({ ok: false, error: 'notFound' });
      expect(await closeManySplitInvoices(db, actor, [inv.id, inv.id])).toEqual([{ id: inv.id, ok: false, error: 'notFound' }]);
      expect(await cancelSplitInvoice(db, actor, unverified.id)).toMatchObject({ ok: false, error: 'notFound' });
      expect(await verifySplitInvoice(db, actor, unverified.id)).toMatchObject({ ok: false, error: 'notFound' });
      expect(await listSplitInvoices(db, actor, w.m.platform.id, {})).toBeNull();
      expect(await listBeneficiaries(db, actor, w.m.platform.id)).toBeNull();
      expect(await beneficiaryTotals(db, actor, w.m.platform.id, { from: day, to: day })).toBeNull();
      expect(await saveMarketplaceSettings(db, actor, { platformId: w.m.platform.id, feePayer: 'pro_rata', rail: 'dargah', podGuildCode: null })).toMatchObject(
        {
          ok: false,
          error: 'notFound',
        },
      );
      expect(
        await addBeneficiary(
          db,
          actor,
          addBeneficiarySchema.parse({ marketplaceId: w.m.platform.id, kind: 'merchant', mobile: uniqueMobile(), displayName: 'Mole' }),
        ),
      ).toMatchObject({ ok: false, error: 'notFound' });
      expect(await addBeneficiary(db, actor, subBusiness(w.m.platform.id))).toMatchObject({ ok: false, error: 'notFound' });
      expect(await removeBeneficiary(db, actor, { beneficiaryId: w.a.beneficiary.id })).toMatchObject({ ok: false, error: 'notFound' });
      expect(await createSplitInvoice(db, actor, w.m.platform.id, createSplitInvoiceSchema.parse(body1300(w)))).toMatchObject({ ok: false, error: 'notFound' });
      // Its own marketplace's list (if any) never carries the other's invoice.
      const own = await listSplitInvoices(db, actor, other.m.platform.id, { billNumber: inv.billNumber });
      expect(own?.rows ?? []).toEqual([]);
    }
    // Nothing moved: still paid, the sellers still active, the settings as they were.
    expect((await invoiceRow(inv.id)).state).toBe('paid');
    expect((await invoiceRow(unverified.id)).state).toBe('open');
    expect((await listBeneficiaries(db, w.m.actor, w.m.platform.id))!.map((b) => b.state)).toEqual(['active', 'active']);
    // Staff see it (the admin view).
    expect(await getSplitInvoice(db, staffActorOf(await makeAdmin(db)), inv.id)).not.toBeNull();
  });

  it('another marketplace cannot name this marketplace’s beneficiaries in its invoices, nor mix them with its own', async () => {
    const w = await world();
    const other = await world();
    const mixed = invoiceBody(newBill(), 1_000n, [
      { beneficiaryId: other.a.beneficiary.id, share: 1_000n },
      { beneficiaryId: w.a.beneficiary.id, share: 1_000n },
    ]);
    expect(await createSplitInvoice(db, other.m.actor, other.m.platform.id, createSplitInvoiceSchema.parse(mixed))).toMatchObject({
      ok: false,
      fieldErrors: { 'subInvoices.1.beneficiaryId': 'beneficiaryUnknown' },
    });
    const r = await call(postRoute, send('POST', '/split-invoices', other.live, mixed, idem()));
    expect(r).toMatchObject({ status: 400, body: { error: { fields: { 'subInvoices.1.beneficiaryId': 'beneficiaryUnknown' } } } });
    // An id that is no beneficiary at all.
    const ghost = invoiceBody(newBill(), 1_000n, [{ beneficiaryId: '00000000-0000-4000-8000-000000000000', share: 1_000n }]);
    expect((await call(postRoute, send('POST', '/split-invoices', other.live, ghost, idem()))).status).toBe(400);
    // The API lists only the caller's beneficiaries.
    const listed = await call(listBeneficiariesRoute, send('GET', '/split-beneficiaries', other.live));
    expect((listed.body.data as { id: string }[]).map((b) => b.id).sort()).toEqual([other.a.beneficiary.id, other.b.beneficiary.id].sort());
  });

  it('nobody but the marketplace refunds its split payment: not a beneficiary, another marketplace or a stranger, by the lib or the API', async () => {
    const w = await world();
    const other = await world();
    const stranger = merchantActorOf(await makeMerchant(db, { kycApproved: true }));
    const { payment } = await paid1300(w);
    for (const actor of [w.a.actor, w.b.actor, other.m.actor, stranger]) {
      expect(await createRefund(db, actor, { paymentId: payment.id, amount: 1_000n, reason: 'mine' }, { returnsFee: true })).toMatchObject({
        ok: false,
        error: 'notFound',
      });
      expect(await refundQuote(db, actor, { paymentId: payment.id, amount: 1_000n })).toMatchObject({ ok: false, error: 'notFound' });
    }
    // Another marketplace's live key, and the marketplace's own test key.
    for (const key of [other.live, w.test]) {
      const r = await call(refundRoute, send('POST', `/payments/${payment.id}/refunds`, key, { amount: 1000, reason: 'x' }, idem()));
      expect(r.status).toBe(404);
    }
    const [p] = await db.select().from(payments).where(eq(payments.id, payment.id));
    expect(p.refundedAmount).toBe(0n);
    expect(await platformBalances(db, w.a.platformId)).toEqual({ pending: 300_000n, withdrawable: 0n });
  });

  it('a beneficiary reads only its own parts: never the other sellers’ shares, the marketplace’s share or the buyer’s items', async () => {
    const w = await world();
    const inv = await makeInvoice(
      db,
      w.m,
      invoiceBody(newBill(), 811_111n, [
        { beneficiaryId: w.a.beneficiary.id, share: 322_222n },
        { beneficiaryId: w.b.beneficiary.id, share: 233_333n },
      ]),
    );
    const json = (v: unknown) => JSON.stringify(v, (_k, x) => (typeof x === 'bigint' ? x.toString() : x));
    const mine = await mySplitParts(db, w.a.actor);
    expect(mine.map((p) => [p.invoiceId, p.share])).toEqual([[inv.id, 322_222n]]);
    for (const secret of ['233333', '811111', '1366666', w.b.beneficiary.id, 'commission']) expect(json(mine)).not.toContain(secret);
    // Naming the other seller's beneficiary row gives nothing.
    expect(await mySplitParts(db, w.a.actor, { beneficiaryId: w.b.beneficiary.id })).toEqual([]);
    expect(json(await myMarketplaces(db, w.a.actor))).not.toContain(w.b.beneficiary.id);
    // A beneficiary cannot open the marketplace's view of the invoice.
    expect(await getSplitInvoice(db, w.a.actor, inv.id)).toBeNull();
  });

  it('a beneficiary cannot change another beneficiary’s permission, decline its invitation, nor can the marketplace grant permission for it', async () => {
    const w = await world();
    for (const [actor, id] of [
      [w.b.actor, w.a.beneficiary.id],
      [w.m.actor, w.a.beneficiary.id],
      [w.a.actor, w.b.beneficiary.id],
    ] as const) {
      expect(await setPermission(db, actor, { beneficiaryId: id, permission: 'none', products: [] })).toMatchObject({ ok: false, error: 'notFound' });
      expect(await declineInvitation(db, actor, { beneficiaryId: id })).toMatchObject({ ok: false, error: 'notFound' });
    }
    const rows = await listBeneficiaries(db, w.m.actor, w.m.platform.id);
    expect(rows!.map((b) => b.permission)).toEqual(['all', 'all']);
  });

  it('an invitation to one mobile cannot be accepted or declined by another merchant (nor the marketplace, nor another seller)', async () => {
    const w = await world();
    const owner = await merchantWithMobile();
    const added = await invite(w, owner.mobile);
    if (!added.ok) throw new Error(JSON.stringify(added));
    const stranger = merchantActorOf(await makeMerchant(db, { kycApproved: true }));
    for (const actor of [stranger, w.a.actor, w.m.actor]) {
      expect(await acceptInvitation(db, actor, { beneficiaryId: added.data.id })).toMatchObject({ ok: false });
      expect(await declineInvitation(db, actor, { beneficiaryId: added.data.id })).toMatchObject({ ok: false, error: 'notFound' });
      expect((await myMarketplaces(db, actor)).map((r) => r.beneficiary.id)).not.toContain(added.data.id);
    }
    const [row] = await db.select().from(splitBeneficiaries).where(eq(splitBeneficiaries.id, added.data.id));
    expect(row).toMatchObject({ state: 'invited', userId: null, platformId: null });
    expect(await acceptInvitation(db, owner.actor, { beneficiaryId: added.data.id })).toMatchObject({ ok: true, data: { state: 'active' } });
  });

  it('a merchant whose customer information is not approved cannot accept (and nothing is made for it)', async () => {
    const w = await world();
    const merchant = await makeMerchant(db);
    const [u] = await db.select({ mobile: users.mobile }).from(users).where(eq(users.id, merchant.id));
    const added = await invite(w, u.mobile);
    if (!added.ok) throw new Error('invite');
    expect(await acceptInvitation(db, merchantActorOf(merchant), { beneficiaryId: added.data.id })).toMatchObject({ ok: false, error: 'kycNotApproved' });
    expect(await db.select().from(platforms).where(eq(platforms.userId, merchant.id))).toEqual([]);
  });
});

// ———————————————————————————————————————————————————————————————————————————————— a beneficiary as the marketplace

describe('a beneficiary acting as the marketplace', () => {
  it('cannot close, cancel, verify, list or refund the marketplace’s invoices through its own API key either', async () => {
    const w = await world();
    const { inv, payment } = await paid1300(w);
    const key = await issueLiveKey(db, w.a.actor, { platformId: w.a.platformId });
    // Whatever the key is (if the receiving platform gives one at all), it opens nothing of the marketplace.
    if (key.ok) {
      for (const [route, method, path] of [
        [getRoute, 'GET', `/split-invoices/${inv.id}`],
        [closeRoute, 'POST', `/split-invoices/${inv.id}/close`],
        [cancelRoute, 'POST', `/split-invoices/${inv.id}/cancel`],
        [verifyRoute, 'POST', `/split-invoices/${inv.id}/verify`],
      ] as const) {
        expect((await call(route, send(method, path, key.data.key))).status).toBeGreaterThanOrEqual(403);
      }
      const r = await call(refundRoute, send('POST', `/payments/${payment.id}/refunds`, key.data.key, { amount: 1000, reason: 'x' }, idem()));
      expect([403, 404]).toContain(r.status);
      const list = await call(listRoute, send('GET', `/split-invoices?billNumber=${inv.billNumber}`, key.data.key));
      expect(JSON.stringify(list.body)).not.toContain(inv.id);
    }
    expect((await invoiceRow(inv.id)).state).toBe('paid');
  });

  it('its receiving platform is not listed among its marketplaces', async () => {
    const w = await world();
    expect((await listMarketplaces(db, w.a.actor)).map((p) => p.id)).not.toContain(w.a.platformId);
  });
});

// ———————————————————————————————————————————————————————————————————————————————— invitations and beneficiaries' states

describe('invitations, removals, declines and revocations', () => {
  it('an invitation accepted twice, or ten times at once: one acceptance, one receiving platform', async () => {
    const w = await world();
    const owner = await merchantWithMobile();
    const added = await invite(w, owner.mobile);
    if (!added.ok) throw new Error('invite');
    const tries = await Promise.all(Array.from({ length: 10 }, () => acceptInvitation(db, owner.actor, { beneficiaryId: added.data.id })));
    expect(tries.filter((r) => r.ok)).toHaveLength(1);
    expect(await acceptInvitation(db, owner.actor, { beneficiaryId: added.data.id })).toMatchObject({ ok: false, error: 'notFound' });
    const received = await db.select().from(platforms).where(eq(platforms.userId, owner.merchant.id));
    expect(received).toHaveLength(1);
    const [row] = await db.select().from(splitBeneficiaries).where(eq(splitBeneficiaries.id, added.data.id));
    expect(row.platformId).toBe(received[0].id);
  });

  it('accept racing decline and remove: the invitation ends in exactly one state, and only an active beneficiary can be invoiced', async () => {
    const w = await world();
    for (let i = 0; i < 3; i++) {
      const owner = await merchantWithMobile();
      const added = await invite(w, owner.mobile);
      if (!added.ok) throw new Error('invite');
      const [acc, dec, rem] = await Promise.all([
        acceptInvitation(db, owner.actor, { beneficiaryId: added.data.id }),
        declineInvitation(db, owner.actor, { beneficiaryId: added.data.id }),
        removeBeneficiary(db, w.m.actor, { beneficiaryId: added.data.id }),
      ]);
      const [row] = await db.select().from(splitBeneficiaries).where(eq(splitBeneficiaries.id, added.data.id));
      // accept and decline exclude each other; remove can follow either.
      expect([acc.ok, dec.ok].filter(Boolean).length).toBeLessThanOrEqual(1);
      if (rem.ok) expect(row.state).toBe('removed');
      else expect(row.state).toBe(acc.ok ? 'active' : 'declined');
      const made = await createSplitInvoice(
        db,
        w.m.actor,
        w.m.platform.id,
        createSplitInvoiceSchema.parse(invoiceBody(newBill(), 1_000n, [{ beneficiaryId: added.data.id, share: 1_000n }])),
      );
      // An accepted invitation still waits for the permission; nothing else is ever invoiceable.
      expect(made.ok).toBe(false);
      if (row.platformId) parties.add(row.platformId);
    }
  });

  it('an invited (not accepted), declined or removed beneficiary is never invoiced, and a removed one cannot revive itself', async () => {
    const w = await world();
    const invited = await invite(w, (await merchantWithMobile()).mobile);
    const decliner = await merchantWithMobile();
    const declined = await invite(w, decliner.mobile);
    if (!invited.ok || !declined.ok) throw new Error('invite');
    expect((await declineInvitation(db, decliner.actor, { beneficiaryId: declined.data.id })).ok).toBe(true);
    expect(await acceptInvitation(db, decliner.actor, { beneficiaryId: declined.data.id })).toMatchObject({ ok: false, error: 'notFound' });
    expect((await removeBeneficiary(db, w.m.actor, { beneficiaryId: w.a.beneficiary.id })).ok).toBe(true);
    // Removed: it cannot grant itself back in.
    expect(await setPermission(db, w.a.actor, { beneficiaryId: w.a.beneficiary.id, permission: 'all', products: [] })).toMatchObject({
      ok: false,
      error: 'notFound',
    });
    for (const id of [invited.data.id, declined.data.id, w.a.beneficiary.id]) {
      const r = await call(postRoute, send('POST', '/split-invoices', w.live, invoiceBody(newBill(), 1_000n, [{ beneficiaryId: id, share: 1_000n }]), idem()));
      expect(r.status).toBeGreaterThanOrEqual(400);
      expect(r.status).toBeLessThan(500);
      expect(r.body.error?.fields?.['subInvoices.0.beneficiaryId']).toMatch(/^(beneficiaryUnknown|permissionDenied)$/);
    }
    // Removed twice: nothing more happens.
    expect(await removeBeneficiary(db, w.m.actor, { beneficiaryId: w.a.beneficiary.id })).toMatchObject({ ok: false });
  });

  it('the marketplace cannot invite itself, nor register an existing merchant as its sub-business (no account or sheba of another is touched)', async () => {
    const w = await world();
    const [me] = await db.select({ mobile: users.mobile }).from(users).where(eq(users.id, w.m.merchant.id));
    expect(await invite(w, me.mobile)).toMatchObject({ ok: false, fieldErrors: { mobile: 'selfBeneficiary' } });
    expect(await addBeneficiary(db, w.m.actor, { ...subBusiness(w.m.platform.id), mobile: me.mobile })).toMatchObject({
      ok: false,
      fieldErrors: { mobile: 'selfBeneficiary' },
    });
    // An existing merchant's number as a "sub-business": it is only invited; its account, platforms and shebas stay as they were.
    const victim = await merchantWithMobile();
    const r = await addBeneficiary(db, w.m.actor, { ...subBusiness(w.m.platform.id), mobile: victim.mobile });
    expect(r).toMatchObject({ ok: true, data: { state: 'invited', userId: null, platformId: null, permission: 'none' } });
    expect(await db.select().from(platforms).where(eq(platforms.userId, victim.merchant.id))).toEqual([]);
    const [bank] = await db.execute<{ n: number }>(sql`select count(*)::int as n from bank_accounts where merchant_id = ${victim.merchant.id}`);
    expect(bank.n).toBe(0);
    // Nor can it be invoiced before it accepts and grants permission itself.
    expect(
      await createSplitInvoice(
        db,
        w.m.actor,
        w.m.platform.id,
        createSplitInvoiceSchema.parse(invoiceBody(newBill(), 1_000n, [{ beneficiaryId: r.ok ? r.data.id : '', share: 1_000n }])),
      ),
    ).toMatchObject({ ok: false, fieldErrors: { 'subInvoices.0.beneficiaryId': 'permissionDenied' } });
  });

  it('the same mobile invited ten times at once: one beneficiary, the others told it is one already', async () => {
    const w = await world();
    const owner = await merchantWithMobile();
    const rs = await Promise.all(Array.from({ length: 10 }, () => invite(w, owner.mobile)));
    expect(rs.filter((r) => r.ok)).toHaveLength(1);
    expect(rs.filter((r) => !r.ok).every((r) => !r.ok && r.fieldErrors?.mobile === 'alreadyBeneficiary')).toBe(true);
  });

  it('permission revoked, or the seller removed, between the invoice and its payment: what was invoiced while allowed is paid and shared as made', async () => {
    const w = await world();
    const inv = await makeInvoice(db, w.m, body1300(w));
    expect((await setPermission(db, w.a.actor, { beneficiaryId: w.a.beneficiary.id, permission: 'none', products: [] })).ok).toBe(true);
    expect((await removeBeneficiary(db, w.m.actor, { beneficiaryId: w.b.beneficiary.id })).ok).toBe(true);
    // New invoices naming them are refused …
    expect(await createSplitInvoice(db, w.m.actor, w.m.platform.id, createSplitInvoiceSchema.parse(body1300(w)))).toMatchObject({ ok: false });
    // … the one made before is paid, each party credited as invoiced (what it was paid stays its own).
    await payInvoice(db, inv.id);
    expect(await platformBalances(db, w.a.platformId)).toEqual({ pending: 300_000n, withdrawable: 0n });
    expect(await platformBalances(db, w.b.platformId)).toEqual({ pending: 200_000n, withdrawable: 0n });
    expect((await closeSplitInvoice(db, w.m.actor, inv.id)).ok).toBe(true);
    await settleNow();
    expect(await platformBalances(db, w.b.platformId)).toEqual({ pending: 0n, withdrawable: 200_000n });
  });

  it('a listed-products permission: a line without a product id, or with one off the list (case counts), is refused', async () => {
    const w = await world();
    await setPermission(db, w.a.actor, { beneficiaryId: w.a.beneficiary.id, permission: 'products', products: ['P-1'] });
    const body = (productId?: string) => invoiceBody(newBill(), 1_000n, [{ beneficiaryId: w.a.beneficiary.id, share: 1_000n, productId }]);
    for (const pid of [undefined, 'p-1', 'P-1 ', 'P-2']) {
      const r = await call(postRoute, send('POST', '/split-invoices', w.live, body(pid), idem()));
      if (pid === 'P-1 ')
        expect(r.status).toBe(201); // trimmed to P-1
      else expect(r).toMatchObject({ status: 403, body: { error: { code: 'permission_denied', pod_code: 4 } } });
    }
  });
});

// ———————————————————————————————————————————————————————————————————————————————— test and live keys

describe('test and live keys', () => {
  it('a test key sees, closes, cancels, verifies and refunds nothing live, and a live key nothing of test mode; bill numbers are per mode', async () => {
    const w = await world();
    const bill = newBill();
    const body = invoiceBody(bill, 800n, [{ beneficiaryId: w.a.beneficiary.id, share: 500n }]);
    const liveInv = await call(postRoute, send('POST', '/split-invoices', w.live, body, idem()));
    const testInv = await call(postRoute, send('POST', '/split-invoices', w.test, body, idem()));
    expect([liveInv.status, testInv.status]).toEqual([201, 201]);
    expect([liveInv.body.livemode, testInv.body.livemode]).toEqual([true, false]);
    for (const [key, id] of [
      [w.test, String(liveInv.body.id)],
      [w.live, String(testInv.body.id)],
    ]) {
      expect((await call(getRoute, send('GET', `/split-invoices/${id}`, key))).status).toBe(404);
      for (const [route, action] of [
        [closeRoute, 'close'],
        [cancelRoute, 'cancel'],
        [verifyRoute, 'verify'],
      ] as const) {
        expect((await call(route, send('POST', `/split-invoices/${id}/${action}`, key))).status).toBe(404);
      }
      const list = await call(listRoute, send('GET', `/split-invoices?billNumber=${bill}`, key));
      expect((list.body.data as { id: string }[]).map((r) => r.id)).not.toContain(id);
    }
    // The test invoice is paid on the sandbox: nothing reaches the ledger, nobody is credited.
    const { payment: testPay } = await payInvoice(db, String(testInv.body.id));
    expect(testPay).toMatchObject({ state: 'succeeded', livemode: false });
    expect(await db.select().from(ledgerPostings).where(eq(ledgerPostings.reference, testPay.id))).toEqual([]);
    expect(await platformBalances(db, w.a.platformId)).toEqual({ pending: 0n, withdrawable: 0n });
    // Its refund: the live key cannot, the test key can, and still no ledger.
    expect((await call(refundRoute, send('POST', `/payments/${testPay.id}/refunds`, w.live, { amount: 100, reason: 'x' }, idem()))).status).toBe(404);
    const tr = await call(refundRoute, send('POST', `/payments/${testPay.id}/refunds`, w.test, { amount: 100, reason: 'x' }, idem()));
    expect(tr.status).toBe(201);
    expect(await platformBalances(db, w.a.platformId)).toEqual({ pending: 0n, withdrawable: 0n });
    // The live one, paid: the test key cannot refund it.
    const { payment: livePay } = await payInvoice(db, String(liveInv.body.id));
    expect((await call(refundRoute, send('POST', `/payments/${livePay.id}/refunds`, w.test, { amount: 100, reason: 'x' }, idem()))).status).toBe(404);
    // A closed test invoice never settles anything.
    expect((await call(closeRoute, send('POST', `/split-invoices/${String(testInv.body.id)}/close`, w.test))).status).toBe(200);
    await settleNow(w.a.platformId);
    expect(await platformBalances(db, w.a.platformId)).toEqual({ pending: 500n, withdrawable: 0n });
  });
});

// ———————————————————————————————————————————————————————————————————————————————— bad input

describe('bad input → 4xx with a field, never a 500', () => {
  let w: World;
  beforeAll(async () => {
    w = await world();
  });
  afterEach(() => {
    // The shared world's platforms are checked by the last test that used it.
    if (w) for (const id of [w.m.platform.id, w.a.platformId, w.b.platformId]) parties.add(id);
  });

  /** A valid body (1 300 000 = 800 000 + 300 000 + 200 000) with every text field filled. */
  const full = () => ({
    billNumber: newBill(),
    description: 'order 1',
    payerName: 'Buyer',
    payerMobile: '09121234567',
    payerEmail: 'buyer@example.com',
    callbackUrl: 'https://bazaar.example/return',
    mainInvoice: { description: 'commission', items: [{ description: 'commission', productId: 'C-1', quantity: 1, unitPrice: '800000' }] },
    subInvoices: [
      {
        beneficiaryId: w.a.beneficiary.id,
        description: 'goods',
        addressRef: 'A-1',
        items: [{ description: 'goods', productId: 'G-1', quantity: 1, unitPrice: '300000' }],
      },
      { beneficiaryId: w.b.beneficiary.id, items: [{ description: 'goods', quantity: 2, unitPrice: '100000' }] },
    ],
    customerInvoiceItems: [{ description: 'order', productId: 'O-1', quantity: 1, unitPrice: '1300000' }],
  });
  type Body = ReturnType<typeof full>;
  const post = (body: unknown) => call(postRoute, send('POST', '/split-invoices', w.live, body, idem()));

  /** Sets a value at a dotted path (numbers index arrays). */
  function at(body: Body, path: string, value: unknown): Body {
    const keys = path.split('.');
    let o = body as unknown as Record<string, unknown>;
    for (const k of keys.slice(0, -1)) o = o[k] as Record<string, unknown>;
    o[keys.at(-1)!] = value;
    return body;
  }

  async function expectRefused(body: unknown, field: string | RegExp) {
    const r = await post(body);
    expect({ status: r.status, code: r.body.error?.code }).toEqual({ status: 400, code: 'validation_failed' });
    const fields = Object.keys(r.body.error?.fields ?? {});
    expect(
      fields.some((f) => (typeof field === 'string' ? f === field : field.test(f))),
      `fields ${fields.join(', ')} name ${String(field)}`,
    ).toBe(true);
    return r;
  }

  it('the valid body is accepted (the baseline of this block)', async () => {
    expect((await post(full())).status).toBe(201);
  });

  it('amounts: huge, negative, zero, fractional, exponent, not a number', async () => {
    const p = 'subInvoices.0.items.0.unitPrice';
    for (const v of ['1000000000000000000000', 1e21, -1, '-1', 0, '0', 1.5, '1.5', 'abc', '', null, true, [], {}, '1e5', '0x10', 'NaN', 'Infinity']) {
      await expectRefused(at(full(), p, v), p);
    }
  });

  it('quantities: zero, negative, fractional, above 100 000, text, huge', async () => {
    const p = 'mainInvoice.items.0.quantity';
    // (Fractional, NaN, Infinity and text quantities are in FOUND: they answer 500.)
    for (const v of [0, -1, '-1', 100_001, 1e21, '', null, true, [], {}]) {
      await expectRefused(at(full(), p, v), p);
    }
  });

  it('discounts: equal to the line, above it, negative, fractional, huge', async () => {
    const p = 'subInvoices.0.items.0.discount';
    for (const v of [300_000, '300000', 300_001, -1, '-5', 1.5, '1000000000000000000000', 'x', true]) {
      await expectRefused(at(full(), p, v), p);
    }
    // A discount one Rial under the line leaves a 1-Rial line, which must still be summed right.
    const b = at(full(), p, 299_999);
    at(b, 'customerInvoiceItems.0.unitPrice', '1000001');
    expect((await post(b)).status).toBe(201);
  });

  it('totals: the sum rule broken by one Rial either way, a total above the maximum (quantity × price), the marketplace’s share below its fee', async () => {
    await expectRefused(at(full(), 'customerInvoiceItems.0.unitPrice', '1300001'), 'customerInvoiceItems');
    await expectRefused(at(full(), 'customerInvoiceItems.0.unitPrice', '1299999'), 'customerInvoiceItems');
    const huge = full();
    huge.mainInvoice.items = [];
    huge.subInvoices = [
      { beneficiaryId: w.a.beneficiary.id, items: [{ description: 'x', quantity: 100_000, unitPrice: '100000000000000' }] },
    ] as Body['subInvoices'];
    huge.customerInvoiceItems = [{ description: 'x', quantity: 100_000, unitPrice: '100000000000000' }] as Body['customerInvoiceItems'];
    await expectRefused(huge, 'customerInvoiceItems');
    // The marketplace pays the fee (1% = 13 000) from a main share of 1 000.
    const small = full();
    small.mainInvoice.items[0].unitPrice = '1000';
    small.customerInvoiceItems[0].unitPrice = '501000';
    await expectRefused(small, 'mainInvoice');
  });

  it('structure: no parts, 21 parts, 101 items, a beneficiary twice, a bad beneficiary id, wrong types', async () => {
    const b0 = full();
    b0.subInvoices = [];
    await expectRefused(b0, 'subInvoices');
    const many = full();
    many.subInvoices = Array.from({ length: 21 }, (_, i) => ({
      ...many.subInvoices[0],
      beneficiaryId: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
    }));
    await expectRefused(many, 'subInvoices');
    const items = full();
    items.customerInvoiceItems = Array.from({ length: 101 }, () => ({ description: 'x', quantity: 1, unitPrice: '1' })) as Body['customerInvoiceItems'];
    await expectRefused(items, 'customerInvoiceItems');
    const twice = full();
    twice.subInvoices[1].beneficiaryId = twice.subInvoices[0].beneficiaryId;
    await expectRefused(twice, 'subInvoices.1.beneficiaryId');
    for (const v of ['x', '', 1, null, `${w.a.beneficiary.id} `.repeat(2)])
      await expectRefused(at(full(), 'subInvoices.0.beneficiaryId', v), 'subInvoices.0.beneficiaryId');
    for (const [path, v] of [
      ['subInvoices', {}],
      ['subInvoices', 'x'],
      ['mainInvoice', []],
      ['mainInvoice.items', null],
      ['customerInvoiceItems', {}],
      ['customerInvoiceItems', []],
      ['verificationNeeded', 'yes'],
      ['expiresInMinutes', 0],
      ['expiresInMinutes', 4],
      ['expiresInMinutes', 43_201],
      ['expiresInMinutes', -5],
      ['expiresInMinutes', 1e300],
      ['expiresInMinutes', 'soon'],
      ['billNumber', ''],
      ['billNumber', '   '],
      ['billNumber', 'a b'],
      ['billNumber', 'ب-۱'],
      ['billNumber', 'x'.repeat(65)],
      ['billNumber', 12],
      ['payerMobile', '0912'],
      ['payerMobile', '+1 555 0100'],
      ['payerEmail', 'not-an-email'],
      ['payerEmail', `${'a'.repeat(200)}@example.com`],
      ['callbackUrl', 'https://evil.example/return'],
      ['callbackUrl', 'javascript:alert(1)'],
      ['description', 'x'.repeat(301)],
      ['payerName', 'x'.repeat(121)],
    ] as const) {
      await expectRefused(at(full(), path, v), new RegExp(`^${path.replace(/\./g, '\\.')}`));
    }
    const r = await post('[]');
    expect(r.status).toBe(400);
    expect((await post('{"billNumber": ')).status).toBe(400);
    expect((await post('null')).status).toBe(400);
  });

  it('Persian and Arabic digits are read as the same numbers', async () => {
    const b = full();
    b.mainInvoice.items[0].unitPrice = '۸۰۰٬۰۰۰';
    (b.subInvoices[0].items[0] as Record<string, unknown>).quantity = '۱';
    b.subInvoices[0].items[0].unitPrice = '٣٠٠٠٠٠';
    (b.subInvoices[1].items[0] as Record<string, unknown>).discount = '۰';
    b.customerInvoiceItems[0].unitPrice = '۱,۳۰۰,۰۰۰';
    (b as Record<string, unknown>).expiresInMinutes = '۶۰';
    b.payerMobile = '۰۹۱۲۱۲۳۴۵۶۷';
    const r = await post(b);
    expect(r).toMatchObject({ status: 201, body: { amount: '1300000', main_invoice: { share: '800000' } } });
    expect((r.body.sub_invoices as { share: string }[]).map((s) => s.share)).toEqual(['300000', '200000']);
  });

  it('unknown fields anywhere are refused by name (POD’s own `share`/`amount` fields too)', async () => {
    const cases: [string, (b: Body) => void][] = [
      ['top', (b) => Object.assign(b, { foo: 1 })],
      ['share', (b) => Object.assign(b.mainInvoice, { share: '800000' })],
      ['sub', (b) => Object.assign(b.subInvoices[0], { share: '1' })],
      ['item', (b) => Object.assign(b.customerInvoiceItems[0], { amount: '1' })],
      ['livemode', (b) => Object.assign(b, { livemode: false })],
      ['fee', (b) => Object.assign(b, { fee: 0, feePayer: 'pro_rata' })],
      ['marketplace', (b) => Object.assign(b, { marketplaceId: w.a.platformId })],
    ];
    for (const [, change] of cases) {
      const b = full();
      change(b);
      const r = await post(b);
      expect(r.status).toBe(400);
      expect(Object.values(r.body.error?.fields ?? {})).toContain('unknown field');
    }
    // Keys that are JavaScript's own names, and a key with a NUL in it.
    for (const raw of ['"__proto__": {"x": 1}', '"constructor": 1', '"a\\u0000b": 1', '"\\ud800": 1']) {
      const text = JSON.stringify(full()).replace(/^\{/, `{${raw},`);
      const r = await post(text);
      expect(r.status, raw).toBe(400);
    }
  });

  it('NUL, control characters and lone surrogates in every text field → 400 on that field (and nothing stored)', async () => {
    const fields = [
      'billNumber',
      'description',
      'payerName',
      'payerMobile',
      'payerEmail',
      'callbackUrl',
      'mainInvoice.description',
      'mainInvoice.items.0.description',
      'mainInvoice.items.0.productId',
      'subInvoices.0.description',
      'subInvoices.0.addressRef',
      'subInvoices.0.items.0.description',
      'subInvoices.0.items.0.productId',
      'customerInvoiceItems.0.description',
      'customerInvoiceItems.0.productId',
      'subInvoices.0.items.0.unitPrice',
      'subInvoices.0.items.0.discount',
      'subInvoices.0.beneficiaryId',
      'expiresInMinutes',
    ];
    // (The quantity is in FOUND: a NUL in it reads as NaN, which answers 500.)
    const bad = ['\u0000', 'a\u0000b', '\u0007', '\u001b[31mred', 'x\u0085', '\ud800', 'a\udfffb', '\uffff', 'x\ny', '\t'];
    const bills: string[] = [];
    for (const f of fields) {
      for (const ch of bad) {
        const b = full();
        bills.push(b.billNumber);
        // Inside a value (trimming would forgive a trailing tab): `valid + bad + valid`.
        const keys = f.split('.');
        let o = b as unknown as Record<string, unknown>;
        for (const k of keys.slice(0, -1)) o = o[k] as Record<string, unknown>;
        const was = String(o[keys.at(-1)!] ?? 'x');
        o[keys.at(-1)!] = `${was}${ch}${was}`;
        const r = await post(b);
        expect(r.status, `${f} ${JSON.stringify(ch)}`).toBeGreaterThanOrEqual(400);
        expect(r.status, `${f} ${JSON.stringify(ch)}`).toBeLessThan(500);
        // A text field is named; an amount may read a tab or newline between digits as a separator
        // (then the sum rule names the part that no longer adds up): a 400 either way.
        if (!/unitPrice|discount|quantity|expiresInMinutes/.test(f)) {
          expect(
            Object.keys(r.body.error?.fields ?? {}).some((k) => k.startsWith(f.split('.')[0])),
            `${f} ${JSON.stringify(ch)}`,
          ).toBe(true);
        }
      }
    }
    expect(await db.select({ id: splitInvoices.id }).from(splitInvoices).where(inArray(splitInvoices.billNumber, bills))).toEqual([]);
  });

  it('a body over 64 KB is refused with 413 before it is parsed; an Idempotency-Key that is not visible ASCII with 400', async () => {
    const b = full();
    b.description = 'x'.repeat(70_000);
    const r = await post(b);
    expect(r).toMatchObject({ status: 413, body: { error: { code: 'body_too_large' } } });
    // Announced too large, sent small.
    const req = send('POST', '/split-invoices', w.live, full(), { ...idem(), 'content-length': String(10 * 1024 * 1024) });
    expect([400, 413]).toContain((await call(postRoute, req)).status);
    const k = await call(postRoute, send('POST', '/split-invoices', w.live, full(), { 'idempotency-key': 'é'.repeat(3) }));
    expect(k.status).toBe(400);
    // No content type.
    const plain = new Request(`${BASE}/api/v1/split-invoices`, {
      method: 'POST',
      body: JSON.stringify(full()),
      headers: { authorization: `Bearer ${w.live}`, ...idem() },
    });
    expect((await call(postRoute, plain)).status).toBe(415);
  });

  it('the same Idempotency-Key with another body is not a second invoice', async () => {
    const key = idem();
    const first = await call(postRoute, send('POST', '/split-invoices', w.live, full(), key));
    expect(first.status).toBe(201);
    const second = await call(postRoute, send('POST', '/split-invoices', w.live, full(), key));
    expect(second.status).toBeGreaterThanOrEqual(400);
    expect(second.status).toBeLessThan(500);
    const again = await Promise.all(Array.from({ length: 5 }, () => call(postRoute, send('POST', '/split-invoices', w.live, full(), idem()))));
    expect(again.every((r) => r.status === 201)).toBe(true);
  });

  it('list filters: cursors, dates and limits out of range → 200 or 400, never 500', async () => {
    for (const q of [
      'before=9223372036854775807',
      'to=9999-12-31',
      'from=1000-01-01&to=1000-01-02',
      'limit=0',
      'limit=1000000000',
      'limit=-1',
      'state=bogus',
      'state=open&state=paid',
      'billNumber=%00',
      'billNumber=%E2%80%AE',
      'from=2026-02-30',
      'from=2026-13-01',
      'from=abc',
      'to=2026-01-01&from=2027-01-01',
    ]) {
      const r = await call(listRoute, send('GET', `/split-invoices?${q}`, w.live));
      expect(r.status, q).toBeLessThan(500);
    }
  });

  it('the beneficiary and permission forms: NUL and controls in names, bad sheba, bad national id, bad product ids → a field', () => {
    const base = {
      marketplaceId: w.m.platform.id,
      kind: 'sub_business',
      mobile: uniqueMobile(),
      displayName: 'Courier',
      nationalId: '0013542419',
      sheba: 'IR820540102680020817909002',
    };
    for (const [field, v] of [
      ['displayName', 'Cou\u0000rier'],
      ['displayName', '\u202e\u0007'],
      ['displayName', 'x'],
      ['nationalId', '0013542418'],
      ['nationalId', '\u0000'],
      ['sheba', 'IR820540102680020817909003'],
      ['mobile', '0912'],
      ['mobile', '۰۹۱۲\u0000'],
      ['guildCode', 'a b'],
      ['podBusinessId', '12a'],
    ] as const) {
      const r = addBeneficiarySchema.safeParse({ ...base, [field]: v });
      expect(r.success, `${field} ${JSON.stringify(v)}`).toBe(false);
      if (!r.success) expect(r.error.issues.map((i) => i.path.join('.'))).toContain(field);
    }
    // Persian digits in the mobile and national id are fine.
    expect(addBeneficiarySchema.safeParse({ ...base, mobile: '۰۹۱۲۱۲۳۴۵۶۷', nationalId: '۰۰۱۳۵۴۲۴۱۹' }).success).toBe(true);
    for (const products of [['a\u0000b'], ['x'.repeat(65)], ['ok', 'not ok'], []]) {
      const r = setPermissionSchema.safeParse({ beneficiaryId: w.a.beneficiary.id, permission: 'products', products });
      expect(r.success, JSON.stringify(products)).toBe(false);
    }
    expect(setPermissionSchema.safeParse({ beneficiaryId: w.a.beneficiary.id, permission: 'everything' }).success).toBe(false);
  });
});

// ———————————————————————————————————————————————————————————————————————————————— races

describe('races', () => {
  it('ten refunds of one split payment at once, each 40% of it: at most two go through; no party gives back more than its share', async () => {
    const w = await world();
    const { inv, payment } = await paid1300(w);
    const results = await Promise.all(
      Array.from({ length: 10 }, () => createRefund(db, w.m.actor, { paymentId: payment.id, amount: 520_000n, reason: 'race' }, { returnsFee: true })),
    );
    const done = results.filter((r) => r.ok);
    expect(done.length).toBeLessThanOrEqual(2);
    expect(done.length).toBeGreaterThanOrEqual(1);
    const [p] = await db.select().from(payments).where(eq(payments.id, payment.id));
    expect(p.refundedAmount).toBe(520_000n * BigInt(done.length));
    expect((await invoiceRow(inv.id)).refundedAmount).toBe(p.refundedAmount);
    const parts = await db.select().from(splitParts).where(eq(splitParts.invoiceId, inv.id));
    for (const part of parts) expect(part.refunded <= part.share).toBe(true);
    expect(parts.reduce((a, x) => a + x.refunded, 0n)).toBe(p.refundedAmount);
    // And the rest, also in a crowd: exactly what is left, once.
    const rest = 1_300_000n - p.refundedAmount;
    const tail = await Promise.all(
      Array.from({ length: 5 }, () => createRefund(db, w.m.actor, { paymentId: payment.id, amount: rest, reason: 'rest' }, { returnsFee: true })),
    );
    expect(tail.filter((r) => r.ok)).toHaveLength(1);
    for (const id of [w.m.platform.id, w.a.platformId, w.b.platformId]) expect(await platformBalances(db, id)).toEqual({ pending: 0n, withdrawable: 0n });
  });

  it('many small refunds at once, pro-rata fee: every Rial accounted, the parts sum to the refunds', async () => {
    const w = await world({ feePayer: 'pro_rata' });
    const inv = await makeInvoice(
      db,
      w.m,
      invoiceBody(newBill(), 333_333n, [
        { beneficiaryId: w.a.beneficiary.id, share: 333_333n },
        { beneficiaryId: w.b.beneficiary.id, share: 333_334n },
      ]),
    );
    const { payment } = await payInvoice(db, inv.id);
    const rs = await Promise.all(
      Array.from({ length: 15 }, (_, i) =>
        createRefund(db, w.m.actor, { paymentId: payment.id, amount: BigInt(7 + i * 1_001), reason: 'r' }, { returnsFee: i % 2 === 0 }),
      ),
    );
    expect(rs.every((r) => r.ok)).toBe(true);
    const total = rs.reduce((a, r) => a + (r.ok ? r.data.refund.amount : 0n), 0n);
    const parts = await db.select().from(splitParts).where(eq(splitParts.invoiceId, inv.id));
    expect(parts.reduce((a, x) => a + x.refunded, 0n)).toBe(total);
    for (const part of parts) expect(part.feeReturned <= part.fee).toBe(true);
  });

  it('a refund after a seller has withdrawn its settled share is refused as a whole: no party gives anything, nothing is half-written', async () => {
    const w = await world();
    const { inv, payment } = await paid1300(w);
    expect((await closeSplitInvoice(db, w.m.actor, inv.id)).ok).toBe(true);
    await settleNow();
    // Seller A takes its 300 000 out (as a withdrawal would).
    await transfer(db, {
      kind: 'payout_requested',
      reference: `hostile-${inv.id}`,
      from: { kind: 'platform_withdrawable', platformId: w.a.platformId },
      to: { kind: 'payout_clearing' },
      amount: 300_000n,
    });
    const before = await db.select().from(splitParts).where(eq(splitParts.invoiceId, inv.id));
    const r = await createRefund(db, w.m.actor, { paymentId: payment.id, amount: 1_300_000n, reason: 'all back' }, { returnsFee: true });
    expect(r).toMatchObject({ ok: false, fieldErrors: { amount: 'refundInsufficientBalance' } });
    expect(await db.select().from(splitParts).where(eq(splitParts.invoiceId, inv.id))).toEqual(before);
    expect((await invoiceRow(inv.id)).refundedAmount).toBe(0n);
    expect(await db.select().from(refunds).where(eq(refunds.paymentId, payment.id))).toEqual([]);
    expect(await platformBalances(db, w.m.platform.id)).toEqual({ pending: 0n, withdrawable: 787_000n });
    expect(await platformBalances(db, w.b.platformId)).toEqual({ pending: 0n, withdrawable: 200_000n });
    // The withdrawal left A's balances: the parties' check below counts it as A's money gone out, not missing.
    parties.delete(w.a.platformId);
    expect(await platformBalances(db, w.a.platformId)).toEqual({ pending: 0n, withdrawable: 0n });
  });

  it('a close racing refunds: all go through; the next run then moves exactly what each party has left', async () => {
    const w = await world();
    const { inv, payment } = await paid1300(w);
    const [closed, r1, r2] = await Promise.all([
      closeSplitInvoice(db, w.m.actor, inv.id),
      createRefund(db, w.m.actor, { paymentId: payment.id, amount: 130_000n, reason: 'a' }, { returnsFee: true }),
      createRefund(db, w.m.actor, { paymentId: payment.id, amount: 260_000n, reason: 'b' }, { returnsFee: true }),
    ]);
    expect([closed.ok, r1.ok, r2.ok]).toEqual([true, true, true]);
    await settleNow();
    expect(await platformBalances(db, w.a.platformId)).toEqual({ pending: 0n, withdrawable: 300_000n - 90_000n });
    expect(await platformBalances(db, w.b.platformId)).toEqual({ pending: 0n, withdrawable: 200_000n - 60_000n });
  });

  it('twenty closes and a cancel at once on a paid invoice: one close, no cancel', async () => {
    const w = await world();
    const { inv } = await paid1300(w);
    const rs = await Promise.all([...Array.from({ length: 20 }, () => closeSplitInvoice(db, w.m.actor, inv.id)), cancelSplitInvoice(db, w.m.actor, inv.id)]);
    expect(rs.filter((r) => r.ok)).toHaveLength(1);
    expect(rs.at(-1)).toMatchObject({ ok: false, error: 'notCancelable' });
    expect((await invoiceRow(inv.id)).state).toBe('closed');
  });

  it('twenty buyers pressing pay at once: one payment, one bank session, one posting', async () => {
    const w = await world();
    const inv = await makeInvoice(db, w.m, body1300(w));
    const answers = await Promise.all(Array.from({ length: 20 }, () => pressPay(inv.id)));
    expect(answers.every((r) => r.status === 303)).toBe(true);
    const locations = new Set(answers.map((r) => r.headers.get('location')));
    expect(locations.size).toBe(1);
    const made = await db
      .select()
      .from(payments)
      .where(and(eq(payments.platformId, w.m.platform.id), eq(payments.source, 'split')));
    expect(made).toHaveLength(1);
    expect(made[0].state).toBe('redirected');
    expect((await invoiceRow(inv.id)).paymentId).toBe(made[0].id);
    const paid = await sandboxPay(db, { token: made[0].gatewayToken!, card: SANDBOX_CARD.success });
    if (!paid.ok) throw new Error(paid.error);
    const params = Object.fromEntries(new URL(paid.data.callbackUrl).searchParams);
    await Promise.all(Array.from({ length: 10 }, () => handleCallback(db, 'sandbox', params)));
    expect(
      await db
        .select()
        .from(ledgerPostings)
        .where(and(eq(ledgerPostings.reference, made[0].id), eq(ledgerPostings.kind, 'payment_succeeded'))),
    ).toHaveLength(1);
    expect((await invoiceRow(inv.id)).state).toBe('paid');
    // Pressing pay again after it is paid starts nothing.
    const again = await pressPay(inv.id);
    expect(again.headers.get('location')).toBe(`${BASE}/pay/invoice/${inv.id}`);
    expect(
      await db
        .select()
        .from(payments)
        .where(and(eq(payments.platformId, w.m.platform.id), eq(payments.source, 'split'))),
    ).toHaveLength(1);
  });

  it('a failed payment, then a new one: the invoice is paid once; the failed one’s callback replayed changes nothing', async () => {
    const w = await world();
    const inv = await makeInvoice(db, w.m, body1300(w));
    const first = await paymentForSplitInvoice(db, inv.id);
    if (!first.ok) throw new Error(first.error);
    await startPayment(db, first.data.paymentId, 'sandbox', BASE);
    const [p1] = await db.select().from(payments).where(eq(payments.id, first.data.paymentId));
    const declined = await sandboxPay(db, { token: p1.gatewayToken!, card: SANDBOX_CARD.insufficient });
    if (!declined.ok) throw new Error(declined.error);
    const declinedParams = Object.fromEntries(new URL(declined.data.callbackUrl).searchParams);
    await handleCallback(db, 'sandbox', declinedParams);
    const { payment } = await payInvoice(db, inv.id);
    expect(payment.id).not.toBe(first.data.paymentId);
    await handleCallback(db, 'sandbox', declinedParams);
    expect(await platformBalances(db, w.a.platformId)).toEqual({ pending: 300_000n, withdrawable: 0n });
    expect((await invoiceRow(inv.id)).paymentId).toBe(payment.id);
  });

  it('the buyer cannot start paying an expired, canceled, paid or unverified invoice; the page is told why', async () => {
    const w = await world();
    const expired = await makeInvoice(db, w.m, body1300(w));
    await db
      .update(splitInvoices)
      .set({ expiresAt: new Date(Date.now() - 1000) })
      .where(eq(splitInvoices.id, expired.id));
    expect(await paymentForSplitInvoice(db, expired.id)).toMatchObject({ ok: false, error: 'notPayable' });
    expect((await pressPay(expired.id)).headers.get('location')).toBe(`${BASE}/pay/invoice/${expired.id}?refused=notPayable`);
    expect((await payerSplitInvoice(db, expired.id))!.state).toBe('expired');
    const canceled = await makeInvoice(db, w.m, body1300(w));
    expect((await cancelSplitInvoice(db, w.m.actor, canceled.id)).ok).toBe(true);
    expect((await pressPay(canceled.id)).headers.get('location')).toBe(`${BASE}/pay/invoice/${canceled.id}?refused=notPayable`);
    const unverified = await makeInvoice(db, w.m, body1300(w, { verificationNeeded: true }));
    expect((await pressPay(unverified.id)).headers.get('location')).toBe(`${BASE}/pay/invoice/${unverified.id}?refused=awaitingVerification`);
    const made = await db
      .select()
      .from(payments)
      .where(and(eq(payments.platformId, w.m.platform.id), eq(payments.source, 'split')));
    expect(made).toEqual([]);
    // A payment the buyer began before the expiry and finished after it: paid once, shared as made.
    const late = await makeInvoice(db, w.m, body1300(w));
    const started = await paymentForSplitInvoice(db, late.id);
    if (!started.ok) throw new Error(started.error);
    await startPayment(db, started.data.paymentId, 'sandbox', BASE);
    await db
      .update(splitInvoices)
      .set({ expiresAt: new Date(Date.now() - 1000) })
      .where(eq(splitInvoices.id, late.id));
    const [p] = await db.select().from(payments).where(eq(payments.id, started.data.paymentId));
    const r = await sandboxPay(db, { token: p.gatewayToken!, card: SANDBOX_CARD.success });
    if (!r.ok) throw new Error(r.error);
    await handleCallback(db, 'sandbox', Object.fromEntries(new URL(r.data.callbackUrl).searchParams));
    expect((await invoiceRow(late.id)).state).toBe('paid');
    expect(await platformBalances(db, w.a.platformId)).toEqual({ pending: 300_000n, withdrawable: 0n });
  });

  it('a cancel while the buyer is at the bank is refused, and the payment that then succeeds pays the invoice', async () => {
    const w = await world();
    const inv = await makeInvoice(db, w.m, body1300(w));
    const pay = await paymentForSplitInvoice(db, inv.id);
    if (!pay.ok) throw new Error(pay.error);
    await startPayment(db, pay.data.paymentId, 'sandbox', BASE);
    const [p] = await db.select().from(payments).where(eq(payments.id, pay.data.paymentId));
    const r = await sandboxPay(db, { token: p.gatewayToken!, card: SANDBOX_CARD.success });
    if (!r.ok) throw new Error(r.error);
    const params = Object.fromEntries(new URL(r.data.callbackUrl).searchParams);
    const [canceled, after] = await Promise.all([cancelSplitInvoice(db, w.m.actor, inv.id), handleCallback(db, 'sandbox', params)]);
    expect(canceled).toMatchObject({ ok: false, error: 'notCancelable' });
    expect(after?.state).toBe('succeeded');
    expect((await invoiceRow(inv.id)).state).toBe('paid');
  });
});

// ———————————————————————————————————————————————————————————————————————————————— the payer

describe('the payer', () => {
  it('payerSplitInvoice carries the customer items and total only: no share, no sub-invoice item, no beneficiary, no fee', async () => {
    const w = await world();
    const inv = await makeInvoice(
      db,
      w.m,
      invoiceBody(
        newBill(),
        811_111n,
        [
          { beneficiaryId: w.a.beneficiary.id, share: 322_222n },
          { beneficiaryId: w.b.beneficiary.id, share: 233_333n },
        ],
        {
          mainInvoice: { items: [line(811_111n, 'SECRET-commission')], description: 'SECRET-main' },
          subInvoices: [
            { beneficiaryId: w.a.beneficiary.id, items: [line(322_222n, 'SECRET-seller-a')], addressRef: 'SECRET-addr' },
            { beneficiaryId: w.b.beneficiary.id, items: [line(233_333n, 'SECRET-seller-b')], description: 'SECRET-b' },
          ],
          customerInvoiceItems: [line(1_366_666n, 'Blue shirt')],
        },
      ),
    );
    const view = await payerSplitInvoice(db, inv.id);
    expect(Object.keys(view!).sort()).toEqual(
      [
        'billNumber',
        'description',
        'expiresAt',
        'id',
        'items',
        'livemode',
        'marketplaceName',
        'payerName',
        'paymentId',
        'paymentState',
        'state',
        'total',
      ].sort(),
    );
    const json = JSON.stringify(view, (_k, x) => (typeof x === 'bigint' ? x.toString() : x));
    for (const secret of ['SECRET', '811111', '322222', '233333', w.a.beneficiary.id, w.b.beneficiary.id, 'Seller A', 'Seller B', '13666']) {
      if (secret === '13666') continue; // the fee (1% = 13 666) would show as a substring of the total: checked by keys above
      expect(json).not.toContain(secret);
    }
    expect(view!.items.map((i) => i.description)).toEqual(['Blue shirt']);
    expect(view!.total).toBe(1_366_666n);
    expect(await payerSplitInvoice(db, 'not-a-uuid')).toBeNull();
    expect(await payerSplitInvoice(db, '00000000-0000-4000-8000-000000000000')).toBeNull();
  });

  it('the buyer’s page (its HTML) shows the customer items and total, never a share, a sub-invoice item or a beneficiary', async () => {
    const w = await world();
    const inv = await makeInvoice(
      db,
      w.m,
      invoiceBody(newBill(), 811_111n, [{ beneficiaryId: w.a.beneficiary.id, share: 555_555n }], {
        mainInvoice: { items: [line(811_111n, 'SECRET-commission')], description: 'SECRET-main' },
        subInvoices: [{ beneficiaryId: w.a.beneficiary.id, items: [line(555_555n, 'SECRET-seller-a')], addressRef: 'SECRET-addr', description: 'SECRET-a' }],
        customerInvoiceItems: [line(1_000_000n, 'Blue shirt'), line(366_666n, 'Red <b>hat</b>')],
        description: 'Order <script>alert(1)</script>',
      }),
    );
    const render = async (id: string, refused?: string) =>
      renderToStaticMarkup(await SplitInvoicePage({ params: Promise.resolve({ id }), searchParams: Promise.resolve(refused ? { refused } : {}) }));
    const html = await render(inv.id);
    expect(html).toContain('Blue shirt');
    expect(html).toContain('Red &lt;b&gt;hat&lt;/b&gt;');
    expect(html).not.toContain('<script>alert(1)</script>');
    expect(html).toContain('data-rials="1366666"');
    expect(html).toContain(`action="/pay/invoice/${inv.id}/pay"`);
    for (const secret of [
      'SECRET',
      '811111',
      '811,111',
      '81,111',
      '555555',
      '555,555',
      '55,555',
      'Seller A',
      w.a.beneficiary.id,
      w.a.platformId,
      w.m.merchant.id,
    ]) {
      expect(html, secret).not.toContain(secret);
    }
    // Paid: no pay button, a receipt link, still nothing of the split.
    await payInvoice(db, inv.id);
    const paid = await render(inv.id);
    expect(paid).toContain('data-testid="split-paid"');
    expect(paid).not.toContain('split-pay"');
    expect(paid).not.toContain('SECRET');
    // A refusal reason from the query string is one of two fixed messages, never echoed.
    const odd = await render(inv.id, '<img src=x onerror=alert(1)>');
    expect(odd).not.toContain('onerror');
    expect(await render('not-a-uuid')).toContain('split-invoice-not-found');
  });

  it('the pay POST refuses a foreign Origin, a null Origin and a cross-site fetch, and starts nothing', async () => {
    const w = await world();
    const inv = await makeInvoice(db, w.m, body1300(w));
    for (const headers of [
      { origin: 'https://evil.example' },
      { origin: 'null' },
      { origin: 'http://dargah.test.evil.example' },
      { origin: 'https://dargah.test' },
      { 'sec-fetch-site': 'cross-site' },
      { 'sec-fetch-site': 'same-site' },
      { origin: 'https://evil.example', 'sec-fetch-site': 'same-origin' },
    ] as Record<string, string>[]) {
      const r = await pressPay(inv.id, headers);
      expect(r.status, JSON.stringify(headers)).toBe(403);
    }
    expect((await invoiceRow(inv.id)).paymentId).toBeNull();
    const bad = await payRoute(new Request(`${BASE}/pay/invoice/x/pay`, { method: 'POST', headers: { origin: BASE } }), {
      params: Promise.resolve({ id: 'x' }),
    });
    expect(bad.status).toBe(303);
    expect(bad.headers.get('location')).toMatch(/^http:\/\/dargah\.test\//);
    // The portal's own page works.
    const ok = await pressPay(inv.id);
    expect(ok.status).toBe(303);
    expect((await invoiceRow(inv.id)).paymentId).not.toBeNull();
  });
});

// ———————————————————————————————————————————————————————————————————————————————— FOUND

// The review's findings, each a regression test now that it is fixed (lib/split/ledger.ts locks the
// parts it reads; lib/split/index.ts cancels a created payment with its invoice, refuses receiving
// platforms as marketplaces, aborts on a bad quantity, bounds the list filters, retries a racing
// sub-business as an invitation; lib/split/schemas.ts caps an invoice at 300 lines).
describe('found by the review, fixed', () => {
  it('a refund racing the settlement run waits for it and takes the share from withdrawable, where the run moved it', async () => {
    // takeSplitRefund locks the invoice row and reads the parts; settleSplitShares never locks the
    // invoice, so it moves a part's share − fee − pendingDebited to withdrawable while the refund
    // still believes the part unsettled. The refund then takes its part from pending as well.
    const w = await world();
    const { inv, payment } = await paid1300(w);
    expect((await closeSplitInvoice(db, w.m.actor, inv.id)).ok).toBe(true);
    const pendingA = await accountFor(db, 'platform_pending', w.a.platformId);
    await accountFor(db, 'platform_withdrawable', w.a.platformId);
    const conn = await raw.reserve();
    let settled: Promise<unknown>;
    let refunded: Promise<Awaited<ReturnType<typeof createRefund>> | Error>;
    try {
      await conn`begin`;
      const [{ pid }] = await conn<{ pid: number }[]>`select pg_backend_pid() as pid`;
      // Another posting on seller A's pending: the run's split part marks A's part, then waits here.
      await conn`select id from ledger_accounts where id = ${pendingA} for update`;
      settled = settleNow(w.a.platformId);
      await waitBlockedOn(pid, 1);
      // The buyer's refund comes now: it reads A's part (not settled yet, as far as it can see).
      refunded = createRefund(db, w.m.actor, { paymentId: payment.id, amount: 130_000n, reason: 'race' }, { returnsFee: true }).catch((e: Error) => e);
      await waitPartUpdateBlocked();
      await conn`commit`;
    } finally {
      conn.release();
    }
    await settled!;
    const r = await refunded!;
    // Seller A gives back 30 000 of its 300 000 (taken from withdrawable, the run having moved its share there).
    expect(r).toMatchObject({ ok: true });
    expect(await platformBalances(db, w.a.platformId)).toEqual({ pending: 0n, withdrawable: 270_000n });
  });

  it('a refund withdrawn while the settlement run moves its part gives the Rials back to withdrawable, nothing stranded in pending', async () => {
    const w = await world();
    const { inv, payment } = await paid1300(w);
    // A payout refund (no gateway session) waits for the payer's account: the marketplace can withdraw it.
    await db.update(payments).set({ gatewayToken: null }).where(eq(payments.id, payment.id));
    const made = await createRefund(db, w.m.actor, { paymentId: payment.id, amount: 130_000n, reason: 'r' }, { returnsFee: true });
    if (!made.ok) throw new Error(JSON.stringify(made));
    expect((await closeSplitInvoice(db, w.m.actor, inv.id)).ok).toBe(true);
    const pendingA = await accountFor(db, 'platform_pending', w.a.platformId);
    await accountFor(db, 'platform_withdrawable', w.a.platformId);
    const conn = await raw.reserve();
    let settled: Promise<unknown>;
    let withdrawn: Promise<unknown>;
    try {
      await conn`begin`;
      const [{ pid }] = await conn<{ pid: number }[]>`select pg_backend_pid() as pid`;
      await conn`select id from ledger_accounts where id = ${pendingA} for update`;
      settled = settleNow(w.a.platformId);
      await waitBlockedOn(pid, 1);
      withdrawn = cancelRefund(db, w.m.actor, { refundId: made.data.refund.id });
      await waitPartUpdateBlocked();
      await conn`commit`;
    } finally {
      conn.release();
    }
    await settled!;
    expect(await withdrawn!).toMatchObject({ ok: true });
    // The refund is undone and the share settled: all of A's 300 000 is withdrawable, nothing is left pending.
    expect(await platformBalances(db, w.a.platformId)).toEqual({ pending: 0n, withdrawable: 300_000n });
  });

  it('a cancel after the buyer pressed pay (payment made, bank not reached yet) cancels that payment too; or the invoice ends paid — never a payment the invoice refuses', async () => {
    // cancelSplitInvoice refuses only when the payment is redirected/unknown/succeeded: a payment
    // still `created` (the pay route between paymentForSplitInvoice and startPayment) is left as it
    // is, so the bank session starts afterwards, the buyer pays, and onSplitPaymentSucceeded throws
    // ("was not open when its payment succeeded"): the callback fails, the janitor retries for ever,
    // and the buyer's money is taken at the bank with nothing recorded.
    const w = await world();
    const inv = await makeInvoice(db, w.m, body1300(w));
    const pay = await paymentForSplitInvoice(db, inv.id);
    if (!pay.ok) throw new Error(pay.error);
    try {
      const canceled = await cancelSplitInvoice(db, w.m.actor, inv.id);
      const started = await startPayment(db, pay.data.paymentId, 'sandbox', BASE);
      if (started.ok) {
        const [p] = await db.select().from(payments).where(eq(payments.id, pay.data.paymentId));
        const r = await sandboxPay(db, { token: p.gatewayToken!, card: SANDBOX_CARD.success });
        if (!r.ok) throw new Error(r.error);
        const params = Object.fromEntries(new URL(r.data.callbackUrl).searchParams);
        await expect(handleCallback(db, 'sandbox', params)).resolves.not.toBeNull();
      }
      const [p] = await db.select().from(payments).where(eq(payments.id, pay.data.paymentId));
      const invoice = await invoiceRow(inv.id);
      // Either the cancel lost (the invoice is paid by the payment) or it won (no payment can succeed any more).
      if (canceled.ok)
        expect({ invoice: invoice.state, payment: p.state === 'succeeded' || ['created', 'redirected', 'unknown'].includes(p.state) }).toEqual({
          invoice: 'canceled',
          payment: false,
        });
      else expect({ invoice: invoice.state, payment: p.state }).toEqual({ invoice: 'paid', payment: 'succeeded' });
    } finally {
      // Leave no payment stuck at the bank for other files' janitor runs to trip on.
      await db
        .update(payments)
        .set({ state: 'canceled', verifyingUntil: null })
        .where(and(eq(payments.id, pay.data.paymentId), inArray(payments.state, ['created', 'redirected', 'unknown'])));
    }
  });

  it('a beneficiary’s receiving platform is not a marketplace: it adds no beneficiaries and makes no invoices', async () => {
    // marketplaceOf accepts any platform of the split service the actor owns; the receiving
    // platform made for a beneficiary is one (approved, split service made active without a
    // request). listMarketplaces leaves them out; marketplaceOf, which every write goes through, does not.
    const w = await world();
    const asMarketplace = await marketplaceOf(db, w.a.actor, w.a.platformId);
    const sellerAdds = await addBeneficiary(db, w.a.actor, subBusiness(w.a.platformId));
    // A sub-business the marketplace registered (no KYC of its own, never asked for the service) too.
    const sub = await addBeneficiary(db, w.m.actor, subBusiness(w.m.platform.id));
    if (!sub.ok) throw new Error('sub');
    const subActor = merchantActorOf({ id: sub.data.userId! });
    const [kyc] = await db.select().from(kycProfiles).where(eq(kycProfiles.userId, sub.data.userId!));
    const key = await issueLiveKey(db, subActor, { platformId: sub.data.platformId! });
    const subAdds = await addBeneficiary(db, subActor, subBusiness(sub.data.platformId!));
    let invoiceStatus: number | null = null;
    if (key.ok && subAdds.ok) {
      const made = await call(
        postRoute,
        send('POST', '/split-invoices', key.data.key, invoiceBody(newBill(), 1_000n, [{ beneficiaryId: subAdds.data.id, share: 1_000n }]), idem()),
      );
      invoiceStatus = made.status;
      if (made.status === 201) {
        // …and its buyer pays it live, into the sub-business's own pending balance.
        await payInvoice(db, String(made.body.id));
        parties.add(sub.data.platformId!);
        if (subAdds.data.platformId) parties.add(subAdds.data.platformId);
      }
    }
    expect({
      sellerReceivingPlatformIsAMarketplace: asMarketplace !== null,
      sellerAddsBeneficiaryToIt: sellerAdds.ok,
      subBusinessKycApproved: kyc?.status === 'approved',
      subBusinessAddsBeneficiaryToIt: subAdds.ok,
      subBusinessLiveSplitInvoiceStatus: invoiceStatus,
    }).toEqual({
      sellerReceivingPlatformIsAMarketplace: false,
      sellerAddsBeneficiaryToIt: false,
      subBusinessKycApproved: false,
      subBusinessAddsBeneficiaryToIt: false,
      subBusinessLiveSplitInvoiceStatus: null,
    });
  });

  it('a fractional, NaN, Infinity or text quantity is a field error, never a 500', async () => {
    // splitItemSchema's quantity refine does not abort, so the item's superRefine (and the
    // invoice's sum rule, via lineTotal) run BigInt(quantity) on 1.5, NaN or Infinity: RangeError.
    const w = await world();
    const statuses: Record<string, number> = {};
    for (const v of [1.5, '1.5', '۱٫۵', 'NaN', 'Infinity', '1e400', 'x', '1\u00001']) {
      const body = invoiceBody(newBill(), 800n, [{ beneficiaryId: w.a.beneficiary.id, share: 500n }]);
      (body.subInvoices[0].items[0] as Record<string, unknown>).quantity = v;
      const r = await call(postRoute, send('POST', '/split-invoices', w.live, body, idem()));
      statuses[String(v)] = r.status;
    }
    expect(statuses).toEqual({ '1.5': 400, '۱٫۵': 400, NaN: 400, Infinity: 400, '1e400': 400, x: 400, '1\u00001': 400 });
    // The schema alone throws instead of answering.
    expect(() =>
      createSplitInvoiceSchema.safeParse(
        invoiceBody('B-1', 1n, [{ beneficiaryId: w.a.beneficiary.id, share: 1n }], {
          customerInvoiceItems: [{ description: 'x', quantity: 0.5, unitPrice: 2 }],
        }),
      ),
    ).not.toThrow();
  });

  it('the invoice list ignores a cursor past bigint and the year 0000 instead of a 500 (the portal’s list reads the same filters)', async () => {
    // splitInvoiceFiltersSchema lets `before` be any 19 digits (up to 9 999 999 999 999 999 999,
    // past int8's 9 223 372 036 854 775 807) and `from`/`to` any ISO date, 0000-01-01 included,
    // whose Tehran day start is a negative year PostgreSQL cannot read.
    const w = await world();
    const statuses: Record<string, number> = {};
    for (const q of ['before=9999999999999999999', 'from=0000-01-01', 'to=0000-01-01']) {
      statuses[q] = (await call(listRoute, send('GET', `/split-invoices?${q}`, w.live))).status;
    }
    expect(statuses).toEqual({ 'before=9999999999999999999': 200, 'from=0000-01-01': 200, 'to=0000-01-01': 200 });
  });

  it('one new mobile registered as a sub-business by two marketplaces at once: one account, the other an invitation, no error', async () => {
    // addBeneficiary checks users.mobile, then inserts the user; two transactions both see no user,
    // the second insert violates users_mobile_key, which the catch (split_beneficiaries_mobile_key only) rethrows.
    const w1 = await world();
    const w2 = await world();
    const mobile = uniqueMobile();
    const outcomes = await Promise.all(
      [w1, w2, w1].map((w) =>
        addBeneficiary(db, w.m.actor, { ...subBusiness(w.m.platform.id), mobile }).then(
          (r) => (r.ok ? 'ok' : `refused:${Object.values(r.fieldErrors ?? {}).join(',') || r.error}`),
          (e: Error) => `threw:${e.message.slice(0, 80)}`,
        ),
      ),
    );
    expect(outcomes.filter((o) => o.startsWith('threw'))).toEqual([]);
  });

  it('an invoice has at most 300 lines (all parts): 20 parts × 100 items is a field error, and the largest allowed fits the API’s body', async () => {
    const w = await world();
    const sellers = [w.a, w.b];
    for (let i = 0; i < 18; i++) sellers.push(await makeBeneficiary(db, w.m, `Seller ${i}`));
    for (const s of sellers) parties.add(s.platformId);
    const items = (n: number, price: number) => Array.from({ length: n }, () => ({ description: 'x', quantity: 1, unitPrice: price }));
    const huge = {
      billNumber: newBill(),
      mainInvoice: { items: items(100, 1_000) },
      subInvoices: sellers.map((s) => ({ beneficiaryId: s.beneficiary.id, items: items(100, 100) })),
      customerInvoiceItems: items(100, 1_000 + 20 * 100),
    };
    expect(createSplitInvoiceSchema.safeParse(huge).error?.issues.map((i) => `${i.path.join('.')}:${i.message}`)).toEqual([
      'customerInvoiceItems:tooManyLines',
    ]);
    // 20 parts of 5 lines, a main part of 100 and a customer invoice of 100: 300 lines, within the cap.
    const body = {
      billNumber: newBill(),
      mainInvoice: { items: items(100, 1_000) },
      subInvoices: sellers.map((s) => ({ beneficiaryId: s.beneficiary.id, items: items(5, 20) })),
      customerInvoiceItems: items(100, 1_000 + 20),
    };
    expect(JSON.stringify(body).length).toBeLessThan(64 * 1024);
    const r = await call(postRoute, send('POST', '/split-invoices', w.live, body, idem()));
    expect(r.status).toBe(201);
    await payInvoice(db, String(r.body.id));
    expect(await platformBalances(db, sellers[19].platformId)).toEqual({ pending: 100n, withdrawable: 0n });
  });
});
