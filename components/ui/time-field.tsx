'use client';

import { useLocale, useTranslations } from 'next-intl';
import { forwardRef, type ReactNode } from 'react';
import { localDigits } from '@/lib/date/format';
import type { Locale } from '@/lib/i18n/config';
import { toAsciiDigits } from '@/lib/validation/digits';
import { normalizeTimeOfDay } from '@/lib/validation/time';
import { AUTO_DIR_CLASS } from './field';
import { FieldShell } from './field-shell';

/**
 * A time of day on the 24-hour clock, in the page's digits (`۱۴:۳۰` in Persian), the same in every
 * browser — the browser's own time input follows the browser's language and may show AM/PM. The
 * value is ASCII `HH:MM` (what `timeOfDay` in lib/validation/time.ts accepts); typing four digits
 * puts the colon in, and leaving the field tidies `9:5`-like input it can read (`930` → `09:30`).
 * Persian and Arabic digits are read as typed.
 */
export const TimeField = forwardRef<
  HTMLInputElement,
  {
    name: string;
    label: string;
    value: string | undefined;
    onChange: (value: string) => void;
    onBlur?: () => void;
    error?: string;
    hint?: ReactNode;
    id?: string;
    disabled?: boolean;
  }
>(function TimeField({ name, label, value, onChange, onBlur, error, hint, id, disabled }, ref) {
  const locale = useLocale() as Locale;
  const t = useTranslations('forms');
  const shown = localDigits(value ?? '', locale);
  return (
    <FieldShell
      id={id}
      name={name}
      label={label}
      error={error}
      hint={
        hint ? (
          <>
            {hint} <span>{t('timeHint')}</span>
          </>
        ) : (
          t('timeHint')
        )
      }
    >
      {(control, border) => (
        <input
          ref={ref}
          {...control}
          type="text"
          inputMode="numeric"
          autoComplete="off"
          dir="ltr"
          maxLength={5}
          disabled={disabled}
          placeholder={localDigits('--:--', locale)}
          value={shown}
          onChange={(e) => onChange(maskTime(e.target.value))}
          onBlur={() => {
            const tidy = value ? normalizeTimeOfDay(value) : null;
            if (tidy && tidy !== value) onChange(tidy);
            onBlur?.();
          }}
          className={`min-h-11 w-full max-w-40 rounded-lg border bg-white px-3 py-2 text-base text-ink tabular-nums placeholder:text-slate-400 ${AUTO_DIR_CLASS} ${border}`}
        />
      )}
    </FieldShell>
  );
});

/** What is typed, as ASCII digits and at most one colon; four digits in a row become `HH:MM`. */
export function maskTime(typed: string): string {
  const s = toAsciiDigits(typed)
    .replace(/[.٫]/g, ':')
    .replace(/[^\d:]/g, '');
  const [head, ...rest] = s.split(':');
  const joined = rest.length ? `${head}:${rest.join('')}` : head;
  if (!rest.length && /^\d{4}$/.test(joined)) return `${joined.slice(0, 2)}:${joined.slice(2)}`;
  return joined.slice(0, 5);
}
