import { z } from 'zod';
import type { Currency } from '@/db/schema/money';
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

/** The zod form of `parseAmount`, for forms and the API alike. */
export function amountSchema(opts: { unit?: DisplayUnit; min?: bigint; max?: bigint } = {}) {
  return z.union([z.string(), z.number()]).transform((raw, ctx) => {
    if (typeof raw === 'number' && !Number.isSafeInteger(raw)) {
      ctx.addIssue({ code: 'custom', message: Number.isInteger(raw) ? 'amountTooLarge' : 'amountFractional' });
      return z.NEVER;
    }
    const r = parseAmount(String(raw), opts);
    if (!r.ok) {
      ctx.addIssue({ code: 'custom', message: r.error });
      return z.NEVER;
    }
    return r.rials;
  });
}

/** Rials as the plain number a form shows in a unit (Toman drops the last digit): `'25000'`. */
export function amountInUnit(rials: bigint, unit: DisplayUnit): string {
  return String(unit === 'toman' ? rials / 10n : rials);
}

function group(digits: string, sep: string): string {
  return digits.replace(/\B(?=(\d{3})+(?!\d))/g, sep);
}

/** `۱۲٬۵۰۰ تومان` in Persian, `125,000 Rials` in English; Toman keeps a tenth when there is one. */
export function formatAmount(rials: bigint, locale: 'fa' | 'en', unit: DisplayUnit = 'rial'): string {
  const negative = rials < 0n;
  const abs = negative ? -rials : rials;
  let text = unit === 'toman' ? group((abs / 10n).toString(), locale === 'fa' ? '٬' : ',') : group(abs.toString(), locale === 'fa' ? '٬' : ',');
  if (unit === 'toman' && abs % 10n !== 0n) text += `${locale === 'fa' ? '٫' : '.'}${abs % 10n}`;
  if (locale === 'fa') text = text.replace(/\d/g, (d) => '۰۱۲۳۴۵۶۷۸۹'[Number(d)]);
  const name = locale === 'fa' ? (unit === 'toman' ? 'تومان' : 'ریال') : unit === 'toman' ? 'Toman' : abs === 1n ? 'Rial' : 'Rials';
  return `${negative ? '−' : ''}${text} ${name}`;
}

/** Minor units per major unit, per currency: the Rial has none in use; the lira has 100 kuruş. */
export const MINOR_UNITS: Record<Currency, bigint> = { IRR: 1n, TRY: 100n };

/**
 * Any amount with its currency, in the reader's language: Rials (or Toman, as the merchant shows
 * them) through `formatAmount`; lira as `۱۲٬۳۴۵٫۶۷ لیر` / `₺12,345.67`. One place, exact (bigint).
 */
export function formatMoney(minor: bigint, currency: Currency, locale: 'fa' | 'en', unit: DisplayUnit = 'rial'): string {
  if (currency === 'IRR') return formatAmount(minor, locale, unit);
  const negative = minor < 0n;
  const abs = negative ? -minor : minor;
  const per = MINOR_UNITS[currency];
  const fraction = (abs % per).toString().padStart(per.toString().length - 1, '0');
  let text = `${group((abs / per).toString(), locale === 'fa' ? '٬' : ',')}${locale === 'fa' ? '٫' : '.'}${fraction}`;
  if (locale === 'fa') text = text.replace(/\d/g, (d) => '۰۱۲۳۴۵۶۷۸۹'[Number(d)]);
  return locale === 'fa' ? `${negative ? '−' : ''}${text} لیر` : `${negative ? '−' : ''}₺${text}`;
}
