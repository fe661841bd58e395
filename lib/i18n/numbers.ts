import type { Locale } from './config';

/** Thousands and decimal separators per language: Persian `٬ ٫` (with Persian digits), English `, .`, Turkish `. ,`. */
export const SEPARATORS: Record<Locale, { thousands: string; decimal: string }> = {
  fa: { thousands: '٬', decimal: '٫' },
  en: { thousands: ',', decimal: '.' },
  tr: { thousands: '.', decimal: ',' },
};

const persian = (s: string) => s.replace(/\d/g, (d) => '۰۱۲۳۴۵۶۷۸۹'[Number(d)]);

/** ASCII digits grouped by threes with `sep`. */
export function groupDigits(digits: string, sep: string): string {
  return digits.replace(/\B(?=(\d{3})+(?!\d))/g, sep);
}

/** A whole number grouped in the reader's way: `۱۲٬۵۰۰`, `12,500`, `12.500` (exact for bigint). */
export function formatInteger(n: bigint | number, locale: Locale): string {
  const v = typeof n === 'bigint' ? n : BigInt(Math.trunc(n));
  const text = groupDigits((v < 0n ? -v : v).toString(), SEPARATORS[locale].thousands);
  return `${v < 0n ? '−' : ''}${locale === 'fa' ? persian(text) : text}`;
}

/** A percent with up to `fractionDigits` decimals: `۱۲٫۵٪`, `12.5%`, and Turkish puts the sign first: `%12,5`. */
export function formatPercent(n: number, locale: Locale, fractionDigits = 2): string {
  const text = n.toLocaleString('en-US', { maximumFractionDigits: fractionDigits, useGrouping: false }).replace('-', '−');
  if (locale === 'fa') return `${persian(text.replace('.', '٫'))}٪`;
  if (locale === 'tr') return `%${text.replace('.', ',')}`;
  return `${text}%`;
}
