'use server';

import { action } from '@/lib/actions/action';
import { revalidated } from '@/lib/actions/revalidate';
import { decideFeeChange, proposeFeeChange } from '@/lib/payments/fees';
import { publishTerms, updateService } from '@/lib/services';
import { publishServiceTermsSchema, setFeeSchema, updateServiceSchema } from '@/lib/services/schemas';
import { decideFeeChangeSchema } from '@/lib/staff/schemas';

export const updateServiceAction = action({ who: 'staff', area: 'services', schema: updateServiceSchema }, (actor, input, { db }) =>
  revalidated(updateService(db, actor, input), '/admin/services'),
);

export const publishTermsAction = action({ who: 'staff', area: 'services', schema: publishServiceTermsSchema }, (actor, input, { db }) =>
  revalidated(publishTerms(db, actor, input), '/admin/services'),
);

/** A fee change is proposed here; it takes effect when a second operations member approves it. */
export const setFeeAction = action({ who: 'staff', area: 'services', schema: setFeeSchema }, async (actor, input, { db }) => {
  const r = await revalidated(proposeFeeChange(db, actor, input), '/admin/services');
  return r.ok ? { ok: true as const, data: undefined } : r;
});

export const decideFeeChangeAction = action(
  { who: 'staff', area: 'services', schema: decideFeeChangeSchema, stepUp: (input) => input.approve },
  async (actor, input, { db }) => {
    const r = await revalidated(decideFeeChange(db, actor, input), '/admin/services');
    return r.ok ? { ok: true as const, data: undefined } : r;
  },
);
