import { formatMoney } from '@/lib/money';

/** The reader's locale as the money and date formatters take it (Turkish comes as its own locale later). */
type MoneyLocale = Parameters<typeof formatMoney>[2];

/** Lira (kuruş) in the reader's locale; nothing for no amount. */
export function lira(minor: bigint | null, locale: string): string {
  return minor === null ? '—' : formatMoney(minor, 'TRY', locale as MoneyLocale);
}

const intlLocale = (locale: string) => (locale === 'fa' ? 'fa-IR-u-ca-gregory' : locale);

/** A Turkish calendar day (`YYYY-MM-DD`, the bank's day): Gregorian in every language, in its digits. */
export function turkishDay(day: string, locale: string): string {
  return new Intl.DateTimeFormat(intlLocale(locale), { timeZone: 'UTC', day: 'numeric', month: 'short', year: 'numeric' }).format(new Date(`${day}T00:00:00Z`));
}

/** A moment in Istanbul time, where the POS and its bank are. */
export function istanbulTime(at: Date, locale: string): string {
  return new Intl.DateTimeFormat(intlLocale(locale), { timeZone: 'Europe/Istanbul', dateStyle: 'medium', timeStyle: 'short' }).format(at);
}
