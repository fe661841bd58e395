'use server';

import { revalidatePath } from 'next/cache';
import { redirect } from 'next/navigation';
import { action } from '@/lib/actions/action';
import { revalidated, revalidatedIfOk } from '@/lib/actions/revalidate';
import { isLiveKeyOf } from '@/lib/actions/step-up';
import { revokeApiKey, rollApiKey, setIpAllowList } from '@/lib/api-keys';
import { addPlatform, issueLiveKey, setPlatformPaused } from '@/lib/platforms';
import { acceptTermsAndRequest } from '@/lib/services';
import { requestServiceSchema } from '@/lib/services/schemas';
import {
  addPlatformSchema,
  ipAllowListSchema,
  keyRefSchema,
  platformRefSchema,
  rollKeySchema,
  setPausedSchema,
  setWebhookSchema,
} from '@/lib/validation/platforms';
import { setWebhookEndpoint } from '@/lib/webhooks/endpoints';

/** A key's own platform page, which lists it. */
const keyPlatformPage = (r: { data: { platformId: string } }) => `/platforms/${r.data.platformId}`;

export const requestServiceAction = action({ who: 'merchant', need: 'platforms', schema: requestServiceSchema }, async (actor, input, { db }) => {
  const r = await acceptTermsAndRequest(db, actor, input);
  if (!r.ok) return r;
  revalidatePath('/services');
  redirect(`/services/${r.data.merchantServiceId}`);
});

export const addPlatformAction = action(
  { who: 'merchant', need: 'platforms', schema: addPlatformSchema, revalidate: (input) => `/services/${input.merchantServiceId}` },
  (actor, input, { db }) => addPlatform(db, actor, input),
);

// Sensitive (`stepUp`): a code from the authenticator within the last 15 minutes (`twoFactorStale` brings the prompt).
export const issueLiveKeyAction = action({ who: 'merchant-kyc', need: 'keys', schema: platformRefSchema, stepUp: true }, (actor, input, { db }) =>
  revalidated(issueLiveKey(db, actor, input), `/platforms/${input.platformId}`),
);

/** Rolling a live key asks for a fresh code; a sandbox key does not. */
export const rollKeyAction = action(
  { who: 'merchant-kyc', need: 'keys', schema: rollKeySchema, stepUp: (input, actor, { db }) => isLiveKeyOf(db, actor, input.keyId) },
  (actor, input, { db }) => revalidatedIfOk(rollApiKey(db, actor, input), keyPlatformPage),
);

export const revokeKeyAction = action({ who: 'merchant', need: 'keys', schema: keyRefSchema }, (actor, input, { db }) =>
  revalidatedIfOk(revokeApiKey(db, actor, input), keyPlatformPage),
);

export const setIpAllowListAction = action({ who: 'merchant-kyc', need: 'keys', schema: ipAllowListSchema }, (actor, input, { db }) =>
  revalidatedIfOk(setIpAllowList(db, actor, input), keyPlatformPage),
);

export const setPausedAction = action({ who: 'merchant-kyc', need: 'platforms', schema: setPausedSchema }, (actor, input, { db }) =>
  revalidated(setPlatformPaused(db, actor, input), `/platforms/${input.platformId}`),
);

export const setWebhookAction = action({ who: 'merchant-kyc', need: 'keys', schema: setWebhookSchema }, (actor, input, { db }) =>
  revalidated(setWebhookEndpoint(db, actor, input), `/platforms/${input.platformId}`),
);
