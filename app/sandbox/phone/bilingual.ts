import type { Locale } from '@/lib/i18n/config';

/**
 * The core's caller-facing texts (the look-up errors, the sandbox bank's decline reasons) are
 * written once in both languages, "فارسی (English)"; the phone plays the reader's half.
 */
export function inLocale(text: string, locale: Locale): string {
  const m = /^(.*\S)\s*\(([^()]+)\)$/.exec(text.trim());
  if (!m) return text;
  if (locale === 'fa') return m[1];
  return /[.!?]$/.test(m[2]) ? m[2] : `${m[2]}.`;
}
