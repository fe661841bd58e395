'use server';

import { revalidatePath } from 'next/cache';
import { action } from '@/lib/actions/action';
import { resolveAlert } from '@/lib/payments/admin';
import { decideSlip } from '@/lib/payments/slips';
import { ok } from '@/lib/result';
import { resolveAlertSchema, slipDecisionSchema } from '@/lib/validation/payments';

/** Staff may confirm or reject any merchant's slip. */
export const staffDecideSlipAction = action(
  { who: 'staff', area: 'payments', schema: slipDecisionSchema, stepUp: (input) => input.approve },
  async (actor, input, { db }) => {
    const r = await decideSlip(db, actor, input);
    if (r.ok) revalidatePath('/admin/payments');
    return r.ok ? ok() : r;
  },
);

/** A plain form post (works before scripts load). */
export const resolveAlertAction = action({ who: 'staff', area: 'payments', schema: resolveAlertSchema }, async (actor, input, { db }) => {
  const r = await resolveAlert(db, actor, input);
  revalidatePath('/admin/payments');
  return r;
});
