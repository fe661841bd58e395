const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * True for a well-formed uuid. Ids from URLs and forms are checked with this before a query:
 * a malformed one would otherwise reach PostgreSQL's uuid parser and fail there as a 500.
 */
export function isUuid(v: unknown): v is string {
  return typeof v === 'string' && UUID.test(v);
}
