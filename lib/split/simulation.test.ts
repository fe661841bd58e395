import { and, asc, eq, inArray, isNull, lt, ne, or, sql, type SQL } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { payments, refunds, sandboxBankRefunds, splitInvoices } from '@/db/schema';
import { sandboxPay } from '@/lib/gateways/sandbox';
import { ledgerViolations, platformBalances } from '@/lib/ledger';
import { handleCallback, startPayment } from '@/lib/payments';
import { setFeeRuleAsSystem } from '@/lib/payments/fees';
import { runSettlement } from '@/lib/payments/settlement';
import { cancelRefund, createRefund, processGatewayRefund } from '@/lib/refunds';
import { testDb } from '@/test/db';
import { dayAt, pick, prng } from '@/test/simulation';
import { closeSplitInvoice, createSplitInvoice, paymentForSplitInvoice } from '.';
import { invoiceBody, makeBeneficiary, makeMarketplace, newBill } from './fixtures';
import { createSplitInvoiceSchema } from './schemas';
import { SANDBOX_CARD } from '@/lib/gateways/sandbox-cards';

/**
 * The split payments' money simulation: a seeded random schedule of concurrent operations against
 * the real database — split invoices made and paid (random shares, sometimes none for the
 * marketplace itself, duplicate bank callbacks), declined cards that leave the invoice open and
 * later payments of it, closes (sometimes twice at once), refunds of part or all (by the bank at
 * once, later, or never — then the payer's account is awaited and the marketplace withdraws it;
 * sometimes twice at once, with or without the fee given back), and settlement runs on later days
 * for every party — then the ledger's invariants, every party's balances against its split rows,
 * and the conservation of money, counted both from the ledger and from the invoices and refunds.
 *
 * Two marketplaces: one whose fee every party pays pro rata, one that pays it from its own share.
 * The schedule is fixed by the seed; the interleaving inside a round is the database's. A failure
 * prints its seed: replay it with SIM_SEED=<seed> (and SIM_ROUNDS).
 */

const SEED = Number(process.env.SIM_SEED ?? 20261201);
const ROUNDS = Number(process.env.SIM_ROUNDS ?? 60);
const PER_ROUND = 8;
const OK_CARD = SANDBOX_CARD.success;
const DECLINED_CARD = SANDBOX_CARD.insufficient;
/** Pay; their refunds are declined by the bank (→ the payer's account) or time out (→ the janitor). */
const REFUND_DECLINED_CARD = SANDBOX_CARD.refundDeclined;
const REFUND_TIMEOUT_CARD = SANDBOX_CARD.refundTimeout;
const BASE = 'http://dargah.test';

const db = testDb();

beforeAll(async () => {
  // 1% on split payments, as split.test.ts sets it (the same rule, so the two files agree whichever runs first).
  const r = await setFeeRuleAsSystem(db, { serviceId: 'split', percent: 100, fixed: 0n, min: 0n, max: null });
  if (!r.ok) throw new Error('fee');
});

type Market = Awaited<ReturnType<typeof makeMarketplace>> & { feePayer: 'pro_rata' | 'marketplace'; bens: Awaited<ReturnType<typeof makeBeneficiary>>[] };
/** `declined`: invoices whose card was declined in an earlier round (this round's are added when it ends), to pay again. */
type World = { markets: Market[]; day: number; tally: Record<string, number>; declined: string[]; declinedNow: string[] };
type Op = { name: string; run: (w: World) => Promise<unknown> };

const count = (w: World, what: string) => (w.tally[what] = (w.tally[what] ?? 0) + 1);

const partiesOf = (w: World) => w.markets.flatMap((m) => [m.platform.id, ...m.bens.map((b) => b.platformId)]);

/** The payer pays an invoice on the sandbox bank; the bank's callback arrives `dup` times at the same moment. Returns the payment's state, or why it was not paid. */
async function pay(invoiceId: string, card: string, dup: number): Promise<{ state: string; paymentId?: string }> {
  const started = await paymentForSplitInvoice(db, invoiceId);
  if (!started.ok) return { state: `refused ${started.error}` };
  const { paymentId } = started.data;
  const s = await startPayment(db, paymentId, 'sandbox', BASE);
  if (!s.ok) return { state: `start ${s.error}` };
  const [p] = await db.select({ token: payments.gatewayToken }).from(payments).where(eq(payments.id, paymentId));
  const paid = await sandboxPay(db, { token: p.token!, card });
  if (!paid.ok) return { state: `bank ${paid.error}` };
  const params = Object.fromEntries(new URL(paid.data.callbackUrl).searchParams);
  await Promise.all(Array.from({ length: dup }, () => handleCallback(db, 'sandbox', params)));
  const [after] = await db.select({ state: payments.state }).from(payments).where(eq(payments.id, paymentId));
  return { state: after.state, paymentId };
}

/** One of a marketplace's live invoices matching `where`, chosen by the schedule's number (not by the database's order). */
async function pickInvoice(m: Market, r: number, where: SQL | undefined) {
  const rows = await db
    .select()
    .from(splitInvoices)
    .where(and(eq(splitInvoices.marketplaceId, m.platform.id), eq(splitInvoices.livemode, true), where))
    .orderBy(asc(splitInvoices.seq));
  return pick(rows, r);
}

/** The schedule's operations, each drawn with its weight; every draw takes its numbers from the seeded generator up front. */
function draw(rand: () => number): Op {
  const k = Math.floor(rand() * 2);
  const r = rand();
  const r2 = rand();
  const kind = rand();
  const dup = 1 + Math.floor(rand() * 3);
  const quarters = 1 + Math.floor(rand() * 5);
  const subCount = 1 + Math.floor(rand() * 3);
  // Odd amounts, so the fee's and the refunds' largest remainders have remainders to share.
  const amounts = Array.from({ length: 4 }, () => BigInt(5_000 + Math.floor(rand() * 400) * 4_999));
  const cut = [0.3, 0.37, 0.42, 0.57, 0.79, 0.86, 0.95, 1];
  const at = cut.findIndex((c) => kind < c);
  switch (at) {
    case 0:
    case 1: {
      const declined = at === 1;
      const card = declined ? DECLINED_CARD : r < 0.7 ? OK_CARD : r < 0.85 ? REFUND_DECLINED_CARD : REFUND_TIMEOUT_CARD;
      // The marketplace keeps nothing itself now and then (allowed when every party pays its fee; refused when it pays the fee).
      const main = r2 < 0.15 ? 0n : amounts[0];
      const subs = amounts.slice(1, 1 + subCount);
      // Some payments lose their gateway session (as split.test.ts makes one): their refunds wait for the
      // payer's account. Only cards whose refunds the bank answers at once: a refund it made but left
      // unanswered would be asked about without the session, and the sandbox bank would call it declined.
      const sessionLost = !declined && card === OK_CARD && r2 >= 0.15 && r2 < 0.4;
      return {
        name: `${declined ? 'declined' : 'pay'} ${k} ${main}+${subs.join('+')} ${card.slice(-2)} ×${dup}${sessionLost ? ' no session' : ''}`,
        run: async (w) => {
          const m = w.markets[k];
          const n = Math.min(subs.length, m.bens.length);
          const body = invoiceBody(
            newBill(),
            main,
            subs.slice(0, n).map((share, i) => ({ beneficiaryId: m.bens[i].beneficiary.id, share })),
          );
          const made = await createSplitInvoice(db, m.actor, m.platform.id, createSplitInvoiceSchema.parse(body));
          if (!made.ok) {
            if (m.feePayer === 'marketplace' && made.fieldErrors?.mainInvoice === 'mainShareBelowFee') return count(w, 'create refused mainShareBelowFee');
            throw new Error(`create: ${JSON.stringify(made)}`);
          }
          const { state, paymentId } = await pay(made.data.id, card, dup);
          count(w, `pay ${state}`);
          if (sessionLost && paymentId) await db.update(payments).set({ gatewayToken: null }).where(eq(payments.id, paymentId));
          if (declined) w.declinedNow.push(made.data.id);
          const [inv] = await db.select({ state: splitInvoices.state }).from(splitInvoices).where(eq(splitInvoices.id, made.data.id));
          // A declined card leaves the invoice open (payable again); a paid one is paid, whatever else runs.
          expect([state, inv.state]).toEqual(declined ? ['failed', 'open'] : ['succeeded', expect.stringMatching(/^(paid|closed)$/)]);
        },
      };
    }
    case 2:
      return {
        name: `repay ${k} ×${dup}`,
        run: async (w) => {
          // An open invoice whose card was declined: the payer tries again (maybe in two tabs at once).
          if (!w.declined.length) return;
          const inv = await pickInvoice(w.markets[k], r, and(eq(splitInvoices.state, 'open'), inArray(splitInvoices.id, w.declined)));
          if (!inv) return;
          const tries = await Promise.all(Array.from({ length: r2 < 0.3 ? 2 : 1 }, () => pay(inv.id, OK_CARD, dup)));
          for (const t of tries) count(w, `repay ${t.state}`);
        },
      };
    case 3:
      return {
        name: `close ${k} ×${r2 < 0.3 ? 2 : 1}${r2 > 0.9 ? ' closed' : ''}`,
        run: async (w) => {
          const m = w.markets[k];
          const inv = await pickInvoice(m, r, eq(splitInvoices.state, r2 > 0.9 ? 'closed' : 'paid'));
          if (!inv) return;
          const closes = await Promise.all(Array.from({ length: r2 < 0.3 ? 2 : 1 }, () => closeSplitInvoice(db, m.actor, inv.id)));
          // At most one close wins (another operation of the round may have won it); the others hear 45.
          expect(closes.filter((c) => c.ok).length).toBeLessThanOrEqual(1);
          for (const c of closes) {
            if (!c.ok) expect(c.error).toBe('alreadyClosed');
            count(w, c.ok ? 'close ok' : `close ${c.error}`);
          }
        },
      };
    case 4: {
      const returnsFee = r2 < 0.5;
      const times = r2 < 0.15 || r2 > 0.85 ? 2 : 1;
      return {
        name: `refund ${k} ${quarters}/4 fee ${returnsFee ? 'back' : 'kept'} ×${times}`,
        run: async (w) => {
          const m = w.markets[k];
          const inv = await pickInvoice(
            m,
            r,
            and(inArray(splitInvoices.state, ['paid', 'closed']), sql`${splitInvoices.refundedAmount} < ${splitInvoices.total}`),
          );
          if (!inv) return;
          // A quarter to five quarters of the invoice, or (one time in five) exactly what is left.
          const amount = quarters === 5 && r < 0.2 ? inv.total - inv.refundedAmount : (inv.total * BigInt(quarters)) / 4n;
          const made = await Promise.all(
            Array.from({ length: times }, () => createRefund(db, m.actor, { paymentId: inv.paymentId!, amount, reason: 'simulated' }, { returnsFee })),
          );
          for (const x of made) {
            if (x.ok) count(w, `refund ${x.data.refund.state}`);
            else if (x.fieldErrors?.amount === 'refundAboveRemaining' || x.fieldErrors?.amount === 'refundInsufficientBalance')
              count(w, `refund ${x.fieldErrors.amount}`);
            else throw new Error(`refund: ${JSON.stringify(x)}`);
          }
        },
      };
    }
    case 5:
      return {
        name: `withdraw refund ${k} ×${dup > 2 ? 2 : 1}`,
        run: async (w) => {
          const m = w.markets[k];
          const rows = await db
            .select({ id: refunds.id })
            .from(refunds)
            .where(and(eq(refunds.platformId, m.platform.id), eq(refunds.state, 'awaiting_account')))
            .orderBy(asc(refunds.id));
          const id = pick(rows, r)?.id;
          if (!id) return;
          // The marketplace withdraws it (twice at once: a double click); every party gets back what it gave.
          const done = await Promise.all(Array.from({ length: dup > 2 ? 2 : 1 }, () => cancelRefund(db, m.actor, { refundId: id })));
          for (const d of done) {
            if (!d.ok) expect(d.error).toBe('notAwaitingAccount');
            count(w, d.ok ? 'withdraw ok' : `withdraw ${d.error}`);
          }
        },
      };
    case 6:
      return {
        name: 'settle day+1',
        run: async (w) => {
          w.day++;
          // Every party at once, as the other operations of the round go on.
          await Promise.all(partiesOf(w).map((platformId) => runSettlement(db, dayAt(w.day), { platformId })));
        },
      };
    default:
      return {
        name: `janitor ×${dup}`,
        run: async (w) => {
          const later = new Date(Date.now() + 10 * 60_000);
          await Promise.all(Array.from({ length: dup }, () => refundJanitor(w, later)));
        },
      };
  }
}

/** runRefundJanitor's sweep over the simulation's own refunds (the real one would take other test files' refunds too). */
async function refundJanitor(w: World, now: Date) {
  const due = await db
    .select({ id: refunds.id, asked: refunds.nextInquiryAt })
    .from(refunds)
    .where(
      and(
        inArray(
          refunds.platformId,
          w.markets.map((m) => m.platform.id),
        ),
        eq(refunds.state, 'processing'),
        eq(refunds.method, 'gateway'),
        or(isNull(refunds.nextInquiryAt), lt(refunds.nextInquiryAt, now)),
      ),
    );
  for (const { id, asked } of due) await processGatewayRefund(db, id, asked ? 'inquire' : 'refund', now);
}

const inList = (ids: string[]) =>
  sql.join(
    ids.map((i) => sql`${i}::uuid`),
    sql`, `,
  );

/** Sums per ledger account kind over the postings of these platforms' accounts and of their refunds. */
async function ledgerSums(parties: string[], markets: string[]): Promise<Record<string, bigint>> {
  const rows = await db.execute<{ kind: string; sum: string }>(sql`
    with acc as (select id from ledger_accounts where platform_id in (${inList(parties)})),
         mine as (
           select distinct posting_id as id from ledger_lines where account_id in (select id from acc)
           union
           select lp.id from ledger_postings lp join refunds r on lp.reference = r.id::text where r.platform_id in (${inList(markets)})
         )
    select a.kind::text as kind, sum(l.amount)::text as sum
    from ledger_lines l join ledger_accounts a on a.id = l.account_id
    where l.posting_id in (select id from mine)
    group by a.kind`);
  return Object.fromEntries([...rows].map((r) => [r.kind, BigInt(r.sum)]));
}

async function rowsOf<T>(q: SQL): Promise<T[]> {
  return [...(await db.execute(q))] as T[];
}

describe('the split payments’ money simulation', () => {
  it(`seed ${SEED}: ${ROUNDS} rounds of ${PER_ROUND} concurrent operations keep every party's balances equal to its shares and conserve money`, async () => {
    const rand = prng(SEED);
    const world: World = { markets: [], day: 0, tally: {}, declined: [], declinedNow: [] };
    for (const [feePayer, sellers] of [
      ['pro_rata', 3],
      ['marketplace', 2],
    ] as const) {
      const m = await makeMarketplace(db, { feePayer });
      const bens = [];
      for (let i = 0; i < sellers; i++) bens.push(await makeBeneficiary(db, m, `Seller ${i}`));
      world.markets.push({ ...m, feePayer, bens });
    }
    const parties = partiesOf(world);
    const markets = world.markets.map((m) => m.platform.id);

    const log: string[] = [];
    const ops: Record<string, number> = {};
    const started = performance.now();
    try {
      for (let round = 0; round < ROUNDS; round++) {
        const drawn = Array.from({ length: PER_ROUND }, () => draw(rand));
        log.push(`${round}: ${drawn.map((o) => o.name).join(' | ')}`);
        for (const o of drawn) ops[o.name.split(' ')[0]] = (ops[o.name.split(' ')[0]] ?? 0) + 1;
        await Promise.all(drawn.map((o) => o.run(world)));
        world.declined.push(...world.declinedNow.splice(0));
      }
      // The last day: everything closed settles (a Friday or holiday run skips, so the next day's is taken).
      await refundJanitor(world, new Date(Date.now() + 10 * 60_000));
      for (let settled = false, i = 0; !settled && i < 10; i++) {
        world.day += 2;
        const runs = await Promise.all(parties.map((platformId) => runSettlement(db, dayAt(world.day), { platformId })));
        settled = runs.every((x) => !x.skipped);
      }

      expect(await ledgerViolations(db)).toEqual({ unbalanced: [], drifted: [], negative: [] });

      // Every party's balances, from its split rows. A part's pending is its share less its fee less
      // what refunds took from pending (pendingDebited) until it settles; the settlement moves that
      // to withdrawable. Once settled, the refunds not failed have taken their whole amount from the
      // party (from pending before, from withdrawable after), so the part is worth its share less
      // its fee less their amounts — not less pendingDebited: a refund taken from pending and
      // withdrawn after the settlement gives its amount back to withdrawable and leaves
      // pendingDebited as the settlement read it. Unsettled, a part's refunds may already have
      // taken from withdrawable (the fee a refund does not give back, beyond the part's pending).
      const expected = await rowsOf<{ platform_id: string; pending: string; withdrawable: string }>(sql`
        with live as (
          select sp.* from split_parts sp join split_invoices si on si.id = sp.invoice_id
          where si.marketplace_id in (${inList(markets)}) and si.livemode and si.state in ('paid', 'closed')
        ),
        taken as (
          select srp.part_id, sum(srp.amount) as amount, sum(srp.from_withdrawable) as fw
          from split_refund_parts srp join refunds r on r.id = srp.refund_id
          where r.state <> 'failed' group by srp.part_id
        )
        select l.platform_id,
          sum(case when l.settled_at is null then l.share - l.fee - l.pending_debited else 0 end)::text as pending,
          sum(case when l.settled_at is null then -coalesce(t.fw, 0) else l.share - l.fee - coalesce(t.amount, 0) end)::text as withdrawable
        from live l left join taken t on t.part_id = l.id
        group by l.platform_id`);
      const byParty = new Map(expected.map((e) => [e.platform_id, { pending: BigInt(e.pending), withdrawable: BigInt(e.withdrawable) }]));
      const balances = await Promise.all(parties.map(async (id) => ({ id, ...(await platformBalances(db, id)) })));
      expect(balances).toEqual(parties.map((id) => ({ id, ...(byParty.get(id) ?? { pending: 0n, withdrawable: 0n }) })));
      const held = balances.reduce((a, b) => a + b.pending + b.withdrawable, 0n);

      // Each part's refund columns are the sums of its refunds not failed; pendingDebited too while
      // unsettled (settled, it keeps what the settlement did not move); never more refunded than the share.
      const partDrift = await rowsOf<{ id: string }>(sql`
        select sp.id from split_parts sp join split_invoices si on si.id = sp.invoice_id
        left join (
          select srp.part_id, sum(srp.part) as part, sum(srp.fee_back) as fee_back, sum(srp.from_pending) as fp
          from split_refund_parts srp join refunds r on r.id = srp.refund_id where r.state <> 'failed' group by srp.part_id
        ) t on t.part_id = sp.id
        where si.marketplace_id in (${inList(markets)})
          and (sp.refunded <> coalesce(t.part, 0) or sp.fee_returned <> coalesce(t.fee_back, 0) or sp.refunded > sp.share
               or sp.fee_returned > sp.fee
               or (sp.settled_at is null and sp.pending_debited <> coalesce(t.fp, 0))
               or sp.pending_debited < coalesce(t.fp, 0)
               or (sp.settled_at is not null and si.state <> 'closed'))`);
      expect(partDrift).toEqual([]);
      // Each refund's parts add up to it: its amount, the fee given back, where the debit came from.
      const refundDrift = await rowsOf<{ id: string }>(sql`
        select r.id from refunds r left join split_refund_parts srp on srp.refund_id = r.id
        where r.platform_id in (${inList(markets)})
        group by r.id, r.amount, r.fee_returned, r.from_pending, r.from_withdrawable
        having r.amount <> coalesce(sum(srp.part), 0) or r.fee_returned <> coalesce(sum(srp.fee_back), 0)
          or r.from_pending <> coalesce(sum(srp.from_pending), 0) or r.from_withdrawable <> coalesce(sum(srp.from_withdrawable), 0)
          or coalesce(sum(srp.amount), 0) <> r.amount - r.fee_returned or bool_or(srp.amount <> srp.from_pending + srp.from_withdrawable)
          or bool_or(srp.amount <> srp.part - srp.fee_back)`);
      expect(refundDrift).toEqual([]);
      // Every invoice's refunded amount (and its payment's) is the sum of its refunds not failed,
      // its parts share its total and its fee exactly, and a paid invoice was posted exactly once.
      const invoiceDrift = await rowsOf<{ id: string }>(sql`
        select si.id from split_invoices si left join payments p on p.id = si.payment_id
        where si.marketplace_id in (${inList(markets)}) and (
          si.refunded_amount <> coalesce((select sum(r.amount) from refunds r where r.payment_id = si.payment_id and r.state <> 'failed'), 0)
          or si.refunded_amount <> coalesce(p.refunded_amount, 0)
          or si.total <> (select sum(share) from split_parts where invoice_id = si.id)
          or si.fee <> (select sum(fee) from split_parts where invoice_id = si.id)
          or (si.state in ('paid', 'closed')) <> (p.state is not distinct from 'succeeded')
          or (select count(*) from ledger_postings lp where lp.kind = 'payment_succeeded' and lp.reference = si.payment_id::text)
             <> case when si.state in ('paid', 'closed') then 1 else 0 end)`);
      expect(invoiceDrift).toEqual([]);
      // No split payment of these marketplaces succeeded without its invoice saying paid (the failed
      // ones a paid-again invoice replaced included).
      const stray = await rowsOf<{ id: string }>(sql`
        select p.id from payments p where p.platform_id in (${inList(markets)}) and p.state = 'succeeded'
          and not exists (select 1 from split_invoices si where si.payment_id = p.id and si.state in ('paid', 'closed'))`);
      expect(stray).toEqual([]);

      // Conservation, from the ledger: what came in through the gateway (less what the bank gave
      // back to cards) = the parties' balances + fee income + refunds not yet gone back.
      const sums = await ledgerSums(parties, markets);
      const of = (k: string) => sums[k] ?? 0n;
      const cameIn = -of('gateway_clearing');
      expect(of('platform_pending') + of('platform_withdrawable')).toBe(held);
      expect(cameIn).toBe(held + of('fee_income') + of('refund_clearing'));
      expect(Object.keys(sums).sort()).toEqual(
        ['fee_income', 'gateway_clearing', 'platform_pending', 'platform_withdrawable', 'refund_clearing'].filter((k) => k in sums).sort(),
      );

      // …and from the invoices and refunds themselves.
      const myRefunds = inArray(refunds.platformId, markets);
      const refundSum = async (where: SQL | undefined, column: typeof refunds.amount | typeof refunds.feeReturned = refunds.amount) => {
        const [row] = await db
          .select({ s: sql<string | null>`sum(${column})` })
          .from(refunds)
          .where(and(myRefunds, where));
        return BigInt(row?.s ?? '0');
      };
      const [paid] = await db
        .select({ total: sql<string | null>`sum(${splitInvoices.total})`, fee: sql<string | null>`sum(${splitInvoices.fee})` })
        .from(splitInvoices)
        .where(and(inArray(splitInvoices.marketplaceId, markets), eq(splitInvoices.livemode, true), inArray(splitInvoices.state, ['paid', 'closed'])));
      const byBank = await refundSum(and(eq(refunds.method, 'gateway'), eq(refunds.state, 'succeeded')));
      expect(cameIn + byBank).toBe(BigInt(paid.total ?? '0'));
      expect(of('fee_income')).toBe(BigInt(paid.fee ?? '0') - (await refundSum(ne(refunds.state, 'failed'), refunds.feeReturned)));
      expect(of('refund_clearing')).toBe(
        await refundSum(or(eq(refunds.state, 'awaiting_account'), and(eq(refunds.state, 'processing'), eq(refunds.method, 'gateway')))),
      );
      // The bank refunded a card only for refunds it was asked to make and that are not waiting for an account…
      const twice = await db
        .select({ id: refunds.id, state: refunds.state, method: refunds.method })
        .from(refunds)
        .innerJoin(sandboxBankRefunds, eq(sandboxBankRefunds.refundId, refunds.id))
        .where(
          and(myRefunds, eq(sandboxBankRefunds.state, 'done'), sql`(${refunds.method} <> 'gateway' or ${refunds.state} not in ('processing', 'succeeded'))`),
        );
      expect(twice).toEqual([]);
      // …and every refund counted as refunded by the bank is one the bank made.
      const unmade = await db
        .select({ id: refunds.id })
        .from(refunds)
        .leftJoin(sandboxBankRefunds, and(eq(sandboxBankRefunds.refundId, refunds.id), eq(sandboxBankRefunds.state, 'done')))
        .where(and(myRefunds, eq(refunds.method, 'gateway'), eq(refunds.state, 'succeeded'), isNull(sandboxBankRefunds.refundId)));
      expect(unmade).toEqual([]);

      const states = await db
        .select({ state: splitInvoices.state, n: sql<number>`count(*)::int` })
        .from(splitInvoices)
        .where(inArray(splitInvoices.marketplaceId, markets))
        .groupBy(splitInvoices.state);
      console.log(
        `[split simulation] seed ${SEED}: ${ROUNDS * PER_ROUND} operations in ${((performance.now() - started) / 1000).toFixed(1)} s; ${JSON.stringify(ops)}; outcomes ${JSON.stringify(world.tally)}; invoices ${JSON.stringify(Object.fromEntries(states.map((s) => [s.state, s.n])))}; came in ${cameIn}, balances ${held}, fees ${of('fee_income')}, refunds held ${of('refund_clearing')}, refunded by the bank ${byBank}`,
      );
    } catch (e) {
      console.error(`[split simulation] FAILED with seed ${SEED} (replay: SIM_SEED=${SEED} SIM_ROUNDS=${ROUNDS}); schedule:\n${log.join('\n')}`);
      throw e;
    }
  }, 180_000);
});
