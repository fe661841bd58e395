import 'server-only';
import { eq } from 'drizzle-orm';
import type { DbOrTx } from '@/db';
import { payments, topupProducts } from '@/db/schema';
import { open } from '@/lib/crypto/secretbox';
import { storeOrder } from './store';

/**
 * The store buyer's order page: the order, its store, the refund's state, the payment's tracking
 * code and — for a delivered PIN product, on this page only — the PIN opened from its seal. The
 * PIN is the product itself, so it is never stored or logged in clear and nothing else opens it.
 */
export async function storeReceipt(db: DbOrTx, handle: string, orderId: string) {
  const found = await storeOrder(db, handle, orderId);
  if (!found) return null;
  const [p] = await db.select({ trackingCode: payments.trackingCode, state: payments.state }).from(payments).where(eq(payments.id, found.order.paymentId));
  const [product] = await db.select({ titleEn: topupProducts.titleEn }).from(topupProducts).where(eq(topupProducts.id, found.order.productId));
  const pin = found.order.state === 'delivered' && found.order.pinSealed ? openPin(found.order.pinSealed) : null;
  return { ...found, trackingCode: p?.trackingCode ?? null, paymentState: p?.state ?? null, titleEn: product?.titleEn ?? null, pin };
}

/** A sealed PIN in clear, or null when it cannot be opened (a rotated key): the page then says to ask support. */
export function openPin(sealed: string): string | null {
  try {
    return open(sealed);
  } catch {
    return null;
  }
}
