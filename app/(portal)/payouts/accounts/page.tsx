import { getLocale, getTranslations } from 'next-intl/server';
import { AddBankAccountForm, PlatformPayoutSettings, RemoveBankAccount } from '@/components/payouts/bank-account-forms';
import { KycFirst } from '@/components/services/kyc-first';
import { BackLink } from '@/components/ui/back-link';
import { Card } from '@/components/ui/card';
import { DataTable } from '@/components/ui/data-table';
import { PageHeader } from '@/components/ui/page-header';
import { getDb } from '@/db';
import { requireMerchantWithKyc } from '@/lib/auth/approved';
import { formatDate } from '@/lib/date/format';
import type { Locale } from '@/lib/i18n/config';
import { amountInUnit } from '@/lib/money';
import { balancesOfMerchant } from '@/lib/payments/balances';
import { ensureKycBankAccount } from '@/lib/payouts';
import { getPayoutSettings, listBankAccounts } from '@/lib/payouts/queries';
import { bankOfSheba } from '@/lib/validation/identifiers';
import { addBankAccountAction, removeBankAccountAction, setAutoSettlementAction, setDefaultBankAccountAction } from '../actions';
import { titled } from '@/lib/i18n/metadata';
import { stepUpAction } from '@/app/(auth)/login/two-factor/actions';

export const generateMetadata = titled('payouts', 'accountsTitle');

type AccountStatus = Awaited<ReturnType<typeof listBankAccounts>>[number]['status'];

const STATUS_TONE: Record<AccountStatus, string> = {
  approved: 'bg-emerald-50 text-emerald-900 ring-emerald-200',
  pending: 'bg-amber-50 text-amber-900 ring-amber-200',
  rejected: 'bg-red-50 text-red-800 ring-red-200',
  removed: 'bg-slate-100 text-slate-700 ring-slate-200',
};

/** The merchant's destination accounts, adding and removing them, and each platform's default and automatic settlement. */
export default async function BankAccountsPage() {
  const { actor, approved } = await requireMerchantWithKyc({ need: 'bankAccounts' });
  if (!approved) return <KycFirst />;
  const t = await getTranslations('payouts');
  const locale = (await getLocale()) as Locale;
  const db = getDb();
  await ensureKycBankAccount(db, actor);
  const [accounts, balances] = await Promise.all([listBankAccounts(db, actor), balancesOfMerchant(actor)]);
  const settings = await Promise.all(balances.map((b) => getPayoutSettings(db, actor, b.platformId)));
  const bankName = (sheba: string) => {
    const b = bankOfSheba(sheba);
    return b ? (locale === 'fa' ? b.name : b.nameEn) : t('unknownBank');
  };
  const platformName = (id: string | null) => (id ? (balances.find((b) => b.platformId === id)?.name ?? '—') : t('wholeBusiness'));
  return (
    <div className="flex flex-col gap-6">
      <PageHeader title={t('accountsTitle')} intro={t('accountsIntro')}>
        <BackLink href="/payouts">{t('backToList')}</BackLink>
      </PageHeader>
      <Card title={t('accountsList')}>
        {accounts.length === 0 ? (
          <p className="text-sm text-muted">{t('noAccounts')}</p>
        ) : (
          <DataTable
            caption={t('accountsList')}
            columns={[t('bank'), t('sheba'), t('holder'), t('forPlatform'), t('status'), t('actions')]}
            testId="bank-accounts"
          >
            {accounts.map((a) => (
              <tr key={a.id} className="border-b border-slate-100 align-top last:border-0" data-account={a.id}>
                <td className="px-2 py-2 first:ps-0">{bankName(a.sheba)}</td>
                <td className="px-2 py-2">
                  <bdi dir="ltr" className="whitespace-nowrap font-mono text-xs">
                    {a.sheba}
                  </bdi>
                </td>
                <td className="px-2 py-2">{a.holderName}</td>
                <td className="px-2 py-2">{platformName(a.platformId)}</td>
                <td className="px-2 py-2">
                  <span
                    data-testid="account-status"
                    className={`inline-block whitespace-nowrap rounded-full px-2 py-0.5 text-xs font-medium ring-1 ring-inset ${STATUS_TONE[a.status]}`}
                  >
                    {t(`accountStatus.${a.status}`)}
                  </span>
                  {a.source === 'kyc' && <span className="block pt-1 text-xs text-muted">{t('fromKyc')}</span>}
                  {a.status === 'pending' && (
                    <span className="block pt-1 text-xs text-muted">{t('pendingNote', { date: formatDate(a.createdAt, locale) })}</span>
                  )}
                  {a.status === 'rejected' && a.reason && (
                    <span className="block max-w-64 pt-1 text-xs text-red-800">{t('reasonIs', { reason: a.reason })}</span>
                  )}
                </td>
                <td className="px-2 py-2">
                  <RemoveBankAccount id={a.id} action={removeBankAccountAction} />
                </td>
              </tr>
            ))}
          </DataTable>
        )}
      </Card>
      <Card title={t('addAccount')}>
        <AddBankAccountForm platforms={balances.map((b) => ({ id: b.platformId, name: b.name }))} action={addBankAccountAction} stepUp={stepUpAction} />
      </Card>
      {balances.map((b, i) => {
        const s = settings[i];
        const usable = accounts
          .filter((a) => a.status === 'approved' && (!a.platformId || a.platformId === b.platformId))
          .map((a) => ({ id: a.id, label: `${bankName(a.sheba)} · …${a.sheba.slice(-8)} · ${a.holderName}` }));
        return (
          <Card key={b.platformId} title={t('settingsOf', { name: b.name })}>
            <PlatformPayoutSettings
              platform={{ id: b.platformId, name: b.name, unit: b.unit }}
              accounts={usable}
              defaultAccountId={s?.defaultBankAccountId ?? null}
              autoEnabled={s?.autoEnabled ?? false}
              autoKeep={amountInUnit(s?.autoKeep ?? 0n, b.unit)}
              setDefault={setDefaultBankAccountAction}
              setAuto={setAutoSettlementAction}
            />
          </Card>
        );
      })}
    </div>
  );
}
