import Link from 'next/link';
import { getLocale, getTranslations } from 'next-intl/server';
import { DataTable } from '@/components/ui/data-table';
import { formatDate, localDigits } from '@/lib/date/format';
import type { Locale } from '@/lib/i18n/config';
import { formatMoney } from '@/lib/money';
import type { InquiryListRow } from '@/lib/support/inquiries';

const STATE_TONE = {
  open: 'bg-amber-50 text-amber-900',
  answered: 'bg-emerald-50 text-emerald-800',
  closed: 'bg-slate-100 text-slate-700',
} as const;

/**
 * Payers' inquiries as a table (cards on a phone): when, which payment, the start of the message,
 * the state, and for open ones the working-day deadline. `merchant` adds the merchant (staff).
 */
export async function InquiryTable({
  rows,
  hrefOf,
  now,
  merchantOf,
  testId,
}: {
  rows: InquiryListRow[];
  hrefOf: (id: string) => string;
  now: Date;
  merchantOf?: (id: string) => string;
  testId?: string;
}) {
  const t = await getTranslations('inquiries');
  const ta = await getTranslations('adminInquiries');
  const locale = (await getLocale()) as Locale;
  const columns = [
    { label: t('payment'), primary: true },
    ...(merchantOf ? [ta('merchant')] : []),
    t('asked'),
    t('amount'),
    t('message'),
    { label: t('state'), primary: true },
    { label: t('open'), hidden: false },
  ];
  return (
    <DataTable caption={t('title')} columns={columns} testId={testId}>
      {rows.map((r) => {
        const overdue = r.state === 'open' && r.dueAt <= now;
        return (
          <tr key={r.id} className="border-b border-slate-100 align-top" data-testid="inquiry-row" data-id={r.id}>
            <td className="px-2 py-2 first:ps-0">
              <bdi dir="ltr">{localDigits(r.trackingCode, locale)}</bdi>
              <div className="text-xs text-muted">{r.platform}</div>
            </td>
            {merchantOf && <td className="px-2 py-2">{merchantOf(r.id)}</td>}
            <td className="px-2 py-2">{formatDate(r.createdAt, locale, { time: true })}</td>
            <td className="px-2 py-2">{formatMoney(r.amount, r.currency, locale)}</td>
            <td className="max-w-xs px-2 py-2">
              <p className="line-clamp-2 whitespace-pre-line break-words">{r.message}</p>
            </td>
            <td className="px-2 py-2">
              <span className={`inline-block rounded-full px-2 py-0.5 text-xs font-semibold ${STATE_TONE[r.state]}`} data-testid="inquiry-state">
                {t(`states.${r.state}`)}
              </span>
              {r.state === 'open' && (
                <div className={`mt-1 text-xs ${overdue ? 'font-semibold text-red-700' : 'text-muted'}`}>
                  {overdue ? t('overdue') : t('dueBy', { when: formatDate(r.dueAt, locale, { time: true }) })}
                </div>
              )}
            </td>
            <td className="px-2 py-2">
              <Link href={hrefOf(r.id)} className="inline-flex min-h-11 items-center font-semibold text-brand-700 hover:underline">
                {t('open')}
              </Link>
            </td>
          </tr>
        );
      })}
    </DataTable>
  );
}
