'use server';

import { action } from '@/lib/actions/action';
import { revalidated } from '@/lib/actions/revalidate';
import { setFeeRule } from '@/lib/payments/fees';
import { publishTerms, updateService } from '@/lib/services';
import { publishServiceTermsSchema, setFeeSchema, updateServiceSchema } from '@/lib/services/schemas';

export const updateServiceAction = action({ who: 'staff', schema: updateServiceSchema }, (actor, input, { db }) =>
  revalidated(updateService(db, actor, input), '/admin/services'),
);

export const publishTermsAction = action({ who: 'staff', schema: publishServiceTermsSchema }, (actor, input, { db }) =>
  revalidated(publishTerms(db, actor, input), '/admin/services'),
);

export const setFeeAction = action({ who: 'staff', schema: setFeeSchema }, (actor, input, { db }) =>
  revalidated(setFeeRule(db, actor, input), '/admin/services'),
);
