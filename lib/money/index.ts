import type { Currency } from '@/db/schema/money';
export type { Currency };
import type { Locale } from '@/lib/i18n/config';
import { groupDigits, SEPARATORS } from '@/lib/i18n/numbers';
import { toAsciiDigits } from '@/lib/validation/digits';

/**
 * Money is integer Rials in bigint everywhere; Toman (10 Rials) is only a way to type and show it.
 */
export type DisplayUnit = 'rial' | 'toman';

/** The largest amount anything accepts: 10^15 Rials, far above any single payment, far below bigint limits. */
export const MAX_RIALS = 1_000_000_000_000_000n;

export type AmountError = 'required' | 'amountInvalid' | 'amountFractional' | 'amountNotPositive' | 'amountTooLarge' | 'amountBelowMin' | 'amountAboveMax';

/** Reads an amount typed in the given unit (Persian/Arabic digits and thousands separators welcome) as Rials. */
export function parseAmount(
  raw: string,
  opts: { unit?: DisplayUnit; min?: bigint; max?: bigint } = {},
): { ok: true; rials: bigint } | { ok: false; error: AmountError } {
  const s = toAsciiDigits(String(raw))
    .replace(/[\s,٬،_]/g, '')
    .replace(/٫/g, '.');
  if (s === '') return { ok: false, error: 'required' };
  // Dots as thousands separators (Turkish `1.250.000`): only with two or more, all groups of three,
  // which no decimal reading shares; a single dot stays a decimal point (`1.250` is refused as fractional).
  if (/^\d{1,3}(\.\d{3}){2,}$/.test(s)) return parseAmount(s.replace(/\./g, ''), opts);
  if (/^[-−]/.test(s)) return { ok: false, error: 'amountNotPositive' };
  if (/^\d+\.\d*$/.test(s) && /[1-9]/.test(s.split('.')[1])) return { ok: false, error: 'amountFractional' };
  const whole = s.replace(/\.0*$/, '');
  if (!/^\d+$/.test(whole)) return { ok: false, error: 'amountInvalid' };
  if (whole.replace(/^0+/, '').length > 19) return { ok: false, error: 'amountTooLarge' };
  const rials = BigInt(whole) * (opts.unit === 'toman' ? 10n : 1n);
  if (rials <= 0n) return { ok: false, error: 'amountNotPositive' };
  if (rials > MAX_RIALS) return { ok: false, error: 'amountTooLarge' };
  if (opts.min !== undefined && rials < opts.min) return { ok: false, error: 'amountBelowMin' };
  if (opts.max !== undefined && rials > opts.max) return { ok: false, error: 'amountAboveMax' };
  return { ok: true, rials };
}

/** Rials as the plain number a form shows in a unit (Toman drops the last digit): `'25000'`. */
export function amountInUnit(rials: bigint, unit: DisplayUnit): string {
  return String(unit === 'toman' ? rials / 10n : rials);
}

const group = groupDigits;
const toPersianDigits = (s: string) => s.replace(/\d/g, (d) => '۰۱۲۳۴۵۶۷۸۹'[Number(d)]);

/** The Rial's and the Toman's names: Turkish says Riyal and Tümen (the Ottoman name of the Toman). */
function rialName(locale: Locale, unit: DisplayUnit, abs: bigint): string {
  if (locale === 'fa') return unit === 'toman' ? 'تومان' : 'ریال';
  if (locale === 'tr') return unit === 'toman' ? 'Tümen' : 'Riyal';
  return unit === 'toman' ? 'Toman' : abs === 1n ? 'Rial' : 'Rials';
}

/** `۱۲٬۵۰۰ تومان` in Persian, `125,000 Rials` in English, `125.000 Riyal` in Turkish; Toman keeps a tenth when there is one. */
export function formatAmount(rials: bigint, locale: Locale, unit: DisplayUnit = 'rial'): string {
  const negative = rials < 0n;
  const abs = negative ? -rials : rials;
  const sep = SEPARATORS[locale];
  let text = group((unit === 'toman' ? abs / 10n : abs).toString(), sep.thousands);
  if (unit === 'toman' && abs % 10n !== 0n) text += `${sep.decimal}${abs % 10n}`;
  if (locale === 'fa') text = toPersianDigits(text);
  return `${negative ? '−' : ''}${text} ${rialName(locale, unit, abs)}`;
}

/** Minor units per major unit, per currency: the Rial has none in use; the lira has 100 kuruş. */
export const MINOR_UNITS: Record<Currency, bigint> = { IRR: 1n, TRY: 100n };

/**
 * Any amount with its currency, in the reader's language: Rials (or Toman, as the merchant shows
 * them) through `formatAmount`; lira as `۱۲٬۳۴۵٫۶۷ لیر` / `₺12,345.67` / `₺12.345,67`. One place, exact (bigint).
 */
export function formatMoney(minor: bigint, currency: Currency, locale: Locale, unit: DisplayUnit = 'rial'): string {
  if (currency === 'IRR') return formatAmount(minor, locale, unit);
  const negative = minor < 0n;
  const abs = negative ? -minor : minor;
  const per = MINOR_UNITS[currency];
  const sep = SEPARATORS[locale];
  const fraction = (abs % per).toString().padStart(per.toString().length - 1, '0');
  let text = `${group((abs / per).toString(), sep.thousands)}${sep.decimal}${fraction}`;
  if (locale === 'fa') text = toPersianDigits(text);
  return locale === 'fa' ? `${negative ? '−' : ''}${text} لیر` : `${negative ? '−' : ''}₺${text}`;
}
