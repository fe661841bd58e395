import { getLocale, getTranslations } from 'next-intl/server';
import { formatDate, localDigits } from '@/lib/date/format';
import type { Locale } from '@/lib/i18n/config';
import { formatMoney } from '@/lib/money';
import type { InquiryDetail } from '@/lib/support/inquiries';

/** One inquiry's facts: the payment, the payer's mobile, the message (as text), and the answer once given. */
export async function InquiryFacts({ inquiry, staff }: { inquiry: InquiryDetail; staff?: boolean }) {
  const t = await getTranslations('inquiries');
  const ta = await getTranslations('adminInquiries');
  const tr = await getTranslations('receipt');
  const locale = (await getLocale()) as Locale;
  const i = inquiry;
  const when = (d: Date) => formatDate(d, locale, { time: true });
  const rows: [string, React.ReactNode, string?][] = [
    [
      t('payment'),
      <bdi key="c" dir="ltr">
        {localDigits(i.trackingCode, locale)}
      </bdi>,
      'code',
    ],
    [t('platform'), i.platform],
    [t('amount'), formatMoney(i.amount, i.currency, locale)],
    [t('paymentState'), tr(`states.${i.paymentState}` as 'states.succeeded'), 'payment-state'],
    [
      t('payerMobile'),
      <bdi key="m" dir="ltr">
        {localDigits(i.mobile, locale)}
      </bdi>,
    ],
    [t('asked'), when(i.createdAt)],
    [t('state'), t(`states.${i.state}`), 'state'],
  ];
  if (staff) rows.splice(1, 0, [ta('merchant'), i.merchantName]);
  if (i.state === 'open') rows.push([staff ? ta('due') : t('due'), when(i.dueAt)]);
  if (i.escalatedAt) rows.push([ta('staffTold'), when(i.escalatedAt)]);
  return (
    <div className="flex flex-col gap-4">
      <dl className="grid grid-cols-[9rem_1fr] gap-x-3 gap-y-2 text-sm">
        {rows.map(([k, v, id]) => (
          <div key={k} className="contents">
            <dt className="text-muted">{k}</dt>
            <dd data-testid={id ? `inquiry-${id}` : undefined}>{v}</dd>
          </div>
        ))}
      </dl>
      <div>
        <h3 className="text-sm font-semibold">{t('message')}</h3>
        <p className="mt-1 whitespace-pre-line break-words rounded-lg bg-slate-50 px-3 py-2 text-sm" dir="auto" data-testid="inquiry-message">
          {i.message}
        </p>
      </div>
      {i.answer && (
        <div>
          <h3 className="text-sm font-semibold">{t('answer')}</h3>
          <p className="mt-1 whitespace-pre-line break-words rounded-lg bg-emerald-50 px-3 py-2 text-sm" dir="auto" data-testid="inquiry-answer">
            {i.answer}
          </p>
          {i.answeredAt && <p className="mt-1 text-xs text-muted">{t('answeredOn', { when: when(i.answeredAt) })}</p>}
        </div>
      )}
      {i.state === 'closed' && i.closedAt && <p className="text-sm text-muted">{t('closedOn', { when: when(i.closedAt) })}</p>}
    </div>
  );
}
