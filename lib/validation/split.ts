import { z } from 'zod';
import { amountSchema } from '@/lib/money/schema';

/** The marketplace withdraws, on behalf of a sub-business it manages, an amount of Rials from the sub-business's balance. */
export const withdrawForSubBusinessSchema = z.object({
  beneficiaryId: z.uuid('required'),
  amount: amountSchema(),
});
