import { asc, eq, sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { payments, refunds, splitParts } from '@/db/schema';
import { accountFor, ledgerViolations, platformBalances } from '@/lib/ledger';
import { setFeeRuleAsSystem } from '@/lib/payments/fees';
import { isSettlementDay } from '@/lib/calendar/holidays';
import { runSettlement, settlementWindow } from '@/lib/payments/settlement';
import { cancelRefund, createRefund } from '@/lib/refunds';
import { testDb } from '@/test/db';
import { closeSplitInvoice } from '.';
import { invoiceBody, makeBeneficiary, makeInvoice, makeMarketplace, newBill, payInvoice } from './fixtures';

/**
 * Reproduces, without timing luck, what the split simulation found: a refund made (or withdrawn)
 * while the settlement of one of its parties commits decides "pending or withdrawable" from a
 * split_parts row it read before the settlement moved it. Another connection holds the part the
 * refund touches first (FOR NO KEY UPDATE), so the refund stops after reading every part and before
 * writing the next; the settlement of the other party commits meanwhile; then the hold is let go.
 */

const db = testDb();

beforeAll(async () => {
  const r = await setFeeRuleAsSystem(db, { serviceId: 'split', percent: 100, fixed: 0n, min: 0n, max: null });
  if (!r.ok) throw new Error('fee');
});

function nextRun(): Date {
  for (let d = 0; d < 15; d++) {
    const run = new Date(new Date(Date.now() + d * 86_400_000).toISOString().slice(0, 10) + 'T06:30:00Z');
    // A settlement day: a Friday's or a holiday's run moves nothing (runSettlement skips it), so a
    // test run on a Wednesday evening (Tehran already Thursday) must not pick Friday's.
    const { runDate, cutoff } = settlementWindow(run);
    if (run.getTime() > Date.now() && cutoff.getTime() > Date.now() && isSettlementDay(runDate)) return run;
  }
  throw new Error('no run');
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * 600 000 to the marketplace, 400 000 to one beneficiary, paid and closed; refunds go out as
 * payouts (no gateway session). The marketplace's part sorts first by id as well as by position,
 * so whichever order the database hands a refund's parts in, the marketplace's comes first.
 */
async function closedInvoice() {
  const m = await makeMarketplace(db);
  const a = await makeBeneficiary(db, m);
  for (;;) {
    const inv = await makeInvoice(db, m, invoiceBody(newBill(), 600_000n, [{ beneficiaryId: a.beneficiary.id, share: 400_000n }]));
    const parts = await db.select().from(splitParts).where(eq(splitParts.invoiceId, inv.id)).orderBy(asc(splitParts.position));
    if (parts[0].id > parts[1].id) continue;
    const { payment } = await payInvoice(db, inv.id);
    expect((await closeSplitInvoice(db, m.actor, inv.id)).ok).toBe(true);
    await db.update(payments).set({ gatewayToken: null }).where(eq(payments.id, payment.id));
    await accountFor(db, 'platform_withdrawable', a.platformId);
    return { m, a, inv, payment, parts };
  }
}

/**
 * Starts `blocked` while another connection holds `partId`, runs `during` meanwhile, then lets go.
 * Today the settlement does not wait for the stopped refund and commits first; with the parts
 * locked it queues behind the refund instead, so the hold is let go after a moment either way.
 */
async function whileHeld<T>(partId: string, blocked: () => Promise<T>, during: () => Promise<unknown>): Promise<T> {
  let result!: Promise<T>;
  let meanwhile!: Promise<unknown>;
  await db.transaction(async (tx) => {
    await tx.execute(sql`select 1 from split_parts where id = ${partId} for no key update`);
    result = blocked();
    await sleep(500);
    meanwhile = during();
    await Promise.race([meanwhile, sleep(1_500)]);
  });
  await meanwhile;
  return result;
}

describe('a split refund racing its party’s settlement', () => {
  it('a refund read before the settlement and written after it takes from pending what the settlement already moved', async () => {
    const { m, a, payment, parts } = await closedInvoice();
    const run = nextRun();
    // Held at the marketplace's part, the refund has read the beneficiary's as unsettled.
    const r = await whileHeld(
      parts[0].id,
      () => createRefund(db, m.actor, { paymentId: payment.id, amount: 500_000n, reason: 'race' }, { returnsFee: false }),
      () => runSettlement(db, run, { platformId: a.platformId }),
    );
    expect(r.ok).toBe(true);
    // The beneficiary gave back 200 000 of a share of 400 000 that had settled: 200 000 withdrawable, nothing pending.
    expect(await platformBalances(db, a.platformId)).toEqual({ pending: 0n, withdrawable: 200_000n });
    expect(await ledgerViolations(db)).toEqual({ unbalanced: [], drifted: [], negative: [] });
  });

  it('a refund withdrawn after the settlement read the part gives back to pending what the settlement left out', async () => {
    const { m, a, payment, parts } = await closedInvoice();
    const made = await createRefund(db, m.actor, { paymentId: payment.id, amount: 500_000n, reason: 'race' }, { returnsFee: false });
    expect(made).toMatchObject({ ok: true, data: { refund: { state: 'awaiting_account' } } });
    const [refund] = await db.select().from(refunds).where(eq(refunds.paymentId, payment.id));
    const run = nextRun();
    const r = await whileHeld(
      parts[0].id,
      () => cancelRefund(db, m.actor, { refundId: refund.id }),
      () => runSettlement(db, run, { platformId: a.platformId }),
    );
    expect(r.ok).toBe(true);
    // Withdrawn, the beneficiary has its whole share back; settled, all of it is withdrawable, nothing pending.
    expect(await platformBalances(db, a.platformId)).toEqual({ pending: 0n, withdrawable: 400_000n });
    expect(await ledgerViolations(db)).toEqual({ unbalanced: [], drifted: [], negative: [] });
  });
});
