import { and, eq } from 'drizzle-orm';
import type { DbOrTx } from '@/db';
import { ledgerPostings } from '@/db/schema';

/** The postings of one kind for one reference: a payment's `payment_succeeded`, an order's `topup_delivered`… */
export function postingsOf(db: DbOrTx, reference: string, kind = 'payment_succeeded') {
  return db
    .select()
    .from(ledgerPostings)
    .where(and(eq(ledgerPostings.kind, kind), eq(ledgerPostings.reference, reference)));
}
