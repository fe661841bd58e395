import Link from 'next/link';
import { getLocale, getTranslations } from 'next-intl/server';
import type { DisputeState } from '@/db/schema';
import { formatDate, localDigits } from '@/lib/date/format';
import { isOverdue, type DisputeRow } from '@/lib/disputes';
import type { Locale } from '@/lib/i18n/config';
import { formatAmount } from '@/lib/money';

const tones: Record<DisputeState | 'overdue', string> = {
  open: 'bg-amber-50 text-amber-900 ring-amber-200',
  answered: 'bg-sky-50 text-sky-900 ring-sky-200',
  won: 'bg-emerald-50 text-emerald-900 ring-emerald-200',
  lost: 'bg-red-50 text-red-800 ring-red-200',
  overdue: 'bg-red-50 text-red-800 ring-red-200',
};

/** Days left to the deadline, counted in whole days (0 on the last day). */
export function daysLeft(deadline: Date, now = new Date()): number {
  return Math.max(0, Math.floor((deadline.getTime() - now.getTime()) / 86_400_000));
}

/** A dispute's state as a pill; an open one past its deadline says so. */
export async function DisputeBadge({ row, now }: { row: DisputeRow; now: Date }) {
  const t = await getTranslations('disputes');
  const state = isOverdue(row.dispute, now) ? 'overdue' : row.dispute.state;
  return (
    <span
      data-testid="dispute-state"
      data-state={state}
      className={`inline-block whitespace-nowrap rounded-full px-2 py-0.5 text-xs font-medium ring-1 ring-inset ${tones[state]}`}
    >
      {t(`states.${state}`)}
    </span>
  );
}

/**
 * One dispute in a list, as a card at every width: the amount and state first, the deadline
 * countdown while it is open, then the payment and the bank's reason.
 */
export async function DisputeCard({ row, href, now, showMerchant = false }: { row: DisputeRow; href: string; now: Date; showMerchant?: boolean }) {
  const t = await getTranslations('disputes');
  const locale = (await getLocale()) as Locale;
  const d = row.dispute;
  const open = d.state === 'open' || d.state === 'answered';
  return (
    <li>
      <Link
        href={href}
        className="flex flex-col gap-2 rounded-xl border border-slate-200 bg-white p-4 shadow-sm hover:border-brand-300 focus-visible:outline-2"
        data-testid="dispute-card"
        data-dispute={d.id}
      >
        <div className="flex flex-wrap items-center justify-between gap-2">
          <span className="text-lg font-bold">{formatAmount(d.amount, locale)}</span>
          <DisputeBadge row={row} now={now} />
        </div>
        {open && (
          <p className="text-sm font-medium" data-testid="dispute-deadline">
            {isOverdue(d, now)
              ? t('deadlinePassed', { date: formatDate(d.deadline, locale) })
              : t('deadlineIn', { days: localDigits(daysLeft(d.deadline, now), locale), date: formatDate(d.deadline, locale) })}
          </p>
        )}
        <p className="text-sm text-muted">
          {t('paymentLine', { code: localDigits(row.trackingCode, locale), platform: row.platformName })}
          {showMerchant && ` · ${row.merchant.firstName} ${row.merchant.lastName}`}
        </p>
        <p className="text-sm">{d.reason}</p>
      </Link>
    </li>
  );
}
