import { toPersianDigits } from '@/lib/date/format';
import type { Locale } from '@/lib/i18n/config';
import { toAsciiDigits } from '@/lib/validation/digits';

/**
 * A tracking code as an agent reads it out: groups of four digits (an 8-digit code is two), never
 * a lone digit at the end, in the locale's digits. The code itself stays as typed for copying.
 */
export function codeForReading(code: string, locale: Locale): string {
  const groups: string[] = [];
  for (let i = 0; i < code.length; i += 4) groups.push(code.slice(i, i + 4));
  if (groups.length > 1 && groups[groups.length - 1].length === 1) {
    const last = groups.pop()!;
    const before = groups.pop()!;
    groups.push(before.slice(0, 3), before.slice(3) + last);
  }
  const text = groups.join(' ');
  return locale === 'fa' ? toPersianDigits(text) : text;
}

/** An amount as it is being typed: digits only (any script in), thousands grouped, in the locale's digits. */
export function groupTyped(raw: string, locale: Locale): string {
  const digits = toAsciiDigits(raw)
    .replace(/\D/g, '')
    .replace(/^0+(?=\d)/, '');
  if (!digits) return '';
  const grouped = digits.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return locale === 'fa' ? toPersianDigits(grouped).replace(/,/g, '٬') : grouped;
}

const isDigit = (c: string) => /[0-9۰-۹٠-٩]/.test(c);

/**
 * Reformats an amount input in place, keeping the caret after the same number of digits, so
 * typing or deleting in the middle of "1,250,000" does not throw the caret to the end.
 */
export function reformatAmountInput(el: HTMLInputElement, locale: Locale) {
  const raw = el.value;
  const caret = el.selectionStart ?? raw.length;
  const digitsBefore = [...raw.slice(0, caret)].filter(isDigit).length;
  const next = groupTyped(raw, locale);
  if (next === raw) return;
  el.value = next;
  let pos = 0;
  for (let seen = 0; pos < next.length && seen < digitsBefore; pos++) if (isDigit(next[pos])) seen++;
  el.setSelectionRange(pos, pos);
}
