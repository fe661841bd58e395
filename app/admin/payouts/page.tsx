import { getLocale, getTranslations } from 'next-intl/server';
import { canStaff } from '@/lib/staff/permissions';
import { StaffWrite } from '@/components/staff/staff-write';
import { Decision } from '@/components/payouts-admin/decision';
import { PayoutExportForm } from '@/components/payouts-admin/export-form';
import { Card } from '@/components/ui/card';
import { DataTable } from '@/components/ui/data-table';
import { getDb } from '@/db';
import { requireStaffActor } from '@/lib/auth/session';
import { localDigits } from '@/lib/date/format';
import type { Locale } from '@/lib/i18n/config';
import { formatAmount } from '@/lib/money';
import { currentJalaliMonth, dayText } from '@/lib/payouts/export';
import { listPayoutQueue, payoutTotals, type Tally } from '@/lib/payouts/staff-views';
import { payoutsNeedingAnotherApprover } from '@/lib/payouts';
import { bankOfSheba } from '@/lib/validation/identifiers';
import { decidePayoutAction } from './actions';
import { stepUpAction } from '@/app/(auth)/login/two-factor/actions';
import { ageOf, PayoutsHeader } from './_components/header';
import { titled } from '@/lib/i18n/metadata';

export const generateMetadata = titled('adminPayouts', 'title');

export default async function AdminPayoutsPage() {
  const { actor } = await requireStaffActor('payouts');
  const t = await getTranslations('adminPayouts');
  const locale = (await getLocale()) as Locale;
  const db = getDb();
  const now = new Date();
  const [queue, totals] = await Promise.all([listPayoutQueue(db, actor, { now }), payoutTotals(db, actor, { now })]);
  const month = currentJalaliMonth(now);
  const ts = await getTranslations('staff');
  const notMine = await payoutsNeedingAnotherApprover(
    db,
    actor,
    queue.map((r) => r.payout.id),
  );
  const tally = (key: 'inFlight' | 'paidToday' | 'returnedToday', v: Tally | undefined) => (
    <div className="rounded-2xl border border-slate-200 bg-white p-4 shadow-sm" data-testid={`total-${key}`}>
      <p className="text-sm text-muted">{t(`totals.${key}`)}</p>
      <p className="mt-1 text-xl font-bold">{formatAmount(v?.total ?? 0n, locale)}</p>
      <p className="text-xs text-muted">{t('totals.count', { count: v?.count ?? 0 })}</p>
    </div>
  );
  return (
    <div className="flex flex-col gap-6">
      <PayoutsHeader current="/admin/payouts" title={t('title')} intro={t('subtitle')} />
      <div className="grid gap-3 sm:grid-cols-3">
        {tally('inFlight', totals?.inFlight)}
        {tally('paidToday', totals?.paidToday)}
        {tally('returnedToday', totals?.returnedToday)}
      </div>
      <Card title={t('queueTitle')}>
        {queue.length === 0 ? (
          <p className="text-sm text-muted">{t('queueEmpty')}</p>
        ) : (
          <DataTable
            caption={t('queueTitle')}
            columns={[t('merchant'), t('platform'), t('amount'), t('account'), t('age'), t('risk'), t('decision')]}
            testId="payout-queue"
          >
            {queue.map((r) => {
              const bank = r.sheba ? bankOfSheba(r.sheba) : null;
              const name = `${r.merchant.firstName} ${r.merchant.lastName}`;
              const amount = formatAmount(r.payout.amount, locale);
              return (
                <tr key={r.payout.id} className="border-b border-slate-100 align-top last:border-0" data-payout={r.payout.id}>
                  <td className="px-2 py-2 first:ps-0">
                    {name}
                    <br />
                    <bdi className="text-xs text-muted">{localDigits(r.merchant.mobile, locale)}</bdi>
                  </td>
                  <td className="px-2 py-2">{r.platformName}</td>
                  <td className="whitespace-nowrap px-2 py-2">
                    {amount}
                    {r.payout.fee > 0n && <span className="block text-xs text-muted">{t('feeOf', { fee: formatAmount(r.payout.fee, locale) })}</span>}
                    {r.payout.auto && <span className="block text-xs text-muted">{t('auto')}</span>}
                  </td>
                  <td className="px-2 py-2">
                    <bdi dir="ltr" className="font-mono text-xs">
                      {r.sheba ?? '—'}
                    </bdi>
                    <span className="block">{r.holderName}</span>
                    {bank && <span className="block text-xs text-muted">{locale === 'fa' ? bank.name : bank.nameEn}</span>}
                  </td>
                  <td className="whitespace-nowrap px-2 py-2">{ageOf(r.payout.requestedAt, now, t)}</td>
                  <td className="px-2 py-2">
                    {r.risks.length === 0 ? (
                      <span className="text-xs text-muted">—</span>
                    ) : (
                      <ul className="flex flex-col gap-1">
                        {r.risks.map((k) => (
                          <li key={k} className="rounded bg-amber-100 px-1.5 py-0.5 text-xs text-amber-900">
                            {t(`risks.${k}`)}
                          </li>
                        ))}
                      </ul>
                    )}
                  </td>
                  <td className="px-2 py-2">
                    {notMine.has(r.payout.id) && (
                      <p className="mb-2 max-w-56 text-xs text-amber-800" data-testid="four-eyes-note">
                        {ts('payoutFourEyes')}
                      </p>
                    )}
                    <StaffWrite may={canStaff(actor, 'payouts', 'write')}>
                      <Decision
                        id={r.payout.id}
                        label={`${name} ${amount}`}
                        action={async (input) => {
                          'use server';
                          return decidePayoutAction({ payoutId: r.payout.id, ...input });
                        }}
                        stepUp={stepUpAction}
                      />
                    </StaffWrite>
                  </td>
                </tr>
              );
            })}
          </DataTable>
        )}
      </Card>
      <Card title={t('export.title')}>
        <p className="mb-4 text-sm text-muted">{t('export.intro')}</p>
        <PayoutExportForm from={dayText(month.from, locale)} to={dayText(month.to, locale)} />
      </Card>
    </div>
  );
}
