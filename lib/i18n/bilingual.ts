import type { Locale } from './config';

/**
 * Texts the core writes once in both languages, "فارسی (English)" — the sandbox bank's decline
 * reasons, the look-up errors — shown in the reader's language only: the Persian half to Persian
 * readers, the English half to the others. A text of one language only is shown as it is.
 */
export function inLocale(text: string, locale: Locale): string {
  const m = /^(.*\S)\s*\(([^()]+)\)$/.exec(text.trim());
  if (!m) return text;
  const [, persian, english] = m;
  // Only a Persian text with a Latin gloss is a pair: "Declined (code 51)" is one English text.
  if (!/[\u0600-\u06FF]/.test(persian) || /[\u0600-\u06FF]/.test(english)) return text;
  return locale === 'fa' ? persian : english;
}
