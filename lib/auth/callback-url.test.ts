import { describe, expect, it } from 'vitest';
import { safeCallback } from './callback-url';

describe('safeCallback', () => {
  it('keeps same-site paths and refuses everything else', () => {
    expect(safeCallback('/reports/transactions?state=succeeded')).toBe('/reports/transactions?state=succeeded');
    expect(safeCallback('/')).toBe('/');
    for (const bad of [
      '//evil.example',
      '/\\evil.example',
      'https://evil.example',
      '/a\nSet-Cookie: x=1',
      '/a\r\n',
      '/a b',
      '/\u0000',
      '/گزارش',
      'x'.repeat(3000),
      undefined,
      42,
    ]) {
      expect(safeCallback(bad)).toBe('/');
    }
  });
});
