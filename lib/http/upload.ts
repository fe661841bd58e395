/**
 * The one file of a multipart upload (`file`), refused early when the body is too large. Answers
 * the bytes, or the error code and status to send.
 */
export async function readUploadedFile(req: Request, maxBytes: number): Promise<{ ok: true; bytes: Buffer } | { ok: false; status: number; code: string }> {
  if (Number(req.headers.get('content-length') ?? 0) > maxBytes + 64 * 1024) return { ok: false, status: 413, code: 'fileTooLarge' };
  let file: FormDataEntryValue | null;
  try {
    file = (await req.formData()).get('file');
  } catch {
    return { ok: false, status: 400, code: 'invalid' };
  }
  if (!(file instanceof File)) return { ok: false, status: 400, code: 'invalid' };
  return { ok: true, bytes: Buffer.from(await file.arrayBuffer()) };
}
