'use client';

import { jalaaliMonthLength, toJalaali } from 'jalaali-js';
import { useLocale, useTranslations } from 'next-intl';
import type { Locale } from '@/lib/i18n/config';
import { JALALI_MONTHS, localDigits } from '@/lib/date/format';

const MONTHS_EN = ['Farvardin', 'Ordibehesht', 'Khordad', 'Tir', 'Mordad', 'Shahrivar', 'Mehr', 'Aban', 'Azar', 'Dey', 'Bahman', 'Esfand'];

/**
 * A Jalali date as three selects (day, month, year): quick for dates of birth and registration,
 * usable by keyboard and screen reader, and it cannot produce a day that does not exist.
 * The value is `YYYY/MM/DD` or '' until all three are chosen.
 */
export function JalaliDateInput({
  name,
  label,
  value,
  onChange,
  error,
  hint,
  disabled,
}: {
  name: string;
  label: string;
  value: string;
  onChange: (v: string) => void;
  error?: string;
  hint?: string;
  disabled?: boolean;
}) {
  const t = useTranslations('kyc');
  const locale = useLocale() as Locale;
  const [y, m, d] = (value || '//').split('/');
  const now = new Date();
  const thisYear = toJalaali(now.getFullYear(), now.getMonth() + 1, now.getDate()).jy;
  const years = Array.from({ length: thisYear - 1299 }, (_, i) => thisYear - i);
  const days = y && m ? jalaaliMonthLength(Number(y), Number(m)) : 31;
  const set = (ny: string, nm: string, nd: string) => {
    const maxDay = ny && nm ? jalaaliMonthLength(Number(ny), Number(nm)) : 31;
    const day = nd && Number(nd) > maxDay ? String(maxDay) : nd;
    onChange(ny && nm && day ? `${ny}/${nm.padStart(2, '0')}/${day.padStart(2, '0')}` : [ny, nm, day].some(Boolean) ? `${ny}/${nm}/${day}` : '');
  };
  const cls = `min-h-11 rounded-lg border bg-white px-2 py-2 text-base ${error ? 'border-red-600' : 'border-slate-300'}`;
  const errorId = error ? `f-${name}-error` : undefined;
  return (
    <fieldset className="flex flex-col gap-1.5" aria-describedby={errorId} data-testid={`date-${name}`}>
      <legend className="mb-1.5 text-sm font-medium text-ink">{label}</legend>
      <div className="grid grid-cols-[1fr_1.6fr_1.3fr] gap-2">
        <select
          aria-label={t('day')}
          className={cls}
          disabled={disabled}
          value={d ? String(Number(d)) : ''}
          onChange={(e) => set(y, m, e.target.value)}
          name={`${name}-day`}
        >
          <option value="">{t('day')}</option>
          {Array.from({ length: days }, (_, i) => i + 1).map((n) => (
            <option key={n} value={String(n)}>
              {localDigits(n, locale)}
            </option>
          ))}
        </select>
        <select
          aria-label={t('month')}
          className={cls}
          disabled={disabled}
          value={m ? String(Number(m)) : ''}
          onChange={(e) => set(y, e.target.value, d)}
          name={`${name}-month`}
        >
          <option value="">{t('month')}</option>
          {(locale === 'fa' ? JALALI_MONTHS : MONTHS_EN).map((label, i) => (
            <option key={label} value={String(i + 1)}>
              {label}
            </option>
          ))}
        </select>
        <select aria-label={t('year')} className={cls} disabled={disabled} value={y ?? ''} onChange={(e) => set(e.target.value, m, d)} name={`${name}-year`}>
          <option value="">{t('year')}</option>
          {years.map((n) => (
            <option key={n} value={String(n)}>
              {localDigits(n, locale)}
            </option>
          ))}
        </select>
      </div>
      {hint && <p className="text-xs text-muted">{hint}</p>}
      {error && (
        <p id={errorId} className="text-sm text-red-700" data-testid={`error-${name}`}>
          {error}
        </p>
      )}
    </fieldset>
  );
}
