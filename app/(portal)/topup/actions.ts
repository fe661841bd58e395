'use server';

import { action } from '@/lib/actions/action';
import { withoutData } from '@/lib/result';
import { storeSettingsSchema } from '@/lib/topup/schemas';
import { saveStoreSettings } from '@/lib/topup/store';

export const saveStoreSettingsAction = action(
  { who: 'merchant-kyc', need: 'platforms', schema: storeSettingsSchema, revalidate: '/topup' },
  async (actor, input, { db }) => withoutData(await saveStoreSettings(db, actor, input)),
);
