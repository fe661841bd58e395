import Link from 'next/link';
import { getLocale, getTranslations } from 'next-intl/server';
import { WithdrawForm } from '@/components/payouts/withdraw-form';
import { KycFirst } from '@/components/services/kyc-first';
import { BackLink } from '@/components/ui/back-link';
import { Card } from '@/components/ui/card';
import { PageHeader } from '@/components/ui/page-header';
import { getDb } from '@/db';
import { requireMerchantWithKyc } from '@/lib/auth/approved';
import { formatDate } from '@/lib/date/format';
import { tehranStartOf } from '@/lib/date/tehran';
import type { Locale } from '@/lib/i18n/config';
import { balancesOfMerchant } from '@/lib/payments/balances';
import { currentPayoutRules, ensureKycBankAccount } from '@/lib/payouts';
import { expectedPayoutDay, getPayoutSettings, listBankAccounts } from '@/lib/payouts/queries';
import { bankOfSheba } from '@/lib/validation/identifiers';
import { requestPayoutAction } from '../actions';
import { stepUpAction } from '@/app/(auth)/login/two-factor/actions';
import { titled } from '@/lib/i18n/metadata';

export const generateMetadata = titled('payouts', 'newTitle');

/** Request a withdrawal from one platform's withdrawable balance (`?platform=<id>`; the first one otherwise). */
export default async function NewPayoutPage({ searchParams }: { searchParams: Promise<Record<string, string | undefined>> }) {
  const { actor, approved } = await requireMerchantWithKyc({ need: 'payouts' });
  if (!approved) return <KycFirst />;
  const sp = await searchParams;
  const t = await getTranslations('payouts');
  const locale = (await getLocale()) as Locale;
  const db = getDb();
  await ensureKycBankAccount(db, actor);
  const balances = await balancesOfMerchant(actor);
  const balance = balances.find((b) => b.platformId === sp.platform) ?? (sp.platform ? undefined : balances[0]);
  if (!balance) {
    return (
      <div className="flex flex-col gap-6">
        <PageHeader title={t('newTitle')} />
        <Card>
          <p className="text-sm text-muted" data-testid="no-platform">
            {balances.length ? t('platformNotFound') : t('noPlatforms')}
          </p>
        </Card>
      </div>
    );
  }
  const [accounts, settings, rules] = await Promise.all([
    listBankAccounts(db, actor, { platformId: balance.platformId }),
    getPayoutSettings(db, actor, balance.platformId),
    currentPayoutRules(db),
  ]);
  const usable = accounts
    .filter((a) => a.status === 'approved')
    .map((a) => {
      const bank = bankOfSheba(a.sheba);
      return { id: a.id, sheba: a.sheba, holderName: a.holderName, bank: bank ? (locale === 'fa' ? bank.name : bank.nameEn) : t('unknownBank') };
    });
  const day = expectedPayoutDay({ state: 'requested', sentAt: null });
  return (
    <div className="flex flex-col gap-6">
      <PageHeader title={t('newTitle')} intro={t('newIntro')}>
        <BackLink href="/payouts">{t('backToList')}</BackLink>
      </PageHeader>
      {balances.length > 1 && (
        <nav aria-label={t('platform')} className="flex flex-wrap gap-2 text-sm">
          {balances.map((b) => (
            <Link
              key={b.platformId}
              href={`/payouts/new?platform=${b.platformId}`}
              aria-current={b.platformId === balance.platformId ? 'page' : undefined}
              className={`rounded-full border px-3 py-1.5 ${b.platformId === balance.platformId ? 'border-brand-600 bg-brand-50 font-semibold text-brand-800' : 'border-slate-300'}`}
            >
              {b.name}
            </Link>
          ))}
        </nav>
      )}
      <Card title={balance.name}>
        {usable.length === 0 ? (
          <div className="flex flex-col gap-3 text-sm" data-testid="no-account">
            <p className="text-muted">{t('noApprovedAccount')}</p>
            <Link href="/payouts/accounts" className="font-medium text-brand-700 hover:underline">
              {t('manageAccounts')}
            </Link>
          </div>
        ) : (
          <WithdrawForm
            platform={{ id: balance.platformId, name: balance.name, unit: balance.unit }}
            withdrawable={balance.withdrawable.toString()}
            rules={{ min: rules.min.toString(), max: rules.max.toString(), dailyCap: rules.dailyCap.toString(), fee: rules.fee.toString() }}
            accounts={usable}
            defaultAccountId={settings?.defaultBankAccountId ?? null}
            expectedDay={day ? formatDate(tehranStartOf(day), locale) : '—'}
            action={requestPayoutAction}
            stepUp={stepUpAction}
          />
        )}
      </Card>
    </div>
  );
}
