import { and, count, desc, eq, gte, inArray, isNull, lt, or, sql } from 'drizzle-orm';
import type { Db, DbOrTx } from '@/db';
import { violates } from '@/db/errors';
import {
  merchantServices,
  payments,
  platforms,
  vposDefinitions,
  vposPayments,
  vposPlatformDefaults,
  vposReconItems,
  vposReconRuns,
  vposReversals,
  type Payment,
  type VposDefinition,
  type VposReconItem,
  type VposReconRun,
} from '@/db/schema';
import { ownedBy, type MerchantActor, type StaffActor } from '@/lib/actor';
import { audit } from '@/lib/audit';
import { statusOfRows, turkeyParts, type NkolayClient, type NkolayListRow } from '@/lib/gateways/nkolay';
import { DuplicateOrderError, succeed } from '@/lib/payments';
import { err, ok, type Result } from '@/lib/result';
import { isUuid } from '@/lib/validation/ids';
import { clientOfDefinition, definitionById } from './definitions';
import { createVposPayment } from './payments';

/**
 * Reconciliation of a virtual POS definition's Turkish day against N Kolay's payment list
 * (issue 18). The bank's list of the day (every page) is matched to our lira payments of that
 * definition made that day, by N Kolay's transaction code (our `vpos_payments.reference_code`) and
 * the order id (`clientRefCode`, our tracking code):
 * - `matched`: both sides agree (sale, and each cancel/refund);
 * - `bank_only`: an order at the bank that is not here; an approved sale may be entered by hand;
 * - `local_only`: succeeded here, and the bank lists no sale of it that day (nor the next);
 * - `amount_differs`: the two sides name different amounts;
 * - `state_differs`: succeeded here but declined there (or the other way), a refund or cancel one
 *   side has and the other has not. A reversal left `unknown` here that the bank shows as done is
 *   settled to succeeded (the finding says so, resolved by the run).
 * Each run is kept (history): running a day again makes a new run. Nothing here posts to the
 * ledger: lira is recorded, never held.
 */

export type ReconKind = VposReconItem['kind'];
export const RECON_KINDS: readonly ReconKind[] = ['bank_only', 'local_only', 'amount_differs', 'state_differs', 'matched'];
export type ReconCounts = Partial<Record<ReconKind, number>>;

/** What a resolved-by-the-run finding says (shown in the reader's words). */
export const SETTLED_BY_RUN = 'settled-by-run';

/** One call asks for this many rows; the list is read until a page brings nothing new. */
const PAGE_SIZE = 500;
const MAX_PAGES = 400;
/** Orders succeeded here and missing from the day's list are asked about one by one (the next day too), up to this many. */
const MAX_CONFIRMS = 25;

const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;
const TURKEY_OFFSET_MS = 3 * 3_600_000;

/** The bounds of a Turkish calendar day (Europe/Istanbul, UTC+3 all year since 2016), or null if it is no day. */
export function turkishDayBounds(day: string): { start: Date; end: Date } | null {
  const m = DAY.exec(day);
  if (!m) return null;
  const ms = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
  const d = new Date(ms);
  if (d.getUTCFullYear() !== Number(m[1]) || d.getUTCMonth() !== Number(m[2]) - 1 || d.getUTCDate() !== Number(m[3])) return null;
  const start = new Date(ms - TURKEY_OFFSET_MS);
  return { start, end: new Date(start.getTime() + 86_400_000) };
}

/** The Turkish calendar day of a moment, `YYYY-MM-DD`. */
export function turkishDayOf(at: Date): string {
  const t = turkeyParts(at);
  return `${t.yyyy}-${t.mm}-${t.dd}`;
}

/** Yesterday in Turkey: the day the nightly run reconciles. */
export function turkishYesterday(now = new Date()): string {
  return turkishDayOf(new Date(now.getTime() - 86_400_000));
}

type Ours = {
  paymentId: string;
  trackingCode: string;
  /** The bank's order id of an entry by hand (else ours, the tracking code or the API's). */
  orderId: string;
  channel: 'checkout' | 'agent' | 'manual';
  amount: bigint;
  state: Payment['state'];
  createdAt: Date;
  referenceCode: string | null;
};

type OurReversal = {
  id: string;
  paymentId: string;
  trackingCode: string;
  kind: 'cancel' | 'refund';
  amount: bigint;
  state: 'processing' | 'succeeded' | 'failed' | 'unknown';
  referenceCode: string | null;
  createdAt: Date;
};

export type Finding = {
  kind: ReconKind;
  paymentId: string | null;
  referenceCode: string | null;
  clientRefCode: string | null;
  bankAmount: bigint | null;
  ourAmount: bigint | null;
  bankState: string | null;
  ourState: string | null;
  bankRow: NkolayListRow | null;
  /** An `unknown` reversal of ours the bank shows as done: settled to succeeded with this reference. */
  settle?: { reversalId: string; referenceCode: string };
};

const isSale = (r: NkolayListRow) => r.type === 'sale' || r.type === 'presale';
const isReversal = (r: NkolayListRow) => r.type === 'cancel' || r.type === 'refund' || r.type === 'partial-cancel' || r.type === 'partial-refund';
const reversalKindOf = (r: NkolayListRow): 'cancel' | 'refund' => (r.type === 'cancel' || r.type === 'partial-cancel' ? 'cancel' : 'refund');
const OPEN: Payment['state'][] = ['created', 'redirected', 'unknown', 'awaiting_confirmation'];
const orderKey = (r: NkolayListRow) => r.clientRefCode ?? `#${r.referenceCode}`;

/** The sale's state at the bank from its rows: an approval wins over the declined attempts before it. */
function saleVerdict(ours: Ours, saleRows: NkolayListRow[]) {
  const sale =
    saleRows.find((r) => r.status === 'success' && ours.referenceCode !== null && r.referenceCode === ours.referenceCode) ??
    statusOfRows(saleRows).sale ??
    saleRows[0];
  const bankState = sale.status === 'success' ? 'paid' : sale.status === 'error' ? 'declined' : 'pending';
  return { sale, bankState };
}

/** Our payment against the bank's sale rows of its order. */
export function judgeSale(ours: Ours, saleRows: NkolayListRow[]): Finding {
  const { sale, bankState } = saleVerdict(ours, saleRows);
  let kind: ReconKind;
  if (ours.state === 'succeeded') kind = bankState !== 'paid' ? 'state_differs' : sale.amount !== ours.amount ? 'amount_differs' : 'matched';
  else if (OPEN.includes(ours.state)) kind = bankState === 'pending' ? 'matched' : 'state_differs';
  else kind = bankState === 'paid' ? 'state_differs' : 'matched';
  return {
    kind,
    paymentId: ours.paymentId,
    referenceCode: sale.referenceCode,
    clientRefCode: ours.trackingCode,
    bankAmount: sale.amount,
    ourAmount: ours.amount,
    bankState,
    ourState: ours.state,
    bankRow: sale,
  };
}

/**
 * The findings of a day (pure): the bank's rows of the day, our payments of the day (`inDay`) and
 * those of other days the rows name, our reversals of the day and those of the payments the rows
 * name. `dayOver`: the day has ended, so a reversal the bank does not show is flagged.
 */
export function matchDay(input: {
  rows: NkolayListRow[];
  ours: (Ours & { inDay: boolean })[];
  reversals: (OurReversal & { inDay: boolean })[];
  dayOver: boolean;
}): { findings: Finding[]; unconfirmed: Ours[] } {
  const findings: Finding[] = [];
  const byTracking = new Map(input.ours.map((o) => [o.trackingCode, o]));
  for (const o of input.ours) if (o.channel === 'manual' && !byTracking.has(o.orderId)) byTracking.set(o.orderId, o);
  const byRef = new Map(input.ours.filter((o) => o.referenceCode).map((o) => [o.referenceCode!, o]));

  // The bank's rows by order; an order is ours by its order id or by the transaction code of a sale.
  const orders = new Map<string, NkolayListRow[]>();
  for (const r of input.rows) orders.set(orderKey(r), [...(orders.get(orderKey(r)) ?? []), r]);
  const claims = new Map<string, { ours: Ours; saleRows: NkolayListRow[] }>();
  const orderOwner = new Map<string, Ours>();
  for (const [key, rows] of orders) {
    const mine =
      byTracking.get(key) ??
      rows
        .filter(isSale)
        .map((r) => byRef.get(r.referenceCode))
        .find(Boolean);
    if (!mine) {
      // Not ours at all: one finding per order, with what the bank says of it as a whole.
      const s = statusOfRows(rows);
      const shown = s.sale ?? rows[0];
      findings.push({
        kind: 'bank_only',
        paymentId: null,
        referenceCode: shown.referenceCode,
        clientRefCode: shown.clientRefCode,
        bankAmount: shown.amount,
        ourAmount: null,
        bankState: s.state,
        ourState: null,
        bankRow: shown,
      });
      continue;
    }
    orderOwner.set(key, mine);
    const c = claims.get(mine.paymentId) ?? { ours: mine, saleRows: [] };
    c.saleRows.push(...rows.filter(isSale));
    claims.set(mine.paymentId, c);
  }

  // Sales: ours against the bank's; an order of ours the day's list lacks is to be confirmed.
  const unconfirmed: Ours[] = [];
  for (const o of input.ours) {
    const c = claims.get(o.paymentId);
    if (c && c.saleRows.length) findings.push(judgeSale(o, c.saleRows));
    else if (o.inDay && o.state === 'succeeded') unconfirmed.push(o);
  }

  // Cancels and refunds of our orders: by their transaction code, else by order, kind and amount.
  const bankReversals = input.rows.filter((r) => isReversal(r) && orderOwner.has(orderKey(r)) && (r.status === 'success' || r.status === 'error'));
  const left = new Set(input.reversals.map((v) => v.id));
  const pairs: { row: NkolayListRow; ours: Ours; rev: OurReversal | null }[] = [];
  const unpaired: NkolayListRow[] = [];
  for (const row of bankReversals) {
    const rev = input.reversals.find((v) => left.has(v.id) && v.referenceCode === row.referenceCode);
    if (rev) {
      left.delete(rev.id);
      pairs.push({ row, ours: orderOwner.get(orderKey(row))!, rev });
    } else unpaired.push(row);
  }
  for (const row of unpaired) {
    const owner = orderOwner.get(orderKey(row))!;
    const rank = (v: OurReversal) => (v.state === 'unknown' || v.state === 'processing' ? 0 : v.state === 'failed' ? 1 : 2);
    const rev =
      row.status === 'success'
        ? input.reversals
            .filter((v) => left.has(v.id) && v.paymentId === owner.paymentId && v.kind === reversalKindOf(row) && v.amount === row.amount && !v.referenceCode)
            .sort((a, b) => rank(a) - rank(b))[0]
        : undefined;
    if (rev) left.delete(rev.id);
    if (rev || row.status === 'success') pairs.push({ row, ours: owner, rev: rev ?? null });
  }
  for (const { row, ours, rev } of pairs) {
    const bankState = `${row.type}:${row.status}`;
    const base = {
      paymentId: ours.paymentId,
      referenceCode: row.referenceCode,
      clientRefCode: ours.trackingCode,
      bankAmount: row.amount,
      ourAmount: rev?.amount ?? null,
      bankState,
      ourState: rev ? `${rev.kind}:${rev.state}` : null,
      bankRow: row,
    };
    if (!rev) findings.push({ ...base, kind: 'state_differs' });
    else if (row.status === 'success' && (rev.state === 'unknown' || rev.state === 'processing')) {
      findings.push({ ...base, kind: 'state_differs', settle: rev.state === 'unknown' ? { reversalId: rev.id, referenceCode: row.referenceCode } : undefined });
    } else if (row.status === 'success' && rev.state === 'succeeded')
      findings.push({ ...base, kind: row.amount === rev.amount ? 'matched' : 'amount_differs' });
    else if (row.status === 'error' && rev.state === 'failed') findings.push({ ...base, kind: 'matched' });
    else findings.push({ ...base, kind: 'state_differs' });
  }
  // Ours the bank does not show: a succeeded one always; one without an answer once the day is over.
  for (const v of input.reversals) {
    if (!left.has(v.id) || !v.inDay) continue;
    const pending = v.state === 'unknown' || v.state === 'processing';
    if (v.state !== 'succeeded' && !(pending && input.dayOver)) continue;
    findings.push({
      kind: 'state_differs',
      paymentId: v.paymentId,
      referenceCode: v.referenceCode,
      clientRefCode: v.trackingCode,
      bankAmount: null,
      ourAmount: v.amount,
      bankState: null,
      ourState: `${v.kind}:${v.state}`,
      bankRow: null,
    });
  }
  return { findings, unconfirmed };
}

/** The bank's whole list of one day: every page, until a page brings no row not seen before. */
async function listDay(client: NkolayClient, start: Date): Promise<{ ok: true; rows: NkolayListRow[] } | { ok: false; reason: string }> {
  const seen = new Map<string, NkolayListRow>();
  for (let page = 0; page < MAX_PAGES; page++) {
    const r = await client.listPayments({ from: start, to: start, page, pageSize: PAGE_SIZE });
    if (r.kind === 'unreachable') return { ok: false, reason: r.reason };
    if (r.kind !== 'ok') return { ok: false, reason: r.message };
    let fresh = 0;
    for (const row of r.data) {
      if (seen.has(row.referenceCode)) continue;
      seen.set(row.referenceCode, row);
      fresh++;
    }
    if (fresh === 0) return { ok: true, rows: [...seen.values()] };
  }
  return { ok: false, reason: `More than ${MAX_PAGES * PAGE_SIZE} rows in one day` };
}

const ourColumns = {
  paymentId: payments.id,
  trackingCode: payments.trackingCode,
  orderId: payments.orderId,
  channel: vposPayments.channel,
  amount: payments.amount,
  state: payments.state,
  createdAt: payments.createdAt,
  referenceCode: vposPayments.referenceCode,
};

const reversalColumns = {
  id: vposReversals.id,
  paymentId: vposReversals.paymentId,
  trackingCode: payments.trackingCode,
  kind: vposReversals.kind,
  amount: vposReversals.amount,
  state: vposReversals.state,
  referenceCode: vposReversals.referenceCode,
  createdAt: vposReversals.createdAt,
};

/** A row as the report keeps it: JSON (amount in kuruş as a string); the card as N Kolay masked it. */
const keptRow = (r: NkolayListRow | null): Record<string, unknown> | null => (r ? { ...r, amount: r.amount?.toString() ?? null } : null);

export type ReconRunOutcome = { runId: string; counts: ReconCounts; error: string | null };

/**
 * Reconciles one Turkish day of a definition. `actor` null: the nightly job (no owner check);
 * a merchant: only its own definitions. An N Kolay that cannot be asked gives a run with its
 * `error` and no findings.
 */
export async function reconcileDay(
  db: Db,
  actor: MerchantActor | null,
  definitionId: string,
  day: string,
  opts: { now?: Date } = {},
): Promise<Result<ReconRunOutcome>> {
  const now = opts.now ?? new Date();
  const d = isUuid(definitionId) ? await definitionById(db, definitionId) : null;
  if (!d || (actor && d.userId !== actor.merchantId)) return err('notFound');
  const bounds = turkishDayBounds(day);
  if (!bounds) return { ok: false, fieldErrors: { day: 'vposDay' } };
  if (bounds.start > now) return { ok: false, fieldErrors: { day: 'vposDayFuture' } };
  const { start, end } = bounds;

  const client = clientOfDefinition(d);
  const listed = await listDay(client, start);
  if (!listed.ok) return ok(await writeRun(db, actor, d, day, [], listed.reason.slice(0, 300)));
  const rows = listed.rows;

  // Ours: made that day, and those of other days the bank's rows name (an order paid after midnight, an entry by hand).
  const inDay = await db
    .select(ourColumns)
    .from(vposPayments)
    .innerJoin(payments, eq(payments.id, vposPayments.paymentId))
    .where(and(eq(vposPayments.definitionId, d.id), gte(payments.createdAt, start), lt(payments.createdAt, end)));
  const known = new Set(inDay.map((o) => o.paymentId));
  const dayCodes = new Set(inDay.map((o) => o.trackingCode));
  const dayRefs = new Set(inDay.map((o) => o.referenceCode));
  const codes = [...new Set(rows.map((r) => r.clientRefCode).filter((c): c is string => Boolean(c) && !dayCodes.has(c!)))];
  const refs = rows.filter((r) => isSale(r) && !dayRefs.has(r.referenceCode)).map((r) => r.referenceCode);
  const others: Ours[] = [];
  for (let i = 0; i < Math.max(codes.length, refs.length); i += 1000) {
    const c = codes.slice(i, i + 1000);
    const r = refs.slice(i, i + 1000);
    const found = await db
      .select(ourColumns)
      .from(vposPayments)
      .innerJoin(payments, eq(payments.id, vposPayments.paymentId))
      .where(
        and(
          eq(vposPayments.definitionId, d.id),
          or(
            c.length ? inArray(payments.trackingCode, c) : undefined,
            // An entry by hand keeps the bank's order id as its own.
            c.length ? and(eq(vposPayments.channel, 'manual'), inArray(payments.orderId, c)) : undefined,
            r.length ? inArray(vposPayments.referenceCode, r) : undefined,
          ),
        ),
      );
    for (const o of found) {
      if (known.has(o.paymentId)) continue;
      known.add(o.paymentId);
      others.push(o);
    }
  }
  const ours = [...inDay.map((o) => ({ ...o, inDay: true })), ...others.map((o) => ({ ...o, inDay: false }))];

  // Our reversals: asked that day, and those of our orders the bank's reversal rows name.
  const revOrders = new Set(rows.filter(isReversal).map(orderKey));
  const revSaleRefs = new Set(rows.filter((r) => isSale(r) && revOrders.has(orderKey(r))).map((r) => r.referenceCode));
  const named = ours.filter(
    (o) =>
      revOrders.has(o.trackingCode) || (o.channel === 'manual' && revOrders.has(o.orderId)) || (o.referenceCode !== null && revSaleRefs.has(o.referenceCode)),
  );
  const dayReversals = await db
    .select(reversalColumns)
    .from(vposReversals)
    .innerJoin(payments, eq(payments.id, vposReversals.paymentId))
    .innerJoin(vposPayments, eq(vposPayments.paymentId, vposReversals.paymentId))
    .where(and(eq(vposPayments.definitionId, d.id), gte(vposReversals.createdAt, start), lt(vposReversals.createdAt, end)));
  const namedIds = named.map((o) => o.paymentId);
  const extraReversals = namedIds.length
    ? await db
        .select(reversalColumns)
        .from(vposReversals)
        .innerJoin(payments, eq(payments.id, vposReversals.paymentId))
        .where(inArray(vposReversals.paymentId, namedIds))
    : [];
  const seenRev = new Set(dayReversals.map((v) => v.id));
  const reversals = [
    ...dayReversals.map((v) => ({ ...v, inDay: true })),
    ...extraReversals.filter((v) => !seenRev.has(v.id)).map((v) => ({ ...v, inDay: false })),
  ];

  const { findings, unconfirmed } = matchDay({ rows, ours, reversals, dayOver: end <= now });

  // Succeeded here, not in the day's list: asked by order over this day and the next (paid after midnight).
  const lastDay = new Date(Math.min(end.getTime(), now.getTime()));
  for (const [i, o] of unconfirmed.entries()) {
    let finding: Finding | null = null;
    if (i < MAX_CONFIRMS && turkishDayOf(lastDay) !== day) {
      const s = await client.status(o.trackingCode, { from: start, to: lastDay });
      const sales = s.kind === 'ok' ? s.data.rows.filter(isSale) : [];
      if (sales.length) finding = judgeSale(o, sales);
    }
    findings.push(
      finding ?? {
        kind: 'local_only',
        paymentId: o.paymentId,
        referenceCode: o.referenceCode,
        clientRefCode: o.trackingCode,
        bankAmount: null,
        ourAmount: o.amount,
        bankState: null,
        ourState: o.state,
        bankRow: null,
      },
    );
  }
  return ok(await writeRun(db, actor, d, day, findings, null));
}

async function writeRun(
  db: Db,
  actor: MerchantActor | null,
  d: VposDefinition,
  day: string,
  findings: Finding[],
  error: string | null,
): Promise<ReconRunOutcome> {
  const counts: ReconCounts = {};
  if (!error) for (const k of RECON_KINDS) counts[k] = findings.filter((f) => f.kind === k).length;
  return db.transaction(async (tx) => {
    const [run] = await tx
      .insert(vposReconRuns)
      .values({ definitionId: d.id, day, ranBy: actor?.userId ?? null, error, counts })
      .returning({ id: vposReconRuns.id });
    const now = new Date();
    // One statement per 5 000 findings, as one JSON parameter: a day of thousands stays one round trip.
    for (let i = 0; i < findings.length; i += 5000) {
      const batch = findings.slice(i, i + 5000).map((f) => ({
        kind: f.kind,
        payment_id: f.paymentId,
        reference_code: f.referenceCode?.slice(0, 64) ?? null,
        client_ref_code: f.clientRefCode?.slice(0, 64) ?? null,
        bank_amount: f.bankAmount?.toString() ?? null,
        our_amount: f.ourAmount?.toString() ?? null,
        bank_state: f.bankState?.slice(0, 40) ?? null,
        our_state: f.ourState?.slice(0, 40) ?? null,
        bank_row: keptRow(f.bankRow),
        resolved_at: f.settle ? now.toISOString() : null,
        resolution: f.settle ? SETTLED_BY_RUN : null,
      }));
      await tx.execute(sql`
        insert into vpos_recon_items (run_id, kind, payment_id, reference_code, client_ref_code, bank_amount, our_amount, bank_state, our_state, bank_row, resolved_at, resolution)
        select ${run.id}::uuid, x.kind::vpos_recon_kind, x.payment_id::uuid, x.reference_code, x.client_ref_code, x.bank_amount::bigint, x.our_amount::bigint,
          x.bank_state, x.our_state, x.bank_row, x.resolved_at::timestamptz, x.resolution
        from jsonb_to_recordset(${JSON.stringify(batch)}::jsonb) as x(kind text, payment_id text, reference_code text, client_ref_code text, bank_amount text,
          our_amount text, bank_state text, our_state text, bank_row jsonb, resolved_at text, resolution text)`);
    }
    // The bank shows these done: the amount they reserved stays taken, now for good.
    for (const f of findings) {
      if (!f.settle) continue;
      await tx
        .update(vposReversals)
        .set({ state: 'succeeded', referenceCode: f.settle.referenceCode.slice(0, 64), decidedAt: now })
        .where(and(eq(vposReversals.id, f.settle.reversalId), eq(vposReversals.state, 'unknown')));
    }
    await audit(tx, actor, {
      action: 'vpos.recon.run',
      objectType: 'vpos_recon_run',
      objectId: run.id,
      merchantId: d.userId,
      after: { definitionId: d.id, day, counts, error, settled: findings.filter((f) => f.settle).length },
    });
    return { runId: run.id, counts, error };
  });
}

/**
 * The nightly job: yesterday (in Turkey) for every switched-on definition. A definition whose
 * nightly run of that day already went through is skipped (a retry of the job redoes only the
 * failed ones); one that throws does not stop the others, and the failures are thrown together.
 */
export async function runNightlyReconciliation(db: Db, now = new Date()) {
  const day = turkishYesterday(now);
  const defs = await db.select({ id: vposDefinitions.id }).from(vposDefinitions).where(eq(vposDefinitions.enabled, true));
  const done = new Set(
    (
      await db
        .selectDistinct({ id: vposReconRuns.definitionId })
        .from(vposReconRuns)
        .where(and(eq(vposReconRuns.day, day), isNull(vposReconRuns.ranBy), isNull(vposReconRuns.error)))
    ).map((r) => r.id),
  );
  let ran = 0;
  let unreachable = 0;
  const failures: unknown[] = [];
  for (const d of defs) {
    if (done.has(d.id)) continue;
    try {
      const r = await reconcileDay(db, null, d.id, day, { now });
      ran++;
      if (r.ok && r.data.error) unreachable++;
    } catch (e) {
      console.error(`[vpos] reconciliation of ${d.id} for ${day}:`, e);
      failures.push(e);
    }
  }
  if (failures.length) throw new AggregateError(failures, `vpos reconciliation: ${failures.length} definition(s) failed`);
  return { day, ran, unreachable, skipped: done.size };
}

// ——— The reports ———

export type ReconRunRow = VposReconRun & { definitionName: string; company: string; open: number };

export async function listReconRuns(
  db: DbOrTx,
  actor: MerchantActor | StaffActor,
  f: { definitionId?: string | null; limit?: number } = {},
): Promise<ReconRunRow[]> {
  const open = db
    .select({ n: count() })
    .from(vposReconItems)
    .where(and(eq(vposReconItems.runId, vposReconRuns.id), sql`${vposReconItems.kind} <> 'matched'`, isNull(vposReconItems.resolvedAt)));
  return db
    .select({
      id: vposReconRuns.id,
      definitionId: vposReconRuns.definitionId,
      day: vposReconRuns.day,
      ranBy: vposReconRuns.ranBy,
      ranAt: vposReconRuns.ranAt,
      error: vposReconRuns.error,
      counts: vposReconRuns.counts,
      definitionName: vposDefinitions.name,
      company: vposDefinitions.company,
      open: sql<number>`(${open})::int`,
    })
    .from(vposReconRuns)
    .innerJoin(vposDefinitions, eq(vposDefinitions.id, vposReconRuns.definitionId))
    .where(and(ownedBy(actor, vposDefinitions.userId), f.definitionId && isUuid(f.definitionId) ? eq(vposReconRuns.definitionId, f.definitionId) : undefined))
    .orderBy(desc(vposReconRuns.day), desc(vposReconRuns.ranAt))
    .limit(Math.min(Math.max(f.limit ?? 50, 1), 200));
}

export async function getReconRun(db: DbOrTx, actor: MerchantActor | StaffActor, runId: string) {
  if (!isUuid(runId)) return null;
  const [run] = await db
    .select({ run: vposReconRuns, definitionName: vposDefinitions.name, company: vposDefinitions.company, merchantId: vposDefinitions.userId })
    .from(vposReconRuns)
    .innerJoin(vposDefinitions, eq(vposDefinitions.id, vposReconRuns.definitionId))
    .where(and(eq(vposReconRuns.id, runId), ownedBy(actor, vposDefinitions.userId)));
  if (!run) return null;
  const items = await db.select().from(vposReconItems).where(eq(vposReconItems.runId, runId)).orderBy(vposReconItems.kind, vposReconItems.id);
  return { ...run.run, definitionName: run.definitionName, company: run.company, items };
}

// ——— Resolving a finding ———

/** The bank-only sale an item names, if it may be entered by hand: approved and not reversed at the bank. */
export function enterableSale(item: Pick<VposReconItem, 'kind' | 'bankState' | 'bankRow'>) {
  const row = item.bankRow as (Omit<NkolayListRow, 'amount'> & { amount: string | null }) | null;
  if (item.kind !== 'bank_only' || item.bankState !== 'paid' || !row || (row.type !== 'sale' && row.type !== 'presale') || row.status !== 'success')
    return null;
  if (!row.referenceCode || !row.amount || !/^\d+$/.test(row.amount) || BigInt(row.amount) <= 0n) return null;
  return { ...row, amount: BigInt(row.amount) };
}

/** When the bank made a sale: its TRX_DATE ("DD.MM.YYYY HH:mm:ss", Turkish time), else the day's start. */
function saleMoment(trxDate: string | null, dayStart: Date): Date {
  const m = /^(\d{2})\.(\d{2})\.(\d{4})(?: (\d{2}):(\d{2})(?::(\d{2}))?)?/.exec(trxDate ?? '');
  if (!m) return dayStart;
  const at = new Date(Date.UTC(+m[3], +m[2] - 1, +m[1], +(m[4] ?? 0), +(m[5] ?? 0), +(m[6] ?? 0)) - TURKEY_OFFSET_MS);
  return Number.isNaN(at.getTime()) ? dayStart : at;
}

/** The platform a hand entry is recorded on: one whose default is this definition, else the merchant's first virtual POS platform. */
async function platformForEntry(db: DbOrTx, d: VposDefinition) {
  const [row] = await db
    .select({ id: platforms.id })
    .from(platforms)
    .innerJoin(merchantServices, eq(merchantServices.id, platforms.merchantServiceId))
    .leftJoin(vposPlatformDefaults, eq(vposPlatformDefaults.platformId, platforms.id))
    .where(and(eq(platforms.userId, d.userId), eq(merchantServices.serviceId, 'vpos'), inArray(platforms.status, ['approved', 'pending'])))
    .orderBy(sql`${vposPlatformDefaults.definitionId} is not distinct from ${d.id} desc`, sql`${platforms.status} = 'approved' desc`, platforms.createdAt)
    .limit(1);
  return row ?? null;
}

export type ResolveOutcome = { paymentId: string | null; created: boolean };

/**
 * Resolves a finding with who and why. `enter`: a bank-only approved sale is recorded by hand
 * (channel `manual`, the bank's transaction code) and moved to succeeded, once: the item is locked,
 * and the unique (definition, transaction code) makes a second entry of the same sale — the same
 * item again, another run's item, a race — find the first instead of making another. `note`: any
 * finding marked resolved with the reason.
 */
export async function resolveReconItem(
  db: Db,
  actor: MerchantActor,
  input: { itemId: string; how: 'enter' | 'note'; reason: string },
): Promise<Result<ResolveOutcome>> {
  if (!/^\d{1,18}$/.test(input.itemId)) return err('notFound');
  const itemId = BigInt(input.itemId);
  const mine = async (tx: DbOrTx, lock: boolean) => {
    const q = tx
      .select({ item: vposReconItems, run: vposReconRuns, definition: vposDefinitions })
      .from(vposReconItems)
      .innerJoin(vposReconRuns, eq(vposReconRuns.id, vposReconItems.runId))
      .innerJoin(vposDefinitions, eq(vposDefinitions.id, vposReconRuns.definitionId))
      .where(and(eq(vposReconItems.id, itemId), eq(vposDefinitions.userId, actor.merchantId)));
    const [row] = lock ? await q.for('update', { of: vposReconItems }) : await q;
    return row ?? null;
  };
  const first = await mine(db, false);
  if (!first) return err('notFound');

  if (input.how === 'note') {
    return db.transaction(async (tx) => {
      const [done] = await tx
        .update(vposReconItems)
        .set({ resolvedAt: new Date(), resolvedBy: actor.userId, resolution: input.reason })
        .where(and(eq(vposReconItems.id, itemId), isNull(vposReconItems.resolvedAt)))
        .returning({ id: vposReconItems.id });
      if (!done) return err('vposReconResolved');
      await audit(tx, actor, {
        action: 'vpos.recon.resolved',
        objectType: 'vpos_recon_item',
        objectId: itemId.toString(),
        after: { run: first.run.id, kind: first.item.kind, reason: input.reason },
      });
      return ok({ paymentId: first.item.paymentId, created: false });
    });
  }

  const sale = enterableSale(first.item);
  if (!sale) return err('vposReconNotEnterable');
  const d = first.definition;
  const platform = await platformForEntry(db, d);
  if (!platform) return err('vposPlatformRequired');
  const dayStart = turkishDayBounds(first.run.day)!.start;

  const outcome = await db.transaction(async (tx): Promise<Result<{ payment: Payment | null; paymentId: string; created: boolean }>> => {
    const row = await mine(tx, true);
    if (!row) return err('notFound');
    if (row.item.resolvedAt) {
      if (!row.item.paymentId) return err('vposReconResolved');
      // Entered before: finish the move to succeeded if it was cut short, never a second payment.
      const [p] = await tx.select().from(payments).where(eq(payments.id, row.item.paymentId));
      return p?.state === 'created' ? ok({ payment: p, paymentId: p.id, created: false }) : err('vposReconResolved');
    }
    const resolve = async (paymentId: string, created: boolean) => {
      await tx
        .update(vposReconItems)
        .set({ paymentId, resolvedAt: new Date(), resolvedBy: actor.userId, resolution: input.reason })
        .where(eq(vposReconItems.id, itemId));
      await audit(tx, actor, {
        action: created ? 'vpos.recon.entered' : 'vpos.recon.resolved',
        objectType: 'vpos_recon_item',
        objectId: itemId.toString(),
        after: {
          run: row.run.id,
          how: 'enter',
          payment: paymentId,
          created,
          referenceCode: sale.referenceCode,
          amount: sale.amount.toString(),
          currency: 'TRY',
          reason: input.reason,
        },
      });
    };
    const existing = async () => {
      const [p] = await tx
        .select({ id: vposPayments.paymentId })
        .from(vposPayments)
        .where(and(eq(vposPayments.definitionId, d.id), eq(vposPayments.referenceCode, sale.referenceCode)));
      return p?.id ?? null;
    };
    const before = await existing();
    if (before) {
      await resolve(before, false);
      return ok({ payment: null, paymentId: before, created: false });
    }
    // The bank's order id becomes the entry's own (its later refunds name it), unless the platform used it already.
    const code = sale.clientRefCode?.slice(0, 64) ?? null;
    const [taken] = code
      ? await tx
          .select({ id: payments.id })
          .from(payments)
          .where(and(eq(payments.platformId, platform.id), eq(payments.livemode, d.environment === 'production'), eq(payments.orderId, code)))
      : [];
    const orderId = code && !taken ? code : null;
    let made: Payment;
    try {
      // A savepoint: a sale another entry recorded meanwhile (the unique transaction code) leaves nothing of this one.
      made = await tx.transaction(async (sp) => {
        // createVposPayment opens its own (nested: a savepoint) transaction.
        const p = await createVposPayment(sp, {
          platformId: platform.id,
          orderId: orderId ?? undefined,
          definitionId: d.id,
          channel: 'manual',
          takenBy: actor.userId,
          livemode: d.environment === 'production',
          amount: sale.amount,
          source: 'pos',
          installments: sale.installments ?? 1,
        });
        const at = saleMoment(sale.trxDate, dayStart);
        await sp
          .update(vposPayments)
          .set({
            referenceCode: sale.referenceCode.slice(0, 64),
            authCode: sale.authCode?.slice(0, 32) ?? null,
            bankMessage: sale.message?.slice(0, 300) ?? null,
            note: input.reason,
            createdAt: at,
          })
          .where(eq(vposPayments.paymentId, p.id));
        // Dated at the bank's sale, so the day's next run finds it among the day's payments.
        const [dated] = await sp.update(payments).set({ createdAt: at }).where(eq(payments.id, p.id)).returning();
        return dated;
      });
    } catch (e) {
      // Another entry of this sale committed first: its transaction code (or the bank's order id) is taken.
      if (!violates(e, 'vpos_payments_reference_key') && !(e instanceof DuplicateOrderError)) throw e;
      const other = await existing();
      if (!other) throw e;
      await resolve(other, false);
      return ok({ payment: null, paymentId: other, created: false });
    }
    await resolve(made.id, true);
    return ok({ payment: made, paymentId: made.id, created: true });
  });
  if (!outcome.ok) return outcome;
  const { payment, paymentId, created } = outcome.data;
  if (payment) {
    const moved = await succeed(db, payment, { ref: sale.referenceCode, cardMasked: sale.cardMasked?.slice(0, 19) ?? null }, ['created']);
    if (!moved.moved && moved.payment?.state !== 'succeeded') return err('unknown');
  }
  return ok({ paymentId, created });
}
