'use server';

import { z } from 'zod';
import { action } from '@/lib/actions/action';
import { setCommission, setProductHidden } from '@/lib/topup';
import { productHiddenSchema, syncCataloguesNow } from '@/lib/topup/portal';
import { commissionSchema } from '@/lib/topup/schemas';

export const setCommissionAction = action({ who: 'staff', area: 'topup', schema: commissionSchema, revalidate: '/admin/topup' }, (actor, input, { db }) =>
  // Typed as a percent of the margin (two decimals), kept in basis points.
  setCommission(db, actor, { operator: input.operator, kind: input.kind, commissionBasisPoints: Math.round(input.percent * 100) }),
);

export const setProductHiddenAction = action({ who: 'staff', area: 'topup', schema: productHiddenSchema, revalidate: '/admin/topup' }, (actor, input, { db }) =>
  setProductHidden(db, actor, input),
);

export const syncCatalogueAction = action({ who: 'staff', area: 'topup', schema: z.object({}), revalidate: '/admin/topup' }, (actor, _input, { db }) =>
  syncCataloguesNow(db, actor),
);
