'use client';

import { jalaaliMonthLength } from 'jalaali-js';
import { useLocale, useTranslations } from 'next-intl';
import { JALALI_MONTHS, localDigits } from '@/lib/date/format';
import type { Locale } from '@/lib/i18n/config';

const MONTHS_LATIN = ['Farvardin', 'Ordibehesht', 'Khordad', 'Tir', 'Mordad', 'Shahrivar', 'Mehr', 'Aban', 'Azar', 'Dey', 'Bahman', 'Esfand'];

/**
 * The day a slip was deposited, as three selects (day, month, year): a deposit is recent, so the
 * years are this Jalali year and the one before, the value starts at today (Tehran's, from the
 * server: `today`), and no day after today can be chosen. The value is `YYYY/MM/DD`.
 */
export function DepositDateInput({
  name,
  label,
  value,
  today,
  onChange,
  error,
}: {
  name: string;
  label: string;
  value: string;
  /** Today in Tehran, `YYYY/MM/DD` Jalali. */
  today: string;
  onChange: (v: string) => void;
  error?: string;
}) {
  const t = useTranslations('kyc');
  const locale = useLocale() as Locale;
  const [ty, tm, td] = today.split('/').map(Number);
  const [y, m, d] = (value || '//').split('/').map((s) => (s ? Number(s) : 0));
  const lastMonth = (year: number) => (year === ty ? tm : 12);
  const lastDay = (year: number, month: number) => (year === ty && month === tm ? td : year && month ? jalaaliMonthLength(year, month) : 31);
  const set = (ny: number, nm: number, nd: number) => {
    const month = ny && nm ? Math.min(nm, lastMonth(ny)) : nm;
    const day = nd ? Math.min(nd, lastDay(ny, month)) : nd;
    const pad = (n: number) => (n ? String(n).padStart(2, '0') : '');
    onChange(ny || month || day ? `${ny || ''}/${pad(month)}/${pad(day)}` : '');
  };
  const errorId = error ? `f-${name}-error` : undefined;
  const cls = `min-h-11 w-full rounded-lg border bg-white px-2 py-2 text-base ${error ? 'border-red-600' : 'border-slate-300'}`;
  const common = { className: cls, 'aria-invalid': error ? true : undefined, 'aria-describedby': errorId } as const;
  const months = locale === 'fa' ? JALALI_MONTHS : MONTHS_LATIN;
  return (
    <fieldset className="flex flex-col gap-1.5" data-testid={`date-${name}`}>
      <legend className="mb-1.5 text-sm font-medium text-ink">{label}</legend>
      <div className="grid grid-cols-[1fr_1.6fr_1.3fr] gap-2">
        <select {...common} aria-label={t('day')} name={`${name}-day`} value={d ? String(d) : ''} onChange={(e) => set(y, m, Number(e.target.value))}>
          <option value="">{t('day')}</option>
          {Array.from({ length: lastDay(y, m) }, (_, i) => i + 1).map((n) => (
            <option key={n} value={String(n)}>
              {localDigits(n, locale)}
            </option>
          ))}
        </select>
        <select {...common} aria-label={t('month')} name={`${name}-month`} value={m ? String(m) : ''} onChange={(e) => set(y, Number(e.target.value), d)}>
          <option value="">{t('month')}</option>
          {months.slice(0, y ? lastMonth(y) : 12).map((label, i) => (
            <option key={label} value={String(i + 1)}>
              {label}
            </option>
          ))}
        </select>
        <select {...common} aria-label={t('year')} name={`${name}-year`} value={y ? String(y) : ''} onChange={(e) => set(Number(e.target.value), m, d)}>
          <option value="">{t('year')}</option>
          {[ty, ty - 1].map((n) => (
            <option key={n} value={String(n)}>
              {localDigits(n, locale)}
            </option>
          ))}
        </select>
      </div>
      {error && (
        <p id={errorId} className="text-sm text-red-700" data-testid={`error-${name}`}>
          {error}
        </p>
      )}
    </fieldset>
  );
}
