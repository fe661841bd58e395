'use server';

import { action } from '@/lib/actions/action';
import { setIvrRail } from '@/lib/ivr';
import { ok } from '@/lib/result';
import { setIvrRailSchema } from '@/lib/validation/ivr';

export const setIvrRailAction = action({ who: 'staff', area: 'ivr', schema: setIvrRailSchema, revalidate: '/admin/ivr' }, async (actor, input, { db }) => {
  const r = await setIvrRail(db, actor, input.platformId, input.rail);
  return r.ok ? ok() : r;
});
