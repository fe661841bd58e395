import { and, eq, inArray, isNull, or, sql, type SQL } from 'drizzle-orm';
import { expect } from 'vitest';
import type { Db } from '@/db';
import { payments, payouts, refunds, sandboxBankRefunds } from '@/db/schema';
import { ledgerViolations, platformBalances } from '@/lib/ledger';

/** What the seeded money simulations share: their random numbers, their days, and their picks. */

/** mulberry32: small, fast and the same on every machine. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

// A day of a simulation: 09:30 Tehran, `day` days after today; what is paid or closed "now" is
// taken by the settlement run of day ≥ 2 (its cutoff, 22:00 Tehran the day before, is after now).
const today0 = Date.UTC(new Date().getUTCFullYear(), new Date().getUTCMonth(), new Date().getUTCDate());
export const dayAt = (day: number) => new Date(today0 + day * 86_400_000 + 6 * 3600_000);

/** One of `rows`, chosen by the schedule's number `r` in [0, 1) (not by the database's order); null when there is none. */
export const pick = <T>(rows: readonly T[], r: number): T | null => (rows.length ? rows[Math.floor(r * rows.length)] : null);

const inList = (ids: string[]) =>
  sql.join(
    ids.map((i) => sql`${i}::uuid`),
    sql`, `,
  );

/** Sums per ledger account kind over the postings of these platforms (their accounts' postings, their payouts' and their refunds'). */
async function ledgerSums(db: Db, ids: string[]): Promise<Record<string, bigint>> {
  const rows = await db.execute<{ kind: string; sum: string }>(sql`
    with acc as (select id from ledger_accounts where platform_id in (${inList(ids)})),
         mine as (
           select distinct posting_id as id from ledger_lines where account_id in (select id from acc)
           union
           select lp.id from ledger_postings lp join payouts po on lp.reference = po.id::text where po.platform_id in (${inList(ids)})
           union
           select lp.id from ledger_postings lp join refunds r on lp.reference = r.id::text where r.platform_id in (${inList(ids)})
         )
    select a.kind::text as kind, sum(l.amount)::text as sum
    from ledger_lines l join ledger_accounts a on a.id = l.account_id
    where l.posting_id in (select id from mine)
    group by a.kind`);
  return Object.fromEntries([...rows].map((r) => [r.kind, BigInt(r.sum)]));
}

async function sumOf(q: Promise<{ s: string | null }[]>): Promise<bigint> {
  const [row] = await q;
  return BigInt(row?.s ?? '0');
}

/**
 * The money simulations' invariants over the platforms `ids` (every simulation checks these, in one
 * place): the ledger's own (every posting sums to zero, every balance equals its lines, nothing
 * withdrawable below zero), and the conservation of money counted from the ledger and again from the
 * payments, payouts and refunds themselves — what came in through the gateway = the platforms'
 * balances + fee income + payouts in flight + what went out + refunds not yet gone back; the bank
 * refunded a card only for refunds it was asked to make, and every refund counted as made by the
 * bank is one it made; at most one automatic payout per platform per day.
 *
 * `db` may be a repeatable-read transaction (a checkpoint while the deployment keeps working: one
 * snapshot, so the sums agree). Returns the figures, for the simulation's report.
 */
export async function expectMoneyWhole(db: Db, ids: string[]) {
  expect(await ledgerViolations(db)).toEqual({ unbalanced: [], drifted: [], negative: [] });
  const sums = await ledgerSums(db, ids);
  const of = (k: string) => sums[k] ?? 0n;
  // Money in through the gateway, less what the bank gave back to cards for refunds.
  const cameIn = -of('gateway_clearing');
  const balances = (await Promise.all(ids.map((id) => platformBalances(db, id)))).reduce((a, b) => a + b.pending + b.withdrawable, 0n);
  // What came in = platform balances + fee income + payouts in flight + what went out + refunds not yet gone back.
  expect(of('platform_pending') + of('platform_withdrawable')).toBe(balances);
  expect(cameIn).toBe(balances + of('fee_income') + of('payout_clearing') + of('payouts_out') + of('refund_clearing'));
  expect(Object.keys(sums).sort()).toEqual(
    ['fee_income', 'gateway_clearing', 'payout_clearing', 'payouts_out', 'platform_pending', 'platform_withdrawable', 'refund_clearing']
      .filter((k) => k in sums)
      .sort(),
  );

  // The same, counted from the payments and payouts themselves.
  const mine = inArray(payments.platformId, ids);
  const succeeded = and(mine, eq(payments.state, 'succeeded'), eq(payments.livemode, true));
  const myRefunds = and(inArray(refunds.platformId, ids), eq(refunds.livemode, true));
  const refundSum = (where: SQL | undefined, column: typeof refunds.amount | typeof refunds.feeReturned = refunds.amount) =>
    sumOf(
      db
        .select({ s: sql<string>`sum(${column})` })
        .from(refunds)
        .where(and(myRefunds, where)),
    );
  const byBank = await refundSum(and(eq(refunds.method, 'gateway'), eq(refunds.state, 'succeeded')));
  expect(cameIn + byBank).toBe(
    await sumOf(
      db
        .select({ s: sql<string>`sum(${payments.amount})` })
        .from(payments)
        .where(succeeded),
    ),
  );
  // refund_clearing holds the refunds waiting for the payer's account or for the bank's answer;
  // a refund payout's amount is in payout_clearing until paid (counted with the payouts below).
  expect(of('refund_clearing')).toBe(
    await refundSum(or(eq(refunds.state, 'awaiting_account'), and(eq(refunds.state, 'processing'), eq(refunds.method, 'gateway')))),
  );
  const feesBack = await refundSum(sql`${refunds.state} <> 'failed'`, refunds.feeReturned);
  // Every payment's refunds (not failed) add up to its refundedAmount, never above its amount.
  const drift = await db.execute(sql`
    select p.id from payments p left join refunds r on r.payment_id = p.id and r.state <> 'failed'
    where p.platform_id in (${inList(ids)})
    group by p.id having p.refunded_amount <> coalesce(sum(r.amount), 0) or p.refunded_amount > p.amount`);
  expect([...drift]).toEqual([]);
  // The bank refunded a card only for refunds it was asked to make and that were not paid out instead.
  const twice = await db
    .select({ id: refunds.id, state: refunds.state, method: refunds.method })
    .from(refunds)
    .innerJoin(sandboxBankRefunds, eq(sandboxBankRefunds.refundId, refunds.id))
    .where(and(myRefunds, eq(sandboxBankRefunds.state, 'done'), sql`(${refunds.method} <> 'gateway' or ${refunds.state} not in ('processing', 'succeeded'))`));
  expect(twice).toEqual([]);
  // …and every refund counted as refunded by the bank is one the bank made.
  const unmade = await db
    .select({ id: refunds.id })
    .from(refunds)
    .leftJoin(sandboxBankRefunds, and(eq(sandboxBankRefunds.refundId, refunds.id), eq(sandboxBankRefunds.state, 'done')))
    .where(and(myRefunds, eq(refunds.method, 'gateway'), eq(refunds.state, 'succeeded'), isNull(sandboxBankRefunds.refundId)));
  expect(unmade).toEqual([]);
  const paymentFees = await sumOf(
    db
      .select({ s: sql<string>`sum(${payments.fee})` })
      .from(payments)
      .where(succeeded),
  );
  const minePayouts = inArray(payouts.platformId, ids);
  const inFlight = await sumOf(
    db
      .select({ s: sql<string>`sum(${payouts.amount})` })
      .from(payouts)
      .where(and(minePayouts, inArray(payouts.state, ['requested', 'approved', 'sent']))),
  );
  const paid = await sumOf(
    db
      .select({ s: sql<string>`sum(${payouts.amount})` })
      .from(payouts)
      .where(and(minePayouts, eq(payouts.state, 'paid'))),
  );
  const paidFees = await sumOf(
    db
      .select({ s: sql<string>`sum(${payouts.fee})` })
      .from(payouts)
      .where(and(minePayouts, eq(payouts.state, 'paid'))),
  );
  expect(of('payout_clearing')).toBe(inFlight);
  expect(of('payouts_out')).toBe(paid - paidFees);
  expect(of('fee_income')).toBe(paymentFees + paidFees - feesBack);
  // Pending: what unsettled payments brought, less what their refunds took from it.
  const unsettledNet = await sumOf(
    db
      .select({ s: sql<string>`sum(${payments.amount} - coalesce(${payments.fee}, 0) - ${payments.pendingDebited})` })
      .from(payments)
      .where(and(succeeded, sql`${payments.settledAt} is null`)),
  );
  expect(of('platform_pending')).toBe(unsettledNet);
  // At most one automatic payout per platform per day.
  const autos = await db.execute<{ n: number }>(
    sql`select count(*)::int as n from payouts where platform_id in (${inList(ids)}) and auto group by platform_id, (requested_at at time zone 'Asia/Tehran')::date having count(*) > 1`,
  );
  expect([...autos]).toEqual([]);

  return { cameIn, balances, fees: of('fee_income'), inFlight: of('payout_clearing'), out: of('payouts_out'), refundsHeld: of('refund_clearing'), byBank };
}
