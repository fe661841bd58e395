import Link from 'next/link';
import { getLocale, getTranslations } from 'next-intl/server';
import { Card } from '@/components/ui/card';
import { formatDate, localDigits } from '@/lib/date/format';
import type { DisputeRow } from '@/lib/disputes';
import type { Locale } from '@/lib/i18n/config';
import { formatAmount } from '@/lib/money';
import { DisputeBadge } from './dispute-card';

/** A dispute's facts for its merchant and for staff: what is held and from where, the bank's words, the answer, the decision. */
export async function DisputeFacts({ row, now, paymentHref }: { row: DisputeRow; now: Date; paymentHref: string }) {
  const t = await getTranslations('disputes');
  const locale = (await getLocale()) as Locale;
  const d = row.dispute;
  const money = (v: bigint) => formatAmount(v, locale);
  const facts: [string, React.ReactNode, string?][] = [
    [t('state'), <DisputeBadge key="s" row={row} now={now} />],
    [t('amount'), money(d.amount), 'amount'],
    [t('heldFrom'), t('heldParts', { pending: money(d.fromPending), withdrawable: money(d.fromWithdrawable), owed: money(d.owed) })],
    [t('deadline'), formatDate(d.deadline, locale, { time: true }), 'deadline'],
    [
      t('payment'),
      <Link key="p" href={paymentHref} className="text-brand-700 hover:underline">
        <bdi>{localDigits(row.trackingCode, locale)}</bdi> · {money(row.paymentAmount)} · {row.platformName}
      </Link>,
    ],
    [t('bankReason'), d.reason],
    [t('bankReference'), d.bankReference ? <bdi key="r">{d.bankReference}</bdi> : '—'],
    [t('openedAt'), formatDate(d.createdAt, locale, { time: true })],
  ];
  if (d.answeredAt) facts.push([t('answeredAt'), formatDate(d.answeredAt, locale, { time: true })]);
  if (d.decidedAt) {
    facts.push([t('decidedAt'), formatDate(d.decidedAt, locale, { time: true })]);
    facts.push([t('decisionReason'), d.decisionReason ?? '—', 'decision']);
    if (d.fee > 0n) facts.push([t('fee'), money(d.fee)]);
  }
  return (
    <Card title={t('facts')}>
      <dl className="grid gap-x-4 gap-y-2 text-sm sm:grid-cols-[10rem_1fr]" data-testid="dispute-facts">
        {facts.map(([k, v, testId]) => (
          <div key={k} className="contents">
            <dt className="text-muted">{k}</dt>
            <dd data-testid={testId ? `dispute-${testId}` : undefined}>{v}</dd>
          </div>
        ))}
      </dl>
    </Card>
  );
}
