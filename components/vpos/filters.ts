import type { CollectionFilters } from '@/lib/vpos/payments';
import { toAsciiDigits } from '@/lib/validation/digits';

/**
 * The card-collections list's filters as GET parameters (`def`, `state`, `from`, `to`, `q`,
 * `page`): read leniently (a value that makes no sense is dropped, never a 500), dates as the
 * Turkish day N Kolay counts in (UTC+3, no summer time since 2016).
 */
export const COLLECTION_STATES = ['succeeded', 'failed', 'open', 'refunded'] as const;
export const PAGE_SIZE = 50;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;

/** The instant a Turkish day starts, or null for anything but a real `YYYY-MM-DD`. */
export function turkishDayStart(day: string): Date | null {
  const m = DAY.exec(day);
  if (!m) return null;
  const d = new Date(`${day}T00:00:00+03:00`);
  if (Number.isNaN(d.getTime())) return null;
  // 2026-02-30 rolls over to March: not a real day.
  const back = new Date(d.getTime() + 3 * 3_600_000);
  if (back.getUTCFullYear() !== Number(m[1]) || back.getUTCMonth() + 1 !== Number(m[2]) || back.getUTCDate() !== Number(m[3])) return null;
  return d;
}

const one = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v) ?? '';

export type CollectionQuery = { filters: CollectionFilters; raw: Record<string, string>; page: number };

export function readCollectionQuery(query: Record<string, string | string[] | undefined>): CollectionQuery {
  const raw: Record<string, string> = {};
  const filters: CollectionFilters = {};
  const def = one(query.def).trim();
  if (UUID.test(def)) filters.definitionId = raw.def = def;
  const state = one(query.state);
  if ((COLLECTION_STATES as readonly string[]).includes(state)) {
    filters.state = state as CollectionFilters['state'];
    raw.state = state;
  }
  const from = turkishDayStart(toAsciiDigits(one(query.from).trim()));
  if (from) {
    filters.from = from;
    raw.from = toAsciiDigits(one(query.from).trim());
  }
  const to = turkishDayStart(toAsciiDigits(one(query.to).trim()));
  if (to) {
    // Up to the end of that day.
    filters.to = new Date(to.getTime() + 86_400_000);
    raw.to = toAsciiDigits(one(query.to).trim());
  }
  const q = toAsciiDigits(one(query.q)).trim().slice(0, 64);
  if (q) filters.q = raw.q = q;
  const page = Number(toAsciiDigits(one(query.page)));
  return { filters, raw, page: Number.isSafeInteger(page) && page > 1 ? Math.min(page, 10_000) : 1 };
}

/** The list's address with its filters and the given changes (an empty value drops a parameter). */
export function collectionHref(base: string, raw: Record<string, string>, extra: Record<string, string | undefined> = {}): string {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries({ ...raw, ...extra })) if (v) params.set(k, v);
  const qs = params.toString();
  return qs ? `${base}?${qs}` : base;
}
