import { readFile } from 'node:fs/promises';
import path from 'node:path';
import subsetFont from 'subset-font';
import { describe, expect, it } from 'vitest';
import { formatMoney } from '@/lib/money';
import { FONT_SOURCE, FONT_SUBSET, codePointsOf, inFontRanges, makeSubset } from './font-subset';

const ROOT = path.resolve(import.meta.dirname, '..');
const hex = (cps: number[]) => cps.map((c) => `U+${c.toString(16).toUpperCase().padStart(4, '0')} ${String.fromCodePoint(c)}`);

/** The code points of `text` that the woff2 font maps (its subset to that text, read back as TrueType). */
async function drawnBy(woff2: Buffer, text: string) {
  const probe = await subsetFont(woff2, text, { targetFormat: 'sfnt' });
  return new Set(codePointsOf(probe));
}

describe('the subset font (scripts/font-subset.ts)', () => {
  it('is what the script makes today: re-run `npm run font:subset` after changing it or bumping vazirmatn', async () => {
    const committed = await readFile(FONT_SUBSET);
    expect((await makeSubset()).equals(committed)).toBe(true);
    expect(committed.length).toBeLessThan(64 * 1024);
  });

  it('draws every character of the three catalogues and of money as we write it that the whole font draws', async () => {
    const source = new Set(codePointsOf(await readFile(FONT_SOURCE)));
    const used = new Set<number>();
    for (const locale of ['fa', 'en', 'tr'] as const) {
      const money = [formatMoney(-1234567n, 'IRR', locale, 'toman'), formatMoney(-1234567n, 'TRY', locale)].join(' ');
      for (const ch of (await readFile(path.join(ROOT, 'messages', `${locale}.json`), 'utf8')) + money) used.add(ch.codePointAt(0)!);
    }
    const wanted = [...used].filter((c) => source.has(c) && c >= 0x20);
    // Seen to tell: Persian, Turkish, ₺ and − are among them, and the whole font lacks a few (arrows).
    expect(wanted).toEqual(expect.arrayContaining(['پ', '۴', 'ğ', 'İ', '₺', '−'].map((c) => c.codePointAt(0))));
    expect(wanted.every(inFontRanges)).toBe(true);
    const drawn = await drawnBy(await readFile(FONT_SUBSET), String.fromCodePoint(...wanted));
    expect(hex(wanted.filter((c) => !drawn.has(c)))).toEqual([]);
    // …and it is a subset: Latin Extended-B (Vietnamese ơ) is left to the fallback font.
    expect(source.has(0x01a1)).toBe(true);
    expect((await drawnBy(await readFile(FONT_SUBSET), 'ơa')).has(0x01a1)).toBe(false);
  });
});
