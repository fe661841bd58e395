'use server';

import { revalidatePath } from 'next/cache';
import { action } from '@/lib/actions/action';
import { decideBankAccount, decidePayout, setMoneyBackRules, setPayoutRules } from '@/lib/payouts';
import { buildBatch, markBatchSent, settleBatchPayout } from '@/lib/payouts/batches';
import {
  batchIdSchema,
  buildBatchSchema,
  decideAccountSchema,
  decidePayoutSchema,
  moneyBackRulesSchema,
  payoutRulesSchema,
  settleBatchPayoutSchema,
} from '@/lib/payouts/staff-schemas';
import { ok } from '@/lib/result';

export const decidePayoutAction = action({ who: 'staff', schema: decidePayoutSchema }, async (actor, input, { db }) => {
  const r = await decidePayout(db, actor, input);
  revalidatePath('/admin/payouts');
  return r.ok ? ok() : r;
});

export const decideBankAccountAction = action({ who: 'staff', schema: decideAccountSchema }, async (actor, input, { db }) => {
  const r = await decideBankAccount(db, actor, input);
  revalidatePath('/admin/payouts/accounts');
  return r.ok ? ok() : r;
});

export const setPayoutRulesAction = action({ who: 'staff', schema: payoutRulesSchema }, async (actor, input, { db }) => {
  const r = await setPayoutRules(db, actor, input);
  revalidatePath('/admin/payouts/rules');
  return r.ok ? ok() : r;
});

export const buildBatchAction = action({ who: 'staff', schema: buildBatchSchema }, async (actor, input, { db }) => {
  const r = await buildBatch(db, actor, input);
  revalidatePath('/admin/payouts/batches');
  return r.ok ? ok({ batchId: r.data.id }) : r;
});

export const markBatchSentAction = action({ who: 'staff', schema: batchIdSchema }, async (actor, input, { db }) => {
  const r = await markBatchSent(db, actor, input);
  revalidatePath('/admin/payouts/batches');
  return r;
});

export const settleBatchPayoutAction = action({ who: 'staff', schema: settleBatchPayoutSchema }, async (actor, input, { db }) => {
  const r = await settleBatchPayout(db, actor, input);
  revalidatePath('/admin/payouts/batches');
  return r;
});

export const setMoneyBackRulesAction = action({ who: 'staff', schema: moneyBackRulesSchema }, async (actor, input, { db }) => {
  const r = await setMoneyBackRules(db, actor, input);
  revalidatePath('/admin/payouts/rules');
  return r.ok ? ok() : r;
});
