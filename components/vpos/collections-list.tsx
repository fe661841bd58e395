import Link from 'next/link';
import { getLocale, getTranslations } from 'next-intl/server';
import type { ReactNode } from 'react';
import { DataTable } from '@/components/ui/data-table';
import type { Currency } from '@/db/schema/money';
import { formatDate, formatTime, localDigits } from '@/lib/date/format';
import type { Locale } from '@/lib/i18n/config';
import { formatMoney } from '@/lib/money';
import type { CollectionRow } from '@/lib/vpos/payments';
import { bankReasonOf, BankReasonView } from './bank-reason';
import { badgeStateOf, VposStateBadge } from './state-badge';

/**
 * The card-collections list (Kredi Kartı Tahsilatları): every attempt, approved and declined,
 * newest first. A table from the `md` width up; below it cards with the amount and state first.
 * `agents` names who took a payment on the online-collection screen.
 */
export async function CollectionsList({ rows, agents }: { rows: CollectionRow[]; agents: Record<string, string> }) {
  const t = await getTranslations('vpos');
  const locale = (await getLocale()) as Locale;
  const money = (v: bigint, c: string) => formatMoney(v, c as Currency, locale);
  const words = (code: string) => (t.has(`bankCodes.${code}`) ? t(`bankCodes.${code}` as 'bankCodes.51') : undefined);
  const ltr = (s: string | null) => (s ? <bdi dir="ltr">{localDigits(s, locale)}</bdi> : '—');
  // N Kolay's transaction code as the bank writes it (it is matched against the bank's list).
  const code = (s: string | null) => (s ? <bdi dir="ltr">{s}</bdi> : '—');

  const link = (r: CollectionRow) => (
    <Link href={`/vpos/payments/${r.id}`} className="font-semibold text-brand-700 underline-offset-4 hover:underline" data-testid="collection-link">
      <bdi dir="ltr">{localDigits(r.trackingCode, locale)}</bdi>
    </Link>
  );
  const order = (r: CollectionRow) =>
    r.orderId && r.orderId !== r.trackingCode ? <span className="block text-xs text-muted">{t('orderLine', { order: r.orderId })}</span> : null;
  const channel = (r: CollectionRow): ReactNode => (
    <>
      {t(`channels.${r.channel}`)}
      {r.channel === 'agent' && r.takenBy && agents[r.takenBy] && (
        <span className="block text-xs text-muted">
          <bdi>{agents[r.takenBy]}</bdi>
        </span>
      )}
    </>
  );
  const pos = (r: CollectionRow) => <bdi>{r.definitionName}</bdi>;
  const state = (r: CollectionRow) => {
    const s = badgeStateOf(r);
    return (
      <>
        <VposStateBadge state={s} label={t(`states.${s}` as 'states.succeeded')} testId="collection-state" />
        {r.refunded > 0n && (
          <span className="mt-1 block text-xs text-muted" data-testid="collection-refunded">
            {t('reversedLine', { amount: money(r.refunded, r.currency) })}
          </span>
        )}
      </>
    );
  };
  const bank = (r: CollectionRow) =>
    r.state === 'succeeded' ? t('approvedShort') : <BankReasonView reason={bankReasonOf(r.bankCode, r.bankMessage, words)} locale={locale} />;
  const amount = (r: CollectionRow) => (
    <span className="whitespace-nowrap font-semibold" data-testid="collection-amount">
      {money(r.amount, r.currency)}
    </span>
  );
  const installments = (r: CollectionRow) => (r.installments > 1 ? t('installmentsValue', { n: localDigits(r.installments, locale) }) : t('single'));

  return (
    <>
      <ul className="flex flex-col gap-3 md:hidden" data-testid="collection-cards">
        {rows.map((r) => (
          <li key={r.id} className="rounded-xl border border-slate-200 p-4 text-sm" data-code={r.trackingCode}>
            <div className="flex flex-wrap items-center justify-between gap-2">
              <span className="text-base">{amount(r)}</span>
              <span>{state(r)}</span>
            </div>
            <dl className="mt-3 grid grid-cols-[auto_1fr] gap-x-3 gap-y-1.5 [&>dd]:min-w-0 [&>dd]:break-words">
              <dt className="text-muted">{t('cols.tracking')}</dt>
              <dd>
                {link(r)}
                {order(r)}
              </dd>
              <dt className="text-muted">{t('cols.date')}</dt>
              <dd>{formatDate(r.createdAt, locale, { time: true })}</dd>
              <dt className="text-muted">{t('cols.reference')}</dt>
              <dd>{code(r.referenceCode)}</dd>
              <dt className="text-muted">{t('cols.card')}</dt>
              <dd>{ltr(r.cardMasked)}</dd>
              <dt className="text-muted">{t('cols.installments')}</dt>
              <dd>{installments(r)}</dd>
              <dt className="text-muted">{t('cols.bank')}</dt>
              <dd>{bank(r)}</dd>
              <dt className="text-muted">{t('cols.channel')}</dt>
              <dd>{channel(r)}</dd>
              <dt className="text-muted">{t('cols.definition')}</dt>
              <dd>{pos(r)}</dd>
            </dl>
          </li>
        ))}
      </ul>
      <div className="hidden md:block">
        <DataTable
          caption={t('listTitle')}
          testId="collections"
          columns={[
            t('cols.date'),
            t('cols.tracking'),
            t('cols.reference'),
            t('cols.amount'),
            t('cols.state'),
            t('cols.installments'),
            t('cols.card'),
            t('cols.bank'),
            t('cols.channel'),
            t('cols.definition'),
          ]}
        >
          {rows.map((r) => (
            <tr key={r.id} className="border-b border-slate-100 align-top last:border-0" data-code={r.trackingCode}>
              <td className="px-2 py-2 first:ps-0">
                <span className="whitespace-nowrap">{formatDate(r.createdAt, locale)}</span>
                <span className="block text-xs text-muted">{formatTime(r.createdAt, locale)}</span>
              </td>
              <td className="px-2 py-2">
                {link(r)}
                {order(r)}
              </td>
              <td className="px-2 py-2">{code(r.referenceCode)}</td>
              <td className="px-2 py-2">{amount(r)}</td>
              <td className="px-2 py-2">{state(r)}</td>
              <td className="whitespace-nowrap px-2 py-2">{installments(r)}</td>
              <td className="whitespace-nowrap px-2 py-2">{ltr(r.cardMasked)}</td>
              <td className="min-w-48 px-2 py-2">{bank(r)}</td>
              <td className="px-2 py-2">{channel(r)}</td>
              <td className="px-2 py-2">{pos(r)}</td>
            </tr>
          ))}
        </DataTable>
      </div>
    </>
  );
}
