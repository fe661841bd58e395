'use server';

import { revalidatePath } from 'next/cache';
import { redirect } from 'next/navigation';
import { action } from '@/lib/actions/action';
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

export const requestServiceAction = action({ who: 'merchant', schema: requestServiceSchema }, async (actor, input, { db }) => {
  const r = await acceptTermsAndRequest(db, actor, input);
  if (!r.ok) return r;
  revalidatePath('/services');
  redirect(`/services/${r.data.merchantServiceId}`);
});

export const addPlatformAction = action({ who: 'merchant', schema: addPlatformSchema }, async (actor, input, { db }) => {
  const r = await addPlatform(db, actor, input);
  if (r.ok) revalidatePath(`/services/${input.merchantServiceId}`);
  return r;
});

export const issueLiveKeyAction = action({ who: 'merchant-kyc', schema: platformRefSchema }, async (actor, input, { db }) => {
  const r = await issueLiveKey(db, actor, input);
  revalidatePath(`/platforms/${input.platformId}`);
  return r;
});

export const rollKeyAction = action({ who: 'merchant-kyc', schema: rollKeySchema }, async (actor, input, { db }) => {
  const r = await rollApiKey(db, actor, input);
  if (r.ok) revalidatePath(`/platforms/${r.data.platformId}`);
  return r;
});

export const revokeKeyAction = action({ who: 'merchant', schema: keyRefSchema }, async (actor, input, { db }) => {
  const r = await revokeApiKey(db, actor, input);
  if (r.ok) revalidatePath(`/platforms/${r.data.platformId}`);
  return r;
});

export const setIpAllowListAction = action({ who: 'merchant-kyc', schema: ipAllowListSchema }, async (actor, input, { db }) => {
  const r = await setIpAllowList(db, actor, input);
  if (r.ok) revalidatePath(`/platforms/${r.data.platformId}`);
  return r;
});

export const setPausedAction = action({ who: 'merchant-kyc', schema: setPausedSchema }, async (actor, input, { db }) => {
  const r = await setPlatformPaused(db, actor, input);
  revalidatePath(`/platforms/${input.platformId}`);
  return r;
});

export const setWebhookAction = action({ who: 'merchant-kyc', schema: setWebhookSchema }, async (actor, input, { db }) => {
  const r = await setWebhookEndpoint(db, actor, input);
  revalidatePath(`/platforms/${input.platformId}`);
  return r;
});
