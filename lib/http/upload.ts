import { publicBaseUrl } from '@/lib/http/base-url';

/**
 * Uploads to route handlers: the Origin check, and a multipart body read with a hard byte cap.
 *
 * The body is streamed and the read stops (and the stream is cancelled) as soon as more than the
 * cap has arrived, so a chunked body without a Content-Length costs at most the cap plus one
 * chunk, never the whole body; a Content-Length over the cap is refused before a byte is read.
 * Only then is the multipart parsed, by the runtime's own parser (`Response.formData()`), from
 * the bytes already held.
 */

/** Room for the multipart framing and the small text fields next to the file. */
export const MULTIPART_OVERHEAD_BYTES = 64 * 1024;

export type UploadRefusal = { ok: false; status: 400 | 403 | 413; code: 'invalid' | 'fileTooLarge' | 'forbidden' };

/**
 * Whether an upload comes from the portal's own pages. A present `Origin` must be the portal's
 * public origin (configuration, never `Host`); without one, `Sec-Fetch-Site` must be absent (no
 * browser sent it: a script or an old client, which SameSite cookies already keep anonymous) or
 * say the request did not cross sites.
 */
export function isSameOriginUpload(req: Request): boolean {
  const origin = req.headers.get('origin');
  if (origin !== null) return origin === new URL(publicBaseUrl()).origin;
  const site = req.headers.get('sec-fetch-site');
  return site === null || site === 'same-origin' || site === 'none';
}

/** The Origin check as an early answer: the refusal to send, or null to go on. */
export function refuseForeignOrigin(req: Request): UploadRefusal | null {
  return isSameOriginUpload(req) ? null : { ok: false, status: 403, code: 'forbidden' };
}

/** The body's bytes, at most `cap` of them; more (announced or sent) is refused with 413. */
export async function readCappedBody(req: Request, cap: number): Promise<{ ok: true; bytes: Uint8Array<ArrayBuffer> } | UploadRefusal> {
  const announced = req.headers.get('content-length');
  if (announced !== null) {
    const n = Number(announced);
    if (!Number.isSafeInteger(n) || n < 0) return { ok: false, status: 400, code: 'invalid' };
    if (n > cap) return { ok: false, status: 413, code: 'fileTooLarge' };
  }
  if (!req.body) return { ok: false, status: 400, code: 'invalid' };
  const reader = req.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      total += value.byteLength;
      if (total > cap) {
        // Stop the sender here: nothing more is pulled from the socket for this request.
        // Not awaited: cancelling one branch of a tee (a cloned request) waits for the other branch.
        void reader.cancel().catch(() => {});
        return { ok: false, status: 413, code: 'fileTooLarge' };
      }
      chunks.push(value);
    }
  } catch {
    return { ok: false, status: 400, code: 'invalid' };
  } finally {
    reader.releaseLock();
  }
  const bytes = new Uint8Array(total);
  let at = 0;
  for (const c of chunks) {
    bytes.set(c, at);
    at += c.byteLength;
  }
  return { ok: true, bytes };
}

/** A multipart/form-data body of at most `maxFileBytes` of file plus the framing, parsed. */
export async function readUploadForm(req: Request, maxFileBytes: number): Promise<{ ok: true; form: FormData } | UploadRefusal> {
  const type = req.headers.get('content-type') ?? '';
  if (!/^multipart\/form-data\s*;/i.test(type)) return { ok: false, status: 400, code: 'invalid' };
  const body = await readCappedBody(req, maxFileBytes + MULTIPART_OVERHEAD_BYTES);
  if (!body.ok) return body;
  try {
    const form = await new Response(body.bytes, { headers: { 'content-type': type } }).formData();
    return { ok: true, form };
  } catch {
    return { ok: false, status: 400, code: 'invalid' };
  }
}

/**
 * The one file of a multipart upload (`file`), refused early when the body is too large. Answers
 * the bytes, or the error code and status to send.
 */
export async function readUploadedFile(req: Request, maxBytes: number): Promise<{ ok: true; bytes: Buffer; name: string } | UploadRefusal> {
  const read = await readUploadForm(req, maxBytes);
  if (!read.ok) return read;
  const file = read.form.get('file');
  if (!(file instanceof File)) return { ok: false, status: 400, code: 'invalid' };
  if (file.size > maxBytes) return { ok: false, status: 413, code: 'fileTooLarge' };
  return { ok: true, bytes: Buffer.from(await file.arrayBuffer()), name: file.name };
}
