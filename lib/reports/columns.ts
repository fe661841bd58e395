import { createHash } from 'node:crypto';

/**
 * The transaction report's columns and which of them a person chose to hide (kept in a cookie:
 * `<owner>|<key>,<key>`). Amount, state and the tracking code (the link to a payment) are always
 * shown, whatever the cookie says.
 */
export const REPORT_COLUMNS = ['date', 'tracking', 'platform', 'product', 'source', 'state', 'amount', 'payer', 'card'] as const;
export type ReportColumn = (typeof REPORT_COLUMNS)[number];
export const LOCKED_COLUMNS: ReadonlySet<ReportColumn> = new Set(['tracking', 'state', 'amount']);
export const COLUMNS_COOKIE = 'dargah_report_columns';

/** A short key of a user for the cookie: not their id, enough to tell two people on one browser apart. */
export function columnsOwner(userId: string): string {
  return createHash('sha256').update(`report-columns:${userId}`).digest('base64url').slice(0, 12);
}

/** The hidden columns the cookie names for this owner: known, unlocked keys only; none for someone else's cookie. */
export function hiddenColumns(cookie: string | undefined, owner: string): ReportColumn[] {
  if (!cookie) return [];
  const bar = cookie.indexOf('|');
  if (bar < 0 || cookie.slice(0, bar) !== owner) return [];
  const keys = new Set(cookie.slice(bar + 1).split(','));
  return REPORT_COLUMNS.filter((c) => keys.has(c) && !LOCKED_COLUMNS.has(c));
}
