/**
 * `npm run font:subset`: makes app/fonts/vazirmatn-subset.woff2, the one font every page preloads,
 * from the `vazirmatn` package's variable font. Run it after bumping `vazirmatn` or changing what
 * is kept below; its output is committed (font-subset.test.ts fails when it is stale).
 *
 * Why a subset: the whole variable font is 111 kB (woff2) and every page preloads it, so on a
 * phone's slow link it is the largest thing the first paint waits for (Lighthouse counts it in
 * the payer's page's and the login page's LCP). Kept: the letters our three languages and the
 * people in them write (Arabic script with Persian digits, Latin-1 and Latin Extended-A, which
 * has Turkish ğ ş ı İ), the punctuation, currency (₺) and math signs (−, ≤) the catalogues use,
 * the weights the app draws with (400 to 800: font-normal to font-extrabold), and the layout
 * features that shaping and our CSS need. Dropped: Latin Extended-B and Vietnamese, weights 100 to
 * 300 and 900, and stylistic features no page asks for (small caps, fractions, old-style digits,
 * stylistic sets). A character the subset lacks is drawn by the fallback font, as one the whole
 * font lacked always was. 58 kB.
 *
 * Why committed rather than made at build time: the source changes only with the package, the
 * build (next/font/local needs the file before it starts) has no step for it, and subsetting is a
 * few seconds of WebAssembly that every build on a slow machine would repeat for the same bytes.
 */
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import * as hb from 'harfbuzzjs';
import subsetFont from 'subset-font';

const ROOT = path.resolve(import.meta.dirname, '..');
export const FONT_SOURCE = path.join(ROOT, 'node_modules/vazirmatn/fonts/variable/Vazirmatn[wght].ttf');
/** No `[wght]` in the name: next/font/local would otherwise fetch it twice (STACK-NOTES). */
export const FONT_SUBSET = path.join(ROOT, 'app/fonts/vazirmatn-subset.woff2');

/** Unicode blocks kept (first, last): only the characters of these that the font has are kept. */
export const FONT_RANGES: readonly (readonly [number, number])[] = [
  [0x0020, 0x007e], // Basic Latin
  [0x00a0, 0x017f], // Latin-1 Supplement (« » × ü ç ö) and Latin Extended-A (Turkish ğ ş ı İ)
  [0x0600, 0x06ff], // Arabic, with Persian letters and digits
  [0x2000, 0x206f], // General Punctuation: ZWNJ, direction marks and isolates, dashes, quotes, …
  [0x20a0, 0x20cf], // Currency: ₺ €
  [0x2200, 0x22ff], // Mathematical Operators: − ≈ ≠ ≤ ≥
  [0x25cc, 0x25cc], // dotted circle: shaping draws a mark without a base on it
  [0xfb50, 0xfdff], // Arabic Presentation Forms-A
  [0xfe70, 0xfeff], // Arabic Presentation Forms-B, and the zero-width no-break space
  [0xfffd, 0xfffd], // replacement character
];
/** font-normal (400) to font-extrabold (800); nothing in the app asks for thinner or heavier. */
export const FONT_WEIGHTS = { min: 400, max: 800 } as const;
/** Shaping (Arabic joining, marks, kerning, ligatures, local forms) and `tabular-nums`. */
export const FONT_FEATURES = [
  'ccmp',
  'locl',
  'init',
  'medi',
  'fina',
  'isol',
  'rlig',
  'rclt',
  'calt',
  'liga',
  'kern',
  'mark',
  'mkmk',
  'curs',
  'tnum',
  'lnum',
  'pnum',
];

/** The code points a font maps (its cmap), from TrueType bytes. */
export function codePointsOf(sfnt: Uint8Array): number[] {
  return [...new hb.Face(new hb.Blob(sfnt), 0).collectUnicodes()];
}

export const inFontRanges = (cp: number) => FONT_RANGES.some(([a, b]) => cp >= a && cp <= b);

export async function makeSubset(): Promise<Buffer> {
  const source = await readFile(FONT_SOURCE);
  const kept = codePointsOf(source).filter(inFontRanges);
  return subsetFont(source, String.fromCodePoint(...kept), {
    targetFormat: 'woff2',
    variationAxes: { wght: FONT_WEIGHTS },
    keepFeatures: FONT_FEATURES,
  });
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const out = await makeSubset();
  await writeFile(FONT_SUBSET, out);
  console.log(`${path.relative(ROOT, FONT_SUBSET)}: ${(out.length / 1024).toFixed(1)} kB`);
}
