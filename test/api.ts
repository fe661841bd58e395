/**
 * A request to an /api/v1 route handler as a client sends it: the key as a bearer credential, a
 * JSON body (a string is sent as it is, for bodies that are not valid JSON) with its content type.
 */
export function apiRequest(base: string) {
  return (method: string, path: string, key: string, body?: unknown, headers: Record<string, string> = {}) =>
    new Request(`${base}${path}`, {
      method,
      body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
      headers: { authorization: `Bearer ${key}`, ...(body !== undefined ? { 'content-type': 'application/json' } : {}), ...headers },
    });
}
