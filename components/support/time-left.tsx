import { getLocale, getTranslations } from 'next-intl/server';
import { localDigits } from '@/lib/date/format';
import type { Locale } from '@/lib/i18n/config';
import { clockNow, currentDue, workingMinutesLeft } from '@/lib/support/sla';

/** The SLA clock that runs now, as working time left or overdue by (red), with which target it is. */
export async function TimeLeft({
  ticket,
  now,
}: {
  ticket: { state: string; firstRespondedAt: Date | null; firstResponseDueAt: Date; resolutionDueAt: Date; pausedAt: Date | null };
  now: Date;
}) {
  const t = await getTranslations('adminSupport');
  const locale = (await getLocale()) as Locale;
  const due = currentDue(ticket);
  if (!due) return <span className="text-muted">{t('noSla')}</span>;
  // Paused while the ticket awaits the merchant: the time left stays what it was when staff answered.
  const left = workingMinutesLeft(due.due, clockNow(ticket, now));
  const abs = Math.round(Math.abs(left));
  const h = Math.floor(abs / 60);
  const m = abs % 60;
  const time = h ? t('hoursMinutes', { h: localDigits(h, locale), m: localDigits(m, locale) }) : t('minutes', { m: localDigits(m, locale) });
  const which = due.kind === 'firstResponse' ? t('firstAnswer') : t('resolution');
  return (
    <span className={left < 0 ? 'font-semibold text-red-700' : 'text-ink'} data-testid={left < 0 ? 'overdue' : 'time-left'}>
      {left < 0 ? t('overdueBy', { time }) : t('left', { time })} <span className="text-xs text-muted">({which})</span>
    </span>
  );
}
