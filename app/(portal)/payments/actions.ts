'use server';

import { revalidatePath } from 'next/cache';
import { action } from '@/lib/actions/action';
import { baseUrl } from '@/lib/http/base-url';
import { buildLink, saveLinkSettings } from '@/lib/payments/link-settings';
import { decideSlip } from '@/lib/payments/slips';
import { cancelRefund, createRefund, resendRefundLink } from '@/lib/refunds';
import { createRefundSchema, refundIdSchema } from '@/lib/refunds/schemas';
import { err, ok } from '@/lib/result';
import { buildLinkSchema, resendWebhookSchema, saveLinkSettingsSchema, slipDecisionSchema } from '@/lib/validation/payments';
import { resendEvent } from '@/lib/webhooks/events';

export const saveLinkSettingsAction = action({ who: 'merchant-kyc', need: 'platforms', schema: saveLinkSettingsSchema }, async (actor, input, { db }) => {
  const r = await saveLinkSettings(db, actor, input);
  if (r.ok) revalidatePath(`/platforms/${input.platformId}`);
  return r.ok ? ok() : r;
});

export const buildLinkAction = action({ who: 'merchant-kyc', need: 'sell', schema: buildLinkSchema }, async (actor, input, { db }) =>
  buildLink(db, actor, input, await baseUrl()),
);

export const decideSlipAction = action({ who: 'merchant-kyc', need: 'sell', schema: slipDecisionSchema }, async (actor, input, { db }) => {
  const r = await decideSlip(db, actor, input);
  if (r.ok) revalidatePath('/payments/links');
  return r.ok ? ok() : r;
});

export const resendWebhookAction = action({ who: 'merchant-kyc', need: 'keys', schema: resendWebhookSchema }, async (actor, input, { db }) => {
  if (!(await resendEvent(db, actor, input.eventId))) return err('notFound');
  revalidatePath(`/platforms/${input.platformId}`);
  return ok();
});

export const createRefundAction = action({ who: 'merchant-kyc', need: 'sell', schema: createRefundSchema }, async (actor, input, { db }) => {
  const r = await createRefund(db, actor, input);
  if (!r.ok) return r;
  revalidatePath(`/reports/transactions/${input.paymentId}`);
  return ok({ state: r.data.refund.state, payerLink: r.data.payerLink });
});

export const cancelRefundAction = action({ who: 'merchant-kyc', need: 'sell', schema: refundIdSchema }, async (actor, input, { db }) => {
  const r = await cancelRefund(db, actor, input);
  if (r.ok) revalidatePath(`/reports/transactions/${r.data.paymentId}`);
  return r.ok ? ok() : r;
});

export const resendRefundLinkAction = action({ who: 'merchant-kyc', need: 'sell', schema: refundIdSchema }, async (actor, input, { db }) =>
  resendRefundLink(db, actor, input),
);
