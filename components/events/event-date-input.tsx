'use client';

import { jalaaliMonthLength, toGregorian, toJalaali } from 'jalaali-js';
import { useLocale, useTranslations } from 'next-intl';
import { JALALI_MONTHS, localDigits } from '@/lib/date/format';
import type { Locale } from '@/lib/i18n/config';

const pad = (n: number) => String(n).padStart(2, '0');

/**
 * An event's day. In Persian: day, Jalali month and year selects (this year, the one before and
 * three after), which cannot make a day that does not exist; in English and Turkish the browser's Gregorian
 * date picker. Either way the value is a Gregorian `YYYY-MM-DD`.
 */
export function EventDateInput({
  name,
  label,
  value,
  onChange,
  error,
}: {
  name: string;
  label: string;
  value: string;
  onChange: (v: string) => void;
  error?: string;
}) {
  const locale = useLocale() as Locale;
  const t = useTranslations('kyc');
  const errorId = error ? `f-${name}-error` : undefined;
  if (locale !== 'fa') {
    return (
      <div className="flex flex-col gap-1.5">
        <label htmlFor={`f-${name}`} className="text-sm font-medium text-ink">
          {label}
        </label>
        <input
          id={`f-${name}`}
          type="date"
          name={name}
          value={value}
          min="2000-01-01"
          max="2100-12-31"
          onChange={(e) => onChange(e.target.value)}
          aria-invalid={error ? true : undefined}
          aria-describedby={errorId}
          className={`min-h-11 rounded-lg border bg-white px-3 py-2 text-base ${error ? 'border-red-600' : 'border-slate-300'}`}
        />
        {error && (
          <p id={errorId} className="text-sm text-red-700" data-testid={`error-${name}`}>
            {error}
          </p>
        )}
      </div>
    );
  }
  const [gy, gm, gd] = (/^\d{4}-\d{2}-\d{2}$/.test(value) ? value : new Date().toISOString().slice(0, 10)).split('-').map(Number);
  const j = toJalaali(gy, gm, gd);
  const today = new Date();
  const thisYear = toJalaali(today.getFullYear(), today.getMonth() + 1, today.getDate()).jy;
  const years = Array.from({ length: 5 }, (_, i) => thisYear - 1 + i);
  if (!years.includes(j.jy)) years.push(j.jy);
  const set = (jy: number, jm: number, jd: number) => {
    const d = Math.min(jd, jalaaliMonthLength(jy, jm));
    const g = toGregorian(jy, jm, d);
    onChange(`${g.gy}-${pad(g.gm)}-${pad(g.gd)}`);
  };
  const cls = `min-h-11 rounded-lg border bg-white px-2 py-2 text-base ${error ? 'border-red-600' : 'border-slate-300'}`;
  return (
    <fieldset className="flex flex-col gap-1.5" aria-describedby={errorId} data-testid={`date-${name}`}>
      <legend className="mb-1.5 text-sm font-medium text-ink">{label}</legend>
      <div className="grid grid-cols-[1fr_1.6fr_1.3fr] gap-2">
        <select aria-label={t('day')} className={cls} value={j.jd} onChange={(e) => set(j.jy, j.jm, Number(e.target.value))} name={`${name}-day`}>
          {Array.from({ length: jalaaliMonthLength(j.jy, j.jm) }, (_, i) => i + 1).map((n) => (
            <option key={n} value={n}>
              {localDigits(n, locale)}
            </option>
          ))}
        </select>
        <select aria-label={t('month')} className={cls} value={j.jm} onChange={(e) => set(j.jy, Number(e.target.value), j.jd)} name={`${name}-month`}>
          {JALALI_MONTHS.map((m, i) => (
            <option key={m} value={i + 1}>
              {m}
            </option>
          ))}
        </select>
        <select aria-label={t('year')} className={cls} value={j.jy} onChange={(e) => set(Number(e.target.value), j.jm, j.jd)} name={`${name}-year`}>
          {years.map((y) => (
            <option key={y} value={y}>
              {localDigits(y, locale)}
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
