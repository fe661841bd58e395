'use server';

import { revalidatePath } from 'next/cache';
import { action } from '@/lib/actions/action';
import { decideBankAccount, decidePayout, setMoneyBackRules, setPayoutRules } from '@/lib/payouts';
import { approveBatch, buildBatch, markBatchSent, settleBatchPayout } from '@/lib/payouts/batches';
import { approveBatchSchema } from '@/lib/staff/schemas';
import {
  batchIdSchema,
  buildBatchSchema,
  decideAccountSchema,
  decidePayoutSchema,
  moneyBackRulesSchema,
  payoutRulesSchema,
  settleBatchPayoutSchema,
} from '@/lib/payouts/staff-schemas';
import { ok, withoutData } from '@/lib/result';

// Approvals (a payout, an account, a large batch) ask for a fresh authenticator code (`stepUp`); rejections do not.
export const decidePayoutAction = action(
  { who: 'staff', area: 'payouts', schema: decidePayoutSchema, revalidate: '/admin/payouts', stepUp: (input) => input.approve },
  async (actor, input, { db }) => withoutData(await decidePayout(db, actor, input)),
);

export const decideBankAccountAction = action(
  { who: 'staff', area: 'payouts', schema: decideAccountSchema, revalidate: '/admin/payouts/accounts', stepUp: (input) => input.approve },
  async (actor, input, { db }) => withoutData(await decideBankAccount(db, actor, input)),
);

export const setPayoutRulesAction = action(
  { who: 'staff', area: 'payouts', schema: payoutRulesSchema, revalidate: '/admin/payouts/rules' },
  async (actor, input, { db }) => withoutData(await setPayoutRules(db, actor, input)),
);

export const buildBatchAction = action({ who: 'staff', area: 'payouts', schema: buildBatchSchema }, async (actor, input, { db }) => {
  const r = await buildBatch(db, actor, input);
  revalidatePath('/admin/payouts/batches');
  return r.ok ? ok({ batchId: r.data.id }) : r;
});

export const markBatchSentAction = action(
  { who: 'staff', area: 'payouts', schema: batchIdSchema, revalidate: '/admin/payouts/batches' },
  (actor, input, { db }) => markBatchSent(db, actor, input),
);

export const settleBatchPayoutAction = action(
  { who: 'staff', area: 'payouts', schema: settleBatchPayoutSchema, revalidate: '/admin/payouts/batches' },
  (actor, input, { db }) => settleBatchPayout(db, actor, input),
);

export const setMoneyBackRulesAction = action(
  { who: 'staff', area: 'payouts', schema: moneyBackRulesSchema, revalidate: '/admin/payouts/rules' },
  async (actor, input, { db }) => withoutData(await setMoneyBackRules(db, actor, input)),
);

/** The second finance approver of a batch above the four-eyes threshold (never its builder). */
export const approveBatchAction = action(
  { who: 'staff', area: 'payouts', schema: approveBatchSchema, revalidate: '/admin/payouts/batches', stepUp: true },
  (actor, input, { db }) => approveBatch(db, actor, input),
);
