export const locales = ['fa', 'en', 'tr'] as const;
export type Locale = (typeof locales)[number];
export const defaultLocale: Locale = 'fa';
export const LOCALE_COOKIE = 'NEXT_LOCALE';

export function isLocale(v: unknown): v is Locale {
  return typeof v === 'string' && (locales as readonly string[]).includes(v);
}

/** Persian is the one right-to-left language; English and Turkish read left to right. */
export function dirOf(locale: Locale): 'rtl' | 'ltr' {
  return locale === 'fa' ? 'rtl' : 'ltr';
}

/** Each language's own name, as the language switch offers it (written in that language, not the reader's). */
export const LOCALE_NAMES: Record<Locale, string> = { fa: 'فارسی', en: 'English', tr: 'Türkçe' };

/** The BCP 47 tag `Intl` formats numbers, months and times with, per interface language. */
export const INTL_LOCALE: Record<Locale, string> = { fa: 'fa-IR', en: 'en-GB', tr: 'tr-TR' };

/**
 * The wall clock a reader sees times in. Business days (settlement, reports, day filters, the
 * calendar's days) stay Tehran days in every language; only the clock shown for an instant follows
 * the reader — a Turkish company reads its payment times in Istanbul time.
 */
export const DISPLAY_TIME_ZONE: Record<Locale, string> = { fa: 'Asia/Tehran', en: 'Asia/Tehran', tr: 'Europe/Istanbul' };
