import { IVR_PAGE_SIZE, type IvrInvoiceView } from '@/lib/ivr';

/** The `before` of a keyset page from the address: an ISO instant, or none for the newest page. */
export function beforeParam(raw: string | undefined): Date | null {
  if (!raw || raw.length > 40) return null;
  const d = new Date(raw);
  return Number.isNaN(d.getTime()) ? null : d;
}

/** One page asked as `IVR_PAGE_SIZE + 1` rows: the page, and the `before` of the older one when there is more. */
export function pageOf(rows: IvrInvoiceView[]): { rows: IvrInvoiceView[]; older: string | null } {
  if (rows.length <= IVR_PAGE_SIZE) return { rows, older: null };
  const page = rows.slice(0, IVR_PAGE_SIZE);
  return { rows: page, older: page[page.length - 1].invoice.createdAt.toISOString() };
}

/** Code 5 (too many wrong tries) this often, out of enough look-ups, is someone guessing invoice ids. */
export function guessing(codes: Record<number, number>, total: number): boolean {
  const fives = codes[5] ?? 0;
  return fives >= 5 && fives / Math.max(total, 1) >= 0.2;
}
