import { afterEach, describe, expect, it, vi } from 'vitest';
import { ledgerViolations } from '@/lib/ledger';
import { getRefund, createRefund } from '@/lib/refunds';
import { paidPayment } from '@/lib/refunds/fixtures';
import { testDb } from '@/test/db';
import { JANITOR_SWEEPS, runJanitors } from './janitor';
import { SANDBOX_CARD } from '@/lib/gateways/sandbox-cards';

const db = testDb();

afterEach(async () => {
  vi.restoreAllMocks();
  expect(await ledgerViolations(db)).toEqual({ unbalanced: [], drifted: [], negative: [] });
});

describe('the minutely janitor', () => {
  it('asks about a refund the bank left unanswered, even when the payments sweep before it throws', async () => {
    const { actor, payment } = await paidPayment(db, { card: SANDBOX_CARD.refundTimeout });
    const r = await createRefund(db, actor, { paymentId: payment.id, amount: 200_000n, reason: 'late bank' });
    if (!r.ok) throw new Error(JSON.stringify(r));
    expect(r.data.refund.state).toBe('processing');
    vi.spyOn(console, 'error').mockImplementation(() => {});
    const later = new Date(Date.now() + 10 * 60_000);
    const broken = async () => {
      throw new Error('the bank is down');
    };
    await expect(runJanitors(db, later, { payments: broken, refunds: JANITOR_SWEEPS.refunds })).rejects.toThrow('1 sweep(s) failed');
    expect((await getRefund(db, actor, r.data.refund.id))!.state).toBe('succeeded');
  });

  it('runs every sweep of the worker’s job', async () => {
    expect(Object.keys(JANITOR_SWEEPS)).toEqual(['payments', 'refunds', 'phone invoices', 'top-ups']);
    const inquired = await runJanitors(db, new Date(), { payments: async () => ({ inquired: 0 }), refunds: async () => ({ inquired: 2 }) });
    expect(inquired).toEqual({ payments: 0, refunds: 2 });
  });
});
