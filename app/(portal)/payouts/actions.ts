'use server';

import { revalidatePath } from 'next/cache';
import { action } from '@/lib/actions/action';
import { addBankAccount, cancelPayout, removeBankAccount, requestPayout } from '@/lib/payouts';
import {
  addBankAccountSchema,
  cancelPayoutSchema,
  removeBankAccountSchema,
  requestPayoutSchema,
  setAutoSettlementSchema,
  setDefaultBankAccountSchema,
} from '@/lib/payouts/schemas';
import { setAutoSettlement, setDefaultBankAccount } from '@/lib/payouts/settings';

export const addBankAccountAction = action({ who: 'merchant-kyc', schema: addBankAccountSchema }, async (actor, input, { db }) => {
  const r = await addBankAccount(db, actor, input);
  if (r.ok) revalidatePath('/payouts/accounts');
  return r;
});

export const removeBankAccountAction = action({ who: 'merchant-kyc', schema: removeBankAccountSchema }, async (actor, input, { db }) => {
  const r = await removeBankAccount(db, actor, input);
  if (r.ok) revalidatePath('/payouts/accounts');
  return r;
});

export const setDefaultBankAccountAction = action({ who: 'merchant-kyc', schema: setDefaultBankAccountSchema }, async (actor, input, { db }) => {
  const r = await setDefaultBankAccount(db, actor, input);
  if (r.ok) revalidatePath('/payouts/accounts');
  return r;
});

export const setAutoSettlementAction = action({ who: 'merchant-kyc', schema: setAutoSettlementSchema }, async (actor, input, { db }) => {
  const r = await setAutoSettlement(db, actor, input);
  if (r.ok) revalidatePath('/payouts/accounts');
  return r;
});

export const requestPayoutAction = action({ who: 'merchant-kyc', schema: requestPayoutSchema }, async (actor, input, { db }) => {
  const r = await requestPayout(db, actor, input);
  if (r.ok) revalidatePath('/payouts');
  return r;
});

export const cancelPayoutAction = action({ who: 'merchant-kyc', schema: cancelPayoutSchema }, async (actor, input, { db }) => {
  const r = await cancelPayout(db, actor, input);
  if (r.ok) revalidatePath('/payouts');
  return r;
});
