/** True when a database error (drizzle wraps the driver's; the name sits on it or on its cause) broke this constraint. */
export function violates(err: unknown, constraint: string): boolean {
  for (let e = err as { constraint_name?: string; cause?: unknown } | undefined; e; e = e.cause as typeof e) {
    if (e.constraint_name === constraint) return true;
  }
  return false;
}

/** postgres.js's own connection failures, and PostgreSQL's connection-exception (08) and shutdown codes. */
const UNAVAILABLE_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'EPIPE',
  'ETIMEDOUT',
  'CONNECTION_CLOSED',
  'CONNECTION_ENDED',
  'CONNECTION_DESTROYED',
  'CONNECT_TIMEOUT',
  '57P01',
  '57P02',
  '57P03',
]);

/** The codes on an error and the ones it wraps (drizzle's query error wraps the driver's), five deep. */
function* codesOf(err: unknown): Generator<unknown> {
  for (let e = err, depth = 0; e && typeof e === 'object' && depth < 5; e = (e as { cause?: unknown }).cause, depth++) {
    yield (e as { code?: unknown }).code;
  }
}

/** Whether an error (or one it wraps, as drizzle's query error wraps the driver's) means the database could not be reached. */
export function databaseUnavailable(err: unknown): boolean {
  for (const code of codesOf(err)) {
    if (typeof code === 'string' && (UNAVAILABLE_CODES.has(code) || /^08[0-9A-Z]{3}$/.test(code))) return true;
  }
  return false;
}

/** True when a database error (or one it wraps) carries this SQLSTATE, e.g. 55P03 lock_not_available. */
export function hasSqlState(err: unknown, code: string): boolean {
  for (const c of codesOf(err)) if (c === code) return true;
  return false;
}
