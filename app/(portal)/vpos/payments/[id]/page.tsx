import { getLocale, getTranslations } from 'next-intl/server';
import { notFound } from 'next/navigation';
import type { ReactNode } from 'react';
import { BackLink } from '@/components/ui/back-link';
import { Card } from '@/components/ui/card';
import { DataTable } from '@/components/ui/data-table';
import { bankReasonOf, BankReasonView, splitReason } from '@/components/vpos/bank-reason';
import { requireVpos, VposFrame } from '@/components/vpos/gate';
import { ReversalPanel } from '@/components/vpos/reversal-panel';
import { badgeStateOf, VposStateBadge } from '@/components/vpos/state-badge';
import type { Currency } from '@/db/schema/money';
import { getDb } from '@/db';
import { getUserById } from '@/lib/auth/accounts';
import { formatDate, localDigits } from '@/lib/date/format';
import { turkeyDayNumber } from '@/lib/gateways/nkolay';
import type { Locale } from '@/lib/i18n/config';
import { titled } from '@/lib/i18n/metadata';
import { formatMoney } from '@/lib/money';
import { bankMessageOf, getCollection } from '@/lib/vpos/payments';
import { reverseVposPaymentAction } from '../../actions';

export const generateMetadata = titled('vpos', 'paymentTitle');

/** One lira payment: its facts, N Kolay's attempts log, its cancels and refunds, and the forms to take it back. */
export default async function VposPaymentPage({ params }: { params: Promise<{ id: string }> }) {
  const gate = await requireVpos();
  if (!gate.actor) return gate.blocked;
  const { id } = await params;
  const db = getDb();
  const p = await getCollection(db, gate.actor, id);
  if (!p) notFound();
  const t = await getTranslations('vpos');
  const locale = (await getLocale()) as Locale;
  const money = (v: bigint) => formatMoney(v, p.currency as Currency, locale);
  const words = (code: string) => (t.has(`bankCodes.${code}`) ? t(`bankCodes.${code}` as 'bankCodes.51') : undefined);
  const ltr = (s: string | null) => (s ? <bdi dir="ltr">{localDigits(s, locale)}</bdi> : '—');
  // N Kolay's transaction code as the bank writes it (it is matched against the bank's list).
  const code = (s: string | null) => (s ? <bdi dir="ltr">{s}</bdi> : '—');
  const agent = p.channel === 'agent' && p.takenBy ? await getUserById(db, p.takenBy) : null;
  const state = badgeStateOf(p);
  const left = p.amount - p.refunded;

  const facts: [string, ReactNode, string?][] = [
    [
      t('cols.amount'),
      <span key="a" className="text-base font-bold">
        {money(p.amount)}
      </span>,
      'amount',
    ],
    [t('cols.state'), <VposStateBadge key="s" state={state} label={t(`states.${state}` as 'states.succeeded')} />, 'state'],
    [t('cols.date'), formatDate(p.createdAt, locale, { time: true })],
    [t('cols.tracking'), ltr(p.trackingCode), 'tracking'],
    [t('cols.reference'), code(p.referenceCode), 'reference'],
    [t('cols.card'), ltr(p.cardMasked), 'card'],
    [t('cols.installments'), p.installments > 1 ? t('installmentsValue', { n: localDigits(p.installments, locale) }) : t('single')],
    [
      t('cols.bank'),
      p.state === 'succeeded' ? (
        t('approvedShort')
      ) : (
        <BankReasonView key="b" reason={bankReasonOf(p.bankCode, bankMessageOf(p.bankCode, p.bankMessage), words)} locale={locale} />
      ),
      'bank',
    ],
    [
      t('cols.channel'),
      p.channel === 'agent' && agent ? (
        <span key="ch">
          {t('channels.agent')} · <bdi>{`${agent.firstName} ${agent.lastName}`}</bdi>
        </span>
      ) : (
        t(`channels.${p.channel}`)
      ),
    ],
    [
      t('cols.definition'),
      <span key="d">
        <bdi>{p.definitionName}</bdi> · <bdi>{p.company}</bdi>
      </span>,
    ],
    [t('customer'), p.payerName ? <bdi key="c">{p.payerName}</bdi> : '—'],
  ];
  // An order id of its own (checkout); a payment taken on the screen has its tracking code as one.
  if (p.orderId && p.orderId !== p.trackingCode) facts.splice(4, 0, [t('cols.orderId'), ltr(p.orderId)]);
  if (p.refunded > 0n) facts.push([t('cols.reversed'), money(p.refunded), 'reversed']);

  return (
    <VposFrame title={t('paymentTitle')} intro={<BackLink href="/vpos">{t('backToList')}</BackLink>}>
      <div className="grid gap-6 lg:grid-cols-[minmax(0,3fr)_minmax(0,2fr)]">
        <Card title={t('facts')}>
          <dl className="grid grid-cols-[minmax(6rem,auto)_minmax(0,1fr)] gap-x-4 gap-y-2 text-sm" data-testid="vpos-payment">
            {facts.map(([k, v, testId]) => (
              <div key={k} className="contents">
                <dt className="text-muted">{k}</dt>
                <dd className="min-w-0 break-words" data-testid={testId ? `payment-${testId}` : undefined}>
                  {v}
                </dd>
              </div>
            ))}
          </dl>
        </Card>
        <Card title={t('reverse.title')}>
          {/* The panel stays mounted once nothing is left, so the answer it shows (a cancel's or the
              last refund's) survives the refresh that follows it; with nothing left it offers nothing more. */}
          {p.state === 'succeeded' && (
            <ReversalPanel
              paymentId={p.id}
              amount={p.amount.toString()}
              left={left.toString()}
              cancellable={left > 0n && p.cancellable}
              sameDay={turkeyDayNumber(p.createdAt) === turkeyDayNumber(new Date())}
              reverse={reverseVposPaymentAction}
            />
          )}
          {(p.state !== 'succeeded' || left === 0n) && (
            <p className="text-sm text-muted" data-testid="reverse-none">
              {p.state === 'succeeded' ? t('reverse.nothingLeft') : t('reverse.notPaid')}
            </p>
          )}
        </Card>
      </div>

      <Card title={t('reversals')}>
        {p.reversals.length === 0 ? (
          <p className="text-sm text-muted">{t('noReversals')}</p>
        ) : (
          <DataTable
            caption={t('reversals')}
            columns={[t('cols.date'), t('reversalKind'), t('cols.amount'), t('cols.state'), t('cols.bank')]}
            testId="reversals"
          >
            {p.reversals.map((r) => (
              <tr key={r.id} className="border-b border-slate-100 align-top last:border-0">
                <td className="px-2 py-2 first:ps-0">{formatDate(r.createdAt, locale, { time: true })}</td>
                <td className="px-2 py-2">{t(`reversalKinds.${r.kind}`)}</td>
                <td className="whitespace-nowrap px-2 py-2">{money(r.amount)}</td>
                <td className="px-2 py-2">{t(`reversalStates.${r.state}`)}</td>
                <td className="min-w-40 px-2 py-2">
                  {r.state === 'succeeded' && r.referenceCode ? (
                    <>
                      {t('cols.reference')}: {code(r.referenceCode)}
                    </>
                  ) : (
                    <BankReasonView reason={bankReasonOf(r.bankCode, r.message, words)} locale={locale} />
                  )}
                </td>
              </tr>
            ))}
          </DataTable>
        )}
      </Card>

      <Card title={t('attempts')}>
        {p.attempts.length === 0 ? (
          <p className="text-sm text-muted">{t('noAttempts')}</p>
        ) : (
          <DataTable caption={t('attempts')} columns={[t('cols.date'), t('attemptAction'), t('attemptOutcome'), t('attemptReason')]} testId="attempts">
            {p.attempts.map((a, i) => {
              const reason = splitReason(a.reason);
              return (
                <tr key={i} className="border-b border-slate-100 align-top last:border-0">
                  <td className="whitespace-nowrap px-2 py-2 first:ps-0">{formatDate(a.at, locale, { time: true })}</td>
                  <td className="px-2 py-2">
                    {t.has(`attemptActions.${a.action}`) ? t(`attemptActions.${a.action}` as 'attemptActions.collect') : <bdi dir="ltr">{a.action}</bdi>}
                  </td>
                  <td className="px-2 py-2">
                    {t.has(`attemptOutcomes.${a.outcome}`) ? t(`attemptOutcomes.${a.outcome}` as 'attemptOutcomes.ok') : <bdi dir="ltr">{a.outcome}</bdi>}
                  </td>
                  <td className="min-w-40 px-2 py-2">
                    {a.reason ? <BankReasonView reason={bankReasonOf(reason.code, reason.message, words)} locale={locale} /> : '—'}
                  </td>
                </tr>
              );
            })}
          </DataTable>
        )}
      </Card>
    </VposFrame>
  );
}
