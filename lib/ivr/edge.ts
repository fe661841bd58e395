import type { z } from 'zod';
import { readCappedBody } from '@/lib/http/upload';

/**
 * The edge of the IVR endpoints (`/api/ivr/transactions`, the sandbox bank's IVR): they answer
 * in the PayStar document's shapes, not /api/v1's, because IVR systems expect those. A malformed
 * request (an integrator's bug, not a caller's keying) is a 400 with `{error: "bad_request"}`.
 */
export const IVR_MAX_BODY = 4 * 1024;

export function ivrJson(status: number, body: unknown): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' } });
}

export type Parsed<T> = { ok: true; data: T } | { ok: false; response: Response };

export async function readIvrBody<S extends z.ZodType>(req: Request, schema: S): Promise<Parsed<z.output<S>>> {
  const bad = (status: number, message: string, fields?: Record<string, string>) => ({
    ok: false as const,
    response: ivrJson(status, { error: 'bad_request', message, ...(fields ? { fields } : {}) }),
  });
  if (!/^application\/json\b/i.test(req.headers.get('content-type') ?? '')) return bad(415, 'Send the body as application/json');
  const read = await readCappedBody(req, IVR_MAX_BODY);
  if (!read.ok) return read.status === 413 ? bad(413, `The body may be at most ${IVR_MAX_BODY} bytes`) : bad(400, 'The body could not be read');
  let value: unknown;
  try {
    value = JSON.parse(new TextDecoder().decode(read.bytes));
  } catch {
    return bad(400, 'The body is not valid JSON');
  }
  const parsed = schema.safeParse(value);
  if (!parsed.success) {
    const fields: Record<string, string> = {};
    for (const i of parsed.error.issues) {
      const keys = i.code === 'unrecognized_keys' ? (i as { keys: string[] }).keys : [i.path.join('.') || '_'];
      for (const k of keys) fields[k.slice(0, 60).replace(/[\u0000-\u001f\u007f]/g, '\ufffd')] ??= i.code === 'unrecognized_keys' ? 'unknown field' : i.message;
    }
    return bad(400, 'Some fields are not valid', fields);
  }
  return { ok: true, data: parsed.data };
}

/** `Authorization: Bearer <IVR credential>`, or null. */
export function bearerOf(req: Request): string | null {
  const m = /^Bearer\s+(\S{1,200})$/i.exec((req.headers.get('authorization') ?? '').trim());
  return m ? m[1] : null;
}
