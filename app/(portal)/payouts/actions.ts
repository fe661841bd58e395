'use server';

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

// Sensitive (`stepUp`): a code from the authenticator within the last 15 minutes (`twoFactorStale` brings the prompt).
export const addBankAccountAction = action(
  { who: 'merchant-kyc', need: 'bankAccounts', schema: addBankAccountSchema, revalidate: '/payouts/accounts', stepUp: true },
  (actor, input, { db }) => addBankAccount(db, actor, input),
);

export const removeBankAccountAction = action(
  { who: 'merchant-kyc', need: 'bankAccounts', schema: removeBankAccountSchema, revalidate: '/payouts/accounts' },
  (actor, input, { db }) => removeBankAccount(db, actor, input),
);

export const setDefaultBankAccountAction = action(
  { who: 'merchant-kyc', need: 'bankAccounts', schema: setDefaultBankAccountSchema, revalidate: '/payouts/accounts' },
  (actor, input, { db }) => setDefaultBankAccount(db, actor, input),
);

export const setAutoSettlementAction = action(
  { who: 'merchant-kyc', need: 'payouts', schema: setAutoSettlementSchema, revalidate: '/payouts/accounts' },
  (actor, input, { db }) => setAutoSettlement(db, actor, input),
);

export const requestPayoutAction = action(
  { who: 'merchant-kyc', need: 'payouts', schema: requestPayoutSchema, revalidate: '/payouts', stepUp: true },
  (actor, input, { db }) => requestPayout(db, actor, input),
);

export const cancelPayoutAction = action({ who: 'merchant-kyc', need: 'payouts', schema: cancelPayoutSchema, revalidate: '/payouts' }, (actor, input, { db }) =>
  cancelPayout(db, actor, input),
);
