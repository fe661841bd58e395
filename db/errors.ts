/** True when a database error (drizzle wraps the driver's; the name sits on it or on its cause) broke this constraint. */
export function violates(err: unknown, constraint: string): boolean {
  for (let e = err as { constraint_name?: string; cause?: unknown } | undefined; e; e = e.cause as typeof e) {
    if (e.constraint_name === constraint) return true;
  }
  return false;
}
