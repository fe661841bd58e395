import { describe, expect, it } from 'vitest';
import en from '@/messages/en.json';
import fa from '@/messages/fa.json';
import tr from '@/messages/tr.json';

/**
 * A few places read catalogue strings directly, without a translator (the web manifest, the short
 * link's 404 page, the export's gateway names). In the Next build the catalogue is precompiled
 * (next.config.ts `precompile`): a plain message stays a string there, but one with an argument, a
 * tag or an ICU quote becomes a tree, and those places would print an array. So they must stay plain.
 */
const RAW_READS: ((m: typeof en) => Record<string, unknown> | string)[] = [
  (m) => m.shell.brand,
  (m) => m.shell.tagline,
  (m) => m.shortLinks,
  (m) => m.pay.gateways,
];

const leaves = (v: unknown): string[] => (typeof v === 'string' ? [v] : Object.values(v as Record<string, unknown>).flatMap(leaves));

describe('catalogue strings read without a translator', () => {
  for (const [locale, messages] of Object.entries({ en, fa, tr }) as [string, typeof en][]) {
    it(`are plain text in ${locale}`, () => {
      const texts = RAW_READS.flatMap((read) => leaves(read(messages)));
      expect(texts.length).toBeGreaterThan(5);
      for (const text of texts) expect(text, text).not.toMatch(/[{}<>']/);
    });
  }
});
