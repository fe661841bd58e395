import { afterEach, describe, expect, it, vi } from 'vitest';
import { formatFileSize, imageUploadError, postFile } from './file-field';

afterEach(() => vi.unstubAllGlobals());

function answer(status: number, body: unknown) {
  vi.stubGlobal(
    'fetch',
    vi.fn(async () => new Response(typeof body === 'string' ? body : JSON.stringify(body), { status })),
  );
}

describe('postFile', () => {
  it('sends the fields as multipart and answers the JSON', async () => {
    const fetch = vi.fn(async (_url: string, init: RequestInit) => {
      const body = init.body as FormData;
      return Response.json({ token: `t-${body.get('kind')}-${(body.get('file') as File).name}` }, { status: 201 });
    });
    vi.stubGlobal('fetch', fetch);
    const r = await postFile<{ token: string }>('/api/x', { kind: 'gazette', file: new File(['a'], 'g.pdf') });
    expect(r).toEqual({ ok: true, data: { token: 't-gazette-g.pdf' } });
    expect(fetch.mock.calls[0][1].method).toBe('POST');
  });

  it("answers the route's error code", async () => {
    answer(400, { error: { code: 'fileType', message: 'fileType' } });
    expect(await postFile('/api/x', {})).toEqual({ ok: false, code: 'fileType' });
  });

  it('reads 413 and 429 without a JSON body (a proxy answered) as too large and rate limited', async () => {
    answer(413, '<html>Request Entity Too Large</html>');
    expect(await postFile('/api/x', {})).toEqual({ ok: false, code: 'fileTooLarge' });
    answer(429, '');
    expect(await postFile('/api/x', {})).toEqual({ ok: false, code: 'rateLimited' });
    answer(502, '');
    expect(await postFile('/api/x', {})).toEqual({ ok: false, code: 'unknown' });
  });

  it('says network when nothing arrived', async () => {
    vi.stubGlobal(
      'fetch',
      vi.fn(async () => {
        throw new TypeError('Failed to fetch');
      }),
    );
    expect(await postFile('/api/x', {})).toEqual({ ok: false, code: 'network' });
  });
});

describe('imageUploadError', () => {
  it('maps the routes’ codes to the image messages, a rate limit to payRateLimited', () => {
    expect(['fileTooLarge', 'fileType', 'fileEmpty', 'rateLimited', 'unknown'].map(imageUploadError)).toEqual([
      'imageTooLarge',
      'imageType',
      'fileEmpty',
      'payRateLimited',
      'network',
    ]);
  });
});

describe('formatFileSize', () => {
  const t = (key: string, v: { size: string }) => `${v.size} ${key}`;
  it("says a file's size in the reader's digits and decimal mark", () => {
    expect(formatFileSize(512, 'en', t)).toBe('512 bytes');
    expect(formatFileSize(1536, 'en', t)).toBe('1.5 kilobytes');
    expect(formatFileSize(1536, 'tr', t)).toBe('1,5 kilobytes');
    expect(formatFileSize(1536, 'fa', t)).toBe('۱٫۵ kilobytes');
    expect(formatFileSize(5 * 1024 * 1024, 'fa', t)).toBe('۵ megabytes');
  });
});
