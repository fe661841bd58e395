import Link from 'next/link';
import { getLocale, getTranslations } from 'next-intl/server';
import { EVENT_COLOR } from '@/components/events/colors';
import { Card } from '@/components/ui/card';
import { PageHeader } from '@/components/ui/page-header';
import { getDb } from '@/db';
import { requireMerchantActor } from '@/lib/auth/session';
import { monthGrid, monthOfIso, shiftMonth, type CalendarSystem, type MonthRef } from '@/lib/calendar/grid';
import { HOLIDAY_YEARS, holidayOn, isFriday, isIsoDay, isSettlementDay, jalaliOfIso, type IsoDay } from '@/lib/calendar/holidays';
import { tehranIso, tehranStartOf } from '@/lib/date/tehran';
import { upcomingBankPayouts, upcomingPayouts } from '@/lib/calendar/payouts';
import { formatDate, formatTime, JALALI_MONTHS, localDigits, TEHRAN } from '@/lib/date/format';
import { eventsBetween, type CalendarEvent } from '@/lib/events';
import { INTL_LOCALE, type Locale } from '@/lib/i18n/config';
import { getKycProfile, isKycApproved } from '@/lib/kyc';
import { formatAmount } from '@/lib/money';
import { balancesOfMerchant, unitOfAll } from '@/lib/payments/balances';
import { titled } from '@/lib/i18n/metadata';
import { TextLink } from '@/components/ui/text-link';
import { ListCard } from '@/components/ui/list-card';

export const generateMetadata = titled('calendar', 'title');

/** Noon of a day, for formatting it as a date. */
const noonOf = (iso: IsoDay) => new Date(`${iso}T12:00:00Z`);

/** The legend: each mark the grid uses, and what it means. */
const LEGEND = [
  ['legendHoliday', 'size-4 rounded bg-red-100'],
  ['legendSettlement', 'size-2.5 rounded-full bg-emerald-500'],
  ['legendPayout', 'h-4 w-6 rounded bg-emerald-100'],
  ['legendBank', 'h-4 w-6 rounded bg-sky-100'],
  ['legendToday', 'size-4 rounded-full bg-brand-600'],
] as const;

/** `?y=&m=` in the page's calendar, or `?d=YYYY-MM-DD` for the month holding that day. */
function monthFrom(sp: Record<string, string | undefined>, system: CalendarSystem, today: IsoDay): MonthRef {
  const y = Number(sp.y);
  const m = Number(sp.m);
  const [lo, hi] = system === 'jalali' ? [1300, 1500] : [1921, 2121];
  if (Number.isInteger(y) && Number.isInteger(m) && y >= lo && y <= hi && m >= 1 && m <= 12) return { year: y, month: m };
  if (isIsoDay(sp.d)) return monthOfIso(system, sp.d);
  return monthOfIso(system, today);
}

/**
 * The month view: Jalali in Persian, Gregorian in English, weeks from Saturday to Friday. Fridays
 * and official holidays in red, the merchant's events on their days, and the days money becomes
 * withdrawable (settlement skips holidays). A click on a day's number adds an event there.
 */
export default async function CalendarPage({ searchParams }: { searchParams: Promise<Record<string, string | undefined>> }) {
  const { actor } = await requireMerchantActor();
  const sp = await searchParams;
  const locale = (await getLocale()) as Locale;
  const t = await getTranslations('calendar');
  const system: CalendarSystem = locale === 'fa' ? 'jalali' : 'gregorian';
  const now = new Date();
  const today = tehranIso(now);
  const ref = monthFrom(sp, system, today);
  const weeks = monthGrid(system, ref);
  const first = weeks[0][0].iso;
  const last = weeks.at(-1)!.at(-1)!.iso;
  const db = getDb();
  const approved = isKycApproved(await getKycProfile(db, actor.merchantId));
  const [events, payouts, bank, unit] = await Promise.all([
    eventsBetween(db, actor, { from: tehranStartOf(first), to: new Date(tehranStartOf(last).getTime() + 86_400_000) }),
    approved ? upcomingPayouts(db, actor, now) : Promise.resolve([]),
    approved ? upcomingBankPayouts(db, actor, now) : Promise.resolve([]),
    approved ? balancesOfMerchant(actor).then(unitOfAll) : Promise.resolve('rial' as const),
  ]);
  const eventsByDay = new Map<IsoDay, CalendarEvent[]>();
  for (const e of events) {
    const d = tehranIso(e.startsAt);
    eventsByDay.set(d, [...(eventsByDay.get(d) ?? []), e]);
  }
  const payoutByDay = new Map(payouts.map((p) => [p.day, p.amount]));
  const bankByDay = new Map<IsoDay, typeof bank>();
  for (const b of bank) bankByDay.set(b.day, [...(bankByDay.get(b.day) ?? []), b]);
  const monthName = (r: MonthRef) =>
    system === 'jalali'
      ? `${JALALI_MONTHS[r.month - 1]} ${localDigits(r.year, locale)}`
      : new Intl.DateTimeFormat(INTL_LOCALE[locale], { month: 'long', year: 'numeric', timeZone: 'UTC' }).format(new Date(Date.UTC(r.year, r.month - 1, 1)));
  const href = (r: MonthRef) => `/calendar?y=${r.year}&m=${r.month}`;
  const monthDays = weeks.flat().filter((c) => c.inMonth);
  const inMonth = new Set(monthDays.map((c) => c.iso));
  const monthEvents = events.filter((e) => inMonth.has(tehranIso(e.startsAt)));
  const holidays = monthDays.map((c) => ({ iso: c.iso, h: holidayOn(c.iso) })).filter((x) => x.h);
  // Jalali years shown here whose holidays the data file does not have (a Gregorian month spans two).
  const missing = [...new Set(monthDays.map((c) => jalaliOfIso(c.iso).jy))].filter((y) => !HOLIDAY_YEARS.includes(y));
  // One message per day (`weekdays.0` … `.6`), not `t.raw` of the list: the catalogue is precompiled
  // (next.config.ts), and next-intl refuses raw reads of a precompiled catalogue (in development).
  const days = [0, 1, 2, 3, 4, 5, 6];
  const weekdays = days.map((i) => t(`weekdays.${i}` as 'weekdays'));
  const weekdaysShort = days.map((i) => t(`weekdaysShort.${i}` as 'weekdaysShort'));
  const navCls = 'inline-flex min-h-11 items-center rounded-lg border border-slate-300 bg-white px-3 py-2 text-sm font-medium hover:bg-slate-50';

  const source = <p className="mt-3 text-xs text-muted">{t('source')}</p>;
  const allBankPayouts = (
    <TextLink href="/payouts" className="mt-3 inline-block text-sm">
      {t('bankAll')}
    </TextLink>
  );
  return (
    <div className="flex flex-col gap-6">
      <PageHeader title={t('title')} intro={t('intro')} />
      <div className="flex flex-wrap items-center justify-between gap-3">
        <h2 className="text-xl font-bold" data-testid="calendar-month" aria-live="polite">
          {monthName(ref)}
        </h2>
        <nav aria-label={t('title')} className="flex flex-wrap gap-2">
          <Link className={navCls} href={href(shiftMonth(ref, -12))} aria-label={t('prevYear')}>
            «
          </Link>
          <Link className={navCls} href={href(shiftMonth(ref, -1))} data-testid="calendar-prev">
            {t('prev')}
          </Link>
          <Link className={navCls} href="/calendar">
            {t('today')}
          </Link>
          <Link className={navCls} href={href(shiftMonth(ref, 1))} data-testid="calendar-next">
            {t('next')}
          </Link>
          <Link className={navCls} href={href(shiftMonth(ref, 12))} aria-label={t('nextYear')}>
            »
          </Link>
        </nav>
      </div>
      {missing.length > 0 && (
        <p className="rounded-lg border border-amber-300 bg-amber-50 px-3 py-2 text-sm text-amber-900" data-testid="holidays-missing">
          {t('noData', { years: missing.map((y) => localDigits(y, locale)).join(locale === 'fa' ? '، ' : ', ') })}
        </p>
      )}
      {/* Seven days fit a phone: below md the cells shrink to the day's number and marks (the
          texts stay for screen readers and are listed under the grid); from md the full month. */}
      <div className="relative rounded-2xl border border-slate-200 bg-white shadow-sm">
        <table className="w-full table-fixed border-collapse" data-testid="calendar-grid">
          <caption className="sr-only">{monthName(ref)}</caption>
          <thead>
            <tr>
              {weekdays.map((w, i) => (
                <th key={w} scope="col" className={`border-b border-slate-200 px-0 py-2 text-xs font-semibold ${i === 6 ? 'text-red-700' : 'text-muted'}`}>
                  <abbr title={w} className="no-underline">
                    {weekdaysShort[i]}
                  </abbr>
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {weeks.map((week) => (
              <tr key={week[0].iso}>
                {week.map((c) => {
                  const holiday = holidayOn(c.iso);
                  const off = isFriday(c.iso) || !!holiday;
                  const isToday = c.iso === today;
                  const dayEvents = eventsByDay.get(c.iso) ?? [];
                  const payout = payoutByDay.get(c.iso);
                  const label = formatDate(noonOf(c.iso), locale);
                  return (
                    <td
                      key={c.iso}
                      data-testid={`day-${c.iso}`}
                      data-holiday={off ? 'true' : undefined}
                      aria-current={isToday ? 'date' : undefined}
                      className={`h-16 border border-slate-100 p-0.5 align-top md:h-28 md:p-1.5 ${c.inMonth ? '' : 'bg-slate-50'} ${off && c.inMonth ? 'bg-red-50/60' : ''}`}
                    >
                      <div className="flex flex-wrap items-start justify-between gap-0.5 md:gap-1">
                        <Link
                          href={`/events/new?date=${c.iso}&from=calendar`}
                          aria-label={t('addOn', { date: label })}
                          className={`inline-flex size-8 shrink-0 items-center justify-center rounded-full text-sm font-bold hover:bg-brand-50 ${
                            isToday ? 'bg-brand-600 text-white hover:bg-brand-700' : off ? 'text-red-700' : c.inMonth ? 'text-ink' : 'text-slate-500'
                          }`}
                        >
                          {localDigits(c.day, locale)}
                        </Link>
                        {c.inMonth && isSettlementDay(c.iso) && c.iso >= today && (
                          <span className="mt-1 size-2 rounded-full bg-emerald-500" title={t('settlement')}>
                            <span className="sr-only">{t('settlement')}</span>
                          </span>
                        )}
                      </div>
                      {holiday && c.inMonth && (
                        <p className="mt-0.5 line-clamp-2 text-[11px] leading-4 text-red-800 max-md:sr-only">
                          {locale === 'fa' ? holiday.fa : holiday.en}
                          {holiday.estimated ? ` (${t('estimated')})` : ''}
                        </p>
                      )}
                      {payout !== undefined && (
                        <>
                          <span aria-hidden className="mt-0.5 block h-1.5 rounded bg-emerald-400 md:hidden" />
                          <p
                            className="mt-0.5 rounded bg-emerald-100 px-1 text-[11px] font-semibold leading-5 text-emerald-900 max-md:sr-only"
                            data-testid="payout"
                          >
                            {t('withdrawable', { amount: formatAmount(payout, locale, unit) })}
                          </p>
                        </>
                      )}
                      {(bankByDay.get(c.iso) ?? []).map((b, i) => (
                        <div key={i}>
                          <span aria-hidden className="mt-0.5 block h-1.5 rounded bg-sky-400 md:hidden" />
                          <p
                            className="mt-0.5 rounded bg-sky-100 px-1 text-[11px] font-semibold leading-5 text-sky-900 max-md:sr-only"
                            data-testid="bank-payout"
                          >
                            {t(b.auto ? 'bankAuto' : 'bankPayout', { amount: formatAmount(b.amount, locale, unit) })}
                          </p>
                        </div>
                      ))}
                      <ul className="mt-1 flex flex-col gap-0.5">
                        {dayEvents.map((e) => (
                          <li key={e.id}>
                            <Link
                              href={`/events/${e.id}`}
                              className={`block truncate rounded border px-1 text-[11px] leading-5 hover:underline max-md:h-2 max-md:p-0 ${EVENT_COLOR[e.color].chip}`}
                              data-testid="calendar-event"
                            >
                              <span className="max-md:sr-only">
                                {formatTime(e.startsAt, locale, TEHRAN)} {e.title}
                              </span>
                            </Link>
                          </li>
                        ))}
                      </ul>
                    </td>
                  );
                })}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <div className="grid gap-6 lg:grid-cols-2">
        {/* On a phone the grid shows an event as a mark: its time and title are listed here. */}
        <div className="md:hidden">
          <ListCard title={t('monthEvents')} empty={t('noMonthEvents')} items={monthEvents} dense testId="calendar-event-list">
            {(e) => (
              <li key={e.id}>
                <Link href={`/events/${e.id}`} className="font-medium text-brand-700 hover:underline">
                  {formatDate(e.startsAt, locale)} {formatTime(e.startsAt, locale, TEHRAN)} — {e.title}
                </Link>
              </li>
            )}
          </ListCard>
        </div>
        <ListCard title={t('holidaysTitle')} empty={t('noHolidays')} items={holidays} dense testId="holiday-list" footer={source}>
          {({ iso, h }) => (
            <li key={iso}>
              <span className="font-semibold text-red-800">{formatDate(noonOf(iso), locale)}</span> — {locale === 'fa' ? h!.fa : h!.en}
              {h!.estimated ? ` (${t('estimated')})` : ''}
            </li>
          )}
        </ListCard>
        {approved && (
          <ListCard title={t('pendingTitle')} empty={t('pendingNone')} items={payouts} dense testId="payout-list">
            {(p) => <li key={p.day}>{t('pendingOn', { amount: formatAmount(p.amount, locale, unit), date: formatDate(noonOf(p.day), locale) })}</li>}
          </ListCard>
        )}
        {approved && (
          <ListCard title={t('bankTitle')} empty={t('bankNone')} items={bank} dense testId="bank-payout-list" footer={allBankPayouts}>
            {(b, i) => (
              <li key={i}>
                {t(b.auto ? 'bankAutoOn' : 'bankPayoutOn', { amount: formatAmount(b.amount, locale, unit), date: formatDate(noonOf(b.day), locale) })}
              </li>
            )}
          </ListCard>
        )}
        <Card title={t('legend')}>
          <ul className="flex flex-col gap-2 text-sm">
            {LEGEND.map(([key, swatch]) => (
              <li key={key} className="flex items-center gap-2">
                <span aria-hidden className={swatch} /> {t(key)}
              </li>
            ))}
          </ul>
        </Card>
      </div>
    </div>
  );
}
