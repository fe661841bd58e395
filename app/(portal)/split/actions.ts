'use server';

import { action } from '@/lib/actions/action';
import { ok, withoutData } from '@/lib/result';
import {
  acceptInvitation,
  addBeneficiary,
  cancelSplitInvoice,
  closeManySplitInvoices,
  closeSplitInvoice,
  declineInvitation,
  removeBeneficiary,
  saveMarketplaceSettings,
  setPermission,
  verifySplitInvoice,
  withdrawForSubBusiness,
} from '@/lib/split';
import {
  addBeneficiarySchema,
  beneficiaryRefSchema,
  closeManySchema,
  marketplaceSettingsSchema,
  setPermissionSchema,
  splitInvoiceRefSchema,
} from '@/lib/split/schemas';
import { withdrawForSubBusinessSchema } from '@/lib/validation/split';

// The marketplace's side: its settings, its beneficiaries, its invoices. Pages refresh themselves
// (router.refresh) where the path is not known from the input.

export const saveMarketplaceSettingsAction = action(
  { who: 'merchant-kyc', need: 'sell', schema: marketplaceSettingsSchema, revalidate: (input) => `/split/${input.platformId}` },
  async (actor, input, { db }) => withoutData(await saveMarketplaceSettings(db, actor, input)),
);

/** What the marketplace learns after adding: the state only (an invitation says nothing of whether the number has an account). */
export const addBeneficiaryAction = action(
  { who: 'merchant-kyc', need: 'sell', schema: addBeneficiarySchema, revalidate: (input) => `/split/${input.marketplaceId}/beneficiaries` },
  async (actor, input, { db }) => {
    const r = await addBeneficiary(db, actor, input);
    return r.ok ? ok({ state: r.data.state }) : r;
  },
);

export const removeBeneficiaryAction = action({ who: 'merchant-kyc', need: 'sell', schema: beneficiaryRefSchema }, async (actor, input, { db }) =>
  withoutData(await removeBeneficiary(db, actor, input)),
);

export const closeSplitInvoiceAction = action({ who: 'merchant-kyc', need: 'sell', schema: splitInvoiceRefSchema }, async (actor, input, { db }) =>
  withoutData(await closeSplitInvoice(db, actor, input.invoiceId)),
);

export const verifySplitInvoiceAction = action({ who: 'merchant-kyc', need: 'sell', schema: splitInvoiceRefSchema }, async (actor, input, { db }) =>
  withoutData(await verifySplitInvoice(db, actor, input.invoiceId)),
);

export const cancelSplitInvoiceAction = action({ who: 'merchant-kyc', need: 'sell', schema: splitInvoiceRefSchema }, async (actor, input, { db }) =>
  withoutData(await cancelSplitInvoice(db, actor, input.invoiceId)),
);

/** Each invoice closed on its own; the answer says which were refused and why. */
export const closeManySplitInvoicesAction = action({ who: 'merchant-kyc', need: 'sell', schema: closeManySchema }, async (actor, input, { db }) =>
  ok(await closeManySplitInvoices(db, actor, input.invoiceIds)),
);

// The beneficiary's side: its invitations and the dealer permission it gives. No KYC needed to look
// or decline; accepting checks it (lib answers `kycNotApproved`).

export const acceptInvitationAction = action(
  { who: 'merchant', need: 'sell', schema: beneficiaryRefSchema, revalidate: '/split/marketplaces' },
  async (actor, input, { db }) => withoutData(await acceptInvitation(db, actor, input)),
);

export const declineInvitationAction = action(
  { who: 'merchant', need: 'sell', schema: beneficiaryRefSchema, revalidate: '/split/marketplaces' },
  async (actor, input, { db }) => withoutData(await declineInvitation(db, actor, input)),
);

export const setPermissionAction = action(
  { who: 'merchant', need: 'sell', schema: setPermissionSchema, revalidate: '/split/marketplaces' },
  async (actor, input, { db }) => withoutData(await setPermission(db, actor, input)),
);

/** A payout from a sub-business's own balance to its own approved account, asked for by the marketplace that manages it: a withdrawal, so a fresh authenticator code (`stepUp`). */
export const withdrawForSubBusinessAction = action(
  { who: 'merchant-kyc', need: 'payouts', schema: withdrawForSubBusinessSchema, stepUp: true },
  async (actor, input, { db }) => withoutData(await withdrawForSubBusiness(db, actor, input)),
);
