import { getLocale, getTranslations } from 'next-intl/server';
import { canStaff } from '@/lib/staff/permissions';
import { StaffWrite } from '@/components/staff/staff-write';
import { Decision } from '@/components/payouts-admin/decision';
import { Card } from '@/components/ui/card';
import { DataTable } from '@/components/ui/data-table';
import { getDb } from '@/db';
import { requireStaffActor } from '@/lib/auth/session';
import { formatDate, localDigits } from '@/lib/date/format';
import type { Locale } from '@/lib/i18n/config';
import { listPendingAccounts } from '@/lib/payouts/staff-views';
import { bankOfSheba } from '@/lib/validation/identifiers';
import { decideBankAccountAction } from '../actions';
import { stepUpAction } from '@/app/(auth)/login/two-factor/actions';
import { PayoutsHeader } from '../_components/header';
import { titled } from '@/lib/i18n/metadata';

export const generateMetadata = titled('adminPayouts', 'accountsTitle');

export default async function PendingAccountsPage() {
  const { actor } = await requireStaffActor('payouts');
  const t = await getTranslations('adminPayouts');
  const locale = (await getLocale()) as Locale;
  const rows = await listPendingAccounts(getDb(), actor);
  return (
    <div className="flex flex-col gap-6">
      <PayoutsHeader current="/admin/payouts/accounts" title={t('accountsTitle')} intro={t('accountsIntro')} />
      <Card>
        {rows.length === 0 ? (
          <p className="text-sm text-muted">{t('accountsEmpty')}</p>
        ) : (
          <DataTable
            caption={t('accountsTitle')}
            columns={[t('merchant'), t('sheba'), t('holder'), t('kycName'), t('scope'), t('addedAt'), t('decision')]}
            testId="pending-accounts"
          >
            {rows.map((r) => {
              const bank = bankOfSheba(r.account.sheba);
              const name = `${r.merchant.firstName} ${r.merchant.lastName}`;
              const differs = r.kycName !== null && r.kycName.replace(/\s+/g, ' ').trim() !== r.account.holderName.replace(/\s+/g, ' ').trim();
              return (
                <tr key={r.account.id} className="border-b border-slate-100 align-top last:border-0" data-account={r.account.sheba}>
                  <td className="px-2 py-2 first:ps-0">
                    {name}
                    <br />
                    <bdi className="text-xs text-muted">{localDigits(r.merchant.mobile, locale)}</bdi>
                  </td>
                  <td className="px-2 py-2">
                    <bdi dir="ltr" className="font-mono text-xs">
                      {r.account.sheba}
                    </bdi>
                    {bank && <span className="block text-xs text-muted">{locale === 'fa' ? bank.name : bank.nameEn}</span>}
                  </td>
                  <td className="px-2 py-2 font-medium">{r.account.holderName}</td>
                  <td className="px-2 py-2">
                    {r.kycName ?? <span className="text-muted">{t('noKycName')}</span>}
                    {differs && <span className="mt-1 block rounded bg-amber-100 px-1.5 py-0.5 text-xs text-amber-900">{t('holderDiffers')}</span>}
                  </td>
                  <td className="px-2 py-2">{r.platformName ?? t('wholeBusiness')}</td>
                  <td className="whitespace-nowrap px-2 py-2">{formatDate(r.account.createdAt, locale, { time: true })}</td>
                  <td className="px-2 py-2">
                    <StaffWrite may={canStaff(actor, 'payouts', 'write')}>
                      <Decision
                        id={r.account.id}
                        label={`${r.account.holderName} ${r.account.sheba}`}
                        action={async (input) => {
                          'use server';
                          return decideBankAccountAction({ id: r.account.id, ...input });
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
    </div>
  );
}
