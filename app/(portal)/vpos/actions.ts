'use server';

import { vposPlatformDefaultSchema } from '@/components/vpos/schemas';
import type { CollectResult, ReversalResult } from '@/components/vpos/types';
import { action } from '@/lib/actions/action';
import { baseUrl } from '@/lib/http/base-url';
import { ok } from '@/lib/result';
import { createVposDefinition, setPlatformVposDefinition, setVposDefinitionEnabled, testVposDefinition, updateVposDefinition } from '@/lib/vpos/definitions';
import { collectByCard, createVposPayLink, reverseVposPayment } from '@/lib/vpos/payments';
import {
  vposCollectSchema,
  vposDefinitionRefSchema,
  vposDefinitionSchema,
  vposDefinitionToggleSchema,
  vposDefinitionUpdateSchema,
  vposPayLinkSchema,
  vposReversalSchema,
} from '@/lib/vpos/schemas';

/**
 * The virtual POS screens' server actions. Each re-checks the session (a merchant with approved
 * customer information) through `action()`; lib refuses another merchant's definition, platform or
 * payment as not found. Card data reaches `collectByCard` for its one call and is not returned,
 * kept or logged here: only its masked form goes back to the screen.
 */

export const createVposDefinitionAction = action(
  { who: 'merchant-kyc', need: 'platforms', schema: vposDefinitionSchema, revalidate: '/vpos/definitions' },
  (actor, input, { db }) => createVposDefinition(db, actor, input),
);

export const updateVposDefinitionAction = action(
  { who: 'merchant-kyc', need: 'platforms', schema: vposDefinitionUpdateSchema, revalidate: '/vpos/definitions' },
  (actor, input, { db }) => updateVposDefinition(db, actor, input),
);

export const setVposDefinitionEnabledAction = action(
  { who: 'merchant-kyc', need: 'platforms', schema: vposDefinitionToggleSchema, revalidate: '/vpos/definitions' },
  (actor, input, { db }) => setVposDefinitionEnabled(db, actor, input.id, input.enabled),
);

/** The definition's harmless test call; its result is kept on the definition and shown. */
export const testVposDefinitionAction = action(
  { who: 'merchant-kyc', need: 'platforms', schema: vposDefinitionRefSchema, revalidate: '/vpos/definitions' },
  (actor, input, { db }) => testVposDefinition(db, actor, input.id),
);

export const setVposPlatformDefinitionAction = action(
  { who: 'merchant-kyc', need: 'platforms', schema: vposPlatformDefaultSchema, revalidate: '/vpos/definitions' },
  (actor, input, { db }) => setPlatformVposDefinition(db, actor, input.platformId, input.definitionId),
);

export const collectByCardAction = action(
  { who: 'merchant-kyc', need: 'sell', schema: vposCollectSchema, revalidate: '/vpos' },
  async (actor, input, { db }) => {
    const r = await collectByCard(db, actor, input, await baseUrl());
    if (!r.ok) return r;
    const o = r.data!;
    if (o.step === 'paid') {
      const n = input.card.number;
      return ok<CollectResult>({
        ...o,
        amount: input.amount.toString(),
        cardMasked: `${n.slice(0, 6)}******${n.slice(-4)}`,
        installments: input.installments,
      });
    }
    return ok<CollectResult>(o);
  },
);

/** A pay link to N Kolay's own page for the customer: the card-free alternative to the card form. */
export const createVposPayLinkAction = action({ who: 'merchant-kyc', need: 'sell', schema: vposPayLinkSchema, revalidate: '/vpos' }, (actor, input, { db }) =>
  baseUrl().then((origin) =>
    createVposPayLink(
      db,
      actor,
      {
        definitionId: input.definitionId,
        amount: input.amount,
        customerName: input.customerName,
        customerPhone: input.customerPhone,
        description: input.description,
      },
      origin,
    ),
  ),
);

export const reverseVposPaymentAction = action(
  { who: 'merchant-kyc', need: 'sell', schema: vposReversalSchema, revalidate: (input) => `/vpos/payments/${input.paymentId}` },
  async (actor, input, { db }) => {
    const r = await reverseVposPayment(db, actor, { paymentId: input.paymentId, kind: input.kind, amount: input.kind === 'refund' ? input.amount : undefined });
    if (!r.ok) return r;
    const { state, bankCode, message } = r.data!;
    return ok<ReversalResult>({ state, bankCode, message });
  },
);
