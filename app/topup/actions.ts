'use server';

import { z } from 'zod';
import { action } from '@/lib/actions/action';
import { err, ok } from '@/lib/result';
import { createStoreOrder, storeOrder } from '@/lib/topup/store';
import { storeOrderSchema } from '@/lib/topup/schemas';

/** A buyer's order in the hosted store; everything is re-checked on the server (and throttled per address). */
export const orderTopupAction = action({ who: 'public', schema: storeOrderSchema }, (_, input, { db, ip }) => createStoreOrder(db, input, ip));

const orderRef = z.object({ handle: z.string().max(40), orderId: z.string().max(40) });

/** The order page's poll: the order's state and its refund's, nothing more. */
export const topupOrderStateAction = action({ who: 'public', schema: orderRef }, async (_, input, { db }) => {
  const found = await storeOrder(db, input.handle, input.orderId);
  return found ? ok({ state: found.order.state, refundState: found.refundState }) : err('notFound');
});
