import type { Db } from '@/db';
import { pollRailInvoices } from '@/lib/ivr';
import { runJanitor } from '@/lib/payments';
import { runRefundJanitor } from '@/lib/refunds';
import { runTopupJanitor } from '@/lib/topup';
import { logger } from '@/lib/log';

type Sweep = (db: Db, now: Date) => Promise<{ inquired: number }>;

/**
 * What the minutely janitor asks the banks about: payments without an answer, refunds without one,
 * phone invoices on PayStar's rail (which has no callback: their result is polled), and paid top-ups
 * not yet delivered or left in progress by the provider.
 */
export const JANITOR_SWEEPS: Record<string, Sweep> = {
  payments: runJanitor,
  refunds: runRefundJanitor,
  'phone invoices': async (db, now) => ({ inquired: (await pollRailInvoices(db, now)).polled }),
  'top-ups': runTopupJanitor,
};

/**
 * The minutely janitor job: every sweep runs even when one before it threw (a bank that times out
 * on payments must not leave refunds unasked); the failures are thrown together afterwards, so
 * pg-boss records the job as failed and the log shows each.
 */
export async function runJanitors(db: Db, now = new Date(), sweeps = JANITOR_SWEEPS): Promise<Record<string, number>> {
  const inquired: Record<string, number> = {};
  const failures: unknown[] = [];
  for (const [name, sweep] of Object.entries(sweeps)) {
    try {
      inquired[name] = (await sweep(db, now)).inquired;
      if (inquired[name]) logger({ module: 'janitor' }).info({ sweep: name, inquired: inquired[name] }, 'asked the bank');
    } catch (e) {
      logger({ module: 'janitor' }).error({ sweep: name, err: e }, 'janitor sweep failed');
      failures.push(e);
    }
  }
  if (failures.length) throw new AggregateError(failures, `janitor: ${failures.length} sweep(s) failed`);
  return inquired;
}
