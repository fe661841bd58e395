/** Request bodies for upload tests. */

export const PNG = Buffer.from('89504e470d0a1a0a0000000d4948445200000001000000010806000000', 'hex');

/**
 * A chunked multipart body of `total` bytes with no Content-Length: a stream that counts what is
 * pulled from it (highWaterMark 0, so nothing is pulled ahead of the reader).
 */
export function chunkedUpload(url: string, total: number, opts: { chunk?: number; headers?: Record<string, string> } = {}) {
  const chunk = opts.chunk ?? 64 * 1024;
  const boundary = 'dargah-test-boundary';
  const head = Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="big.png"\r\nContent-Type: image/png\r\n\r\n`);
  let pulled = 0;
  const stream = new ReadableStream<Uint8Array>(
    {
      pull(c) {
        if (pulled >= total) return c.close();
        const part =
          pulled === 0 ? Buffer.concat([head, PNG, Buffer.alloc(chunk - head.length - PNG.length, 7)]) : Buffer.alloc(Math.min(chunk, total - pulled), 7);
        pulled += part.length;
        c.enqueue(new Uint8Array(part));
      },
    },
    { highWaterMark: 0 },
  );
  const req = new Request(url, {
    method: 'POST',
    body: stream,
    duplex: 'half',
    headers: { 'content-type': `multipart/form-data; boundary=${boundary}`, ...opts.headers },
  } as RequestInit);
  return { req, chunk, pulled: () => pulled };
}

/** A small, well-formed multipart upload, sent with its Content-Length as a browser would. */
export async function multipartUpload(url: string, fields: Record<string, string | Blob>, headers: Record<string, string> = {}) {
  const form = new FormData();
  for (const [k, v] of Object.entries(fields)) form.set(k, v);
  const built = new Request(url, { method: 'POST', body: form });
  const bytes = new Uint8Array(await built.arrayBuffer());
  return new Request(url, {
    method: 'POST',
    body: bytes,
    headers: { 'content-type': built.headers.get('content-type')!, 'content-length': String(bytes.byteLength), ...headers },
  });
}

/**
 * The `@/lib/storage` module with `getStorage()` on a fresh temporary folder, for `vi.mock` in
 * route tests: `vi.mock('@/lib/storage', async (orig) => (await import('@/test/uploads')).tempStorageModule(await orig(), 'x-'))`.
 */
export async function tempStorageModule<M extends { localStorage: (dir: string) => unknown }>(real: M, prefix: string) {
  const { mkdtempSync } = await import('node:fs');
  const os = await import('node:os');
  const path = await import('node:path');
  const storage = real.localStorage(mkdtempSync(path.join(os.tmpdir(), prefix)));
  return { ...real, getStorage: () => storage };
}
