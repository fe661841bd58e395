import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { chunkedUpload, multipartUpload, PNG } from '@/test/uploads';
import { isSameOriginUpload, MULTIPART_OVERHEAD_BYTES, readUploadedFile, readUploadForm } from './upload';

const ORIGIN = 'https://pay.example.ir';
const MAX = 3 * 1024 * 1024;
const saved = process.env.PUBLIC_BASE_URL;
beforeEach(() => {
  process.env.PUBLIC_BASE_URL = `${ORIGIN}/`;
});
afterEach(() => {
  if (saved === undefined) delete process.env.PUBLIC_BASE_URL;
  else process.env.PUBLIC_BASE_URL = saved;
});

describe('capped upload reader', () => {
  it('refuses a 20 MB chunked body without a Content-Length having read at most the cap and one chunk', async () => {
    const { req, chunk, pulled } = chunkedUpload(`${ORIGIN}/up`, 20 * 1024 * 1024);
    expect(req.headers.get('content-length')).toBeNull();
    expect(await readUploadedFile(req, MAX)).toEqual({ ok: false, status: 413, code: 'fileTooLarge' });
    expect(pulled()).toBeLessThanOrEqual(MAX + MULTIPART_OVERHEAD_BYTES + chunk);
  });

  it('refuses a Content-Length over the cap before reading a byte', async () => {
    const { req, pulled } = chunkedUpload(`${ORIGIN}/up`, 20 * 1024 * 1024, { headers: { 'content-length': String(20 * 1024 * 1024) } });
    expect(await readUploadForm(req, MAX)).toEqual({ ok: false, status: 413, code: 'fileTooLarge' });
    expect(pulled()).toBe(0);
  });

  it('still reads a small multipart upload, and its text fields', async () => {
    const req = await multipartUpload(`${ORIGIN}/up`, { kind: 'national_card', file: new File([PNG], 'slip.png', { type: 'image/png' }) });
    const form = await readUploadForm(req, MAX);
    if (!form.ok) throw new Error(form.code);
    expect(form.form.get('kind')).toBe('national_card');
    const again = await readUploadedFile(await multipartUpload(`${ORIGIN}/up`, { file: new File([PNG], 'slip.png') }), MAX);
    expect(again.ok && again.bytes.equals(PNG) && again.name).toBe('slip.png');
  });

  it('refuses a body that is not multipart, or has no file, as invalid', async () => {
    const json = new Request(`${ORIGIN}/up`, { method: 'POST', body: '{}', headers: { 'content-type': 'application/json' } });
    expect(await readUploadedFile(json, MAX)).toEqual({ ok: false, status: 400, code: 'invalid' });
    expect(await readUploadedFile(await multipartUpload(`${ORIGIN}/up`, { file: 'text' }), MAX)).toEqual({ ok: false, status: 400, code: 'invalid' });
  });
});

describe('upload origin check', () => {
  const req = (headers: Record<string, string>) => new Request(`${ORIGIN}/up`, { method: 'POST', headers });

  it('accepts the portal origin and refuses any other', () => {
    expect(isSameOriginUpload(req({ origin: ORIGIN }))).toBe(true);
    expect(isSameOriginUpload(req({ origin: 'https://evil.example' }))).toBe(false);
    expect(isSameOriginUpload(req({ origin: 'https://pay.example.ir.evil.example' }))).toBe(false);
    expect(isSameOriginUpload(req({ origin: 'http://pay.example.ir' }))).toBe(false);
    expect(isSameOriginUpload(req({ origin: 'null' }))).toBe(false);
  });

  it('without an Origin, believes only requests that did not cross sites', () => {
    expect(isSameOriginUpload(req({}))).toBe(true);
    expect(isSameOriginUpload(req({ 'sec-fetch-site': 'same-origin' }))).toBe(true);
    expect(isSameOriginUpload(req({ 'sec-fetch-site': 'none' }))).toBe(true);
    expect(isSameOriginUpload(req({ 'sec-fetch-site': 'cross-site' }))).toBe(false);
    expect(isSameOriginUpload(req({ 'sec-fetch-site': 'same-site' }))).toBe(false);
  });
});
