'use server';

import { action } from '@/lib/actions/action';
import { ok, withoutData } from '@/lib/result';
import { reconcileDay, resolveReconItem } from '@/lib/vpos/reconcile';
import { vposReconResolveSchema, vposReconRunSchema } from '@/lib/vpos/schemas';

// Reconciliation of the virtual POS against N Kolay: the merchant's own definitions and findings
// only (lib answers `notFound` for anyone else's).

/** Runs one Turkish day of one definition now; the page goes on to the run's report. */
export const runReconciliationAction = action(
  { who: 'merchant-kyc', need: 'reports', schema: vposReconRunSchema, revalidate: '/vpos/reconciliation' },
  async (actor, input, { db }) => {
    const r = await reconcileDay(db, actor, input.definitionId, input.day);
    return r.ok ? ok({ runId: r.data.runId }) : r;
  },
);

/** Enters a bank-only sale by hand, or marks a finding resolved, with the reason. */
export const resolveReconItemAction = action({ who: 'merchant-kyc', need: 'reports', schema: vposReconResolveSchema }, async (actor, input, { db }) =>
  withoutData(await resolveReconItem(db, actor, input)),
);
