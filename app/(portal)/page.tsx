import type { Metadata } from 'next';
import { getLocale, getTranslations } from 'next-intl/server';
import Link from 'next/link';
import { Card } from '@/components/ui/card';
import { getDb } from '@/db';
import { getKycProfile } from '@/lib/kyc';
import { listMerchantServices } from '@/lib/services';
import { formatDate } from '@/lib/date/format';
import { requireMerchant } from '@/lib/auth/session';
import type { Locale } from '@/lib/i18n/config';
import { BalanceCards } from '@/components/payments/balance-cards';
import { isKycApproved } from '@/lib/kyc';
import { balancesOfMerchant } from '@/lib/payments/balances';

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations('dashboard'))('title') };
}

export default async function DashboardPage() {
  const user = await requireMerchant();
  const t = await getTranslations('dashboard');
  const locale = (await getLocale()) as Locale;
  const profile = await getKycProfile(getDb(), user.id);
  const sent = profile?.status === 'submitted' || !!profile?.approvedAt;
  const steps = [
    { key: 'account', done: true },
    { key: 'kyc', done: sent },
    { key: 'review', done: !!profile?.approvedAt },
    { key: 'services', done: (await listMerchantServices(getDb(), user.id)).length > 0 },
  ] as const;
  const next = steps.find((s) => !s.done);
  const rejected = profile?.status === 'rejected';
  const balances = isKycApproved(profile) ? await balancesOfMerchant(user.id) : [];
  return (
    <div className="flex flex-col gap-6">
      <div>
        <h1 className="text-2xl font-bold" data-testid="greeting">
          {t('greeting', { name: user.firstName })}
        </h1>
        <p className="mt-1 text-sm text-muted">{t('today', { date: formatDate(new Date(), locale) })}</p>
      </div>
      {balances.length > 0 && <BalanceCards balances={balances} locale={locale} showNames />}
      <Card title={t('nextStepTitle')}>
        <p className="font-semibold text-brand-800" data-testid="next-step">
          {rejected ? t('kycRejected') : next ? t(`steps.${next.key}.title`) : t('allDone')}
        </p>
        <p className="mt-1 text-sm text-muted">{rejected ? t('kycRejectedBody') : next ? t(`steps.${next.key}.body`) : t('allDoneBody')}</p>
        {(next?.key === 'kyc' || rejected) && (
          <Link
            href="/customer-info"
            className="mt-3 inline-flex min-h-11 items-center rounded-lg bg-brand-600 px-4 text-sm font-semibold text-white hover:bg-brand-700"
          >
            {t('openCustomerInfo')}
          </Link>
        )}
        {next?.key === 'services' && !rejected && (
          <Link
            href="/services/new"
            className="mt-3 inline-flex min-h-11 items-center rounded-lg bg-brand-600 px-4 text-sm font-semibold text-white hover:bg-brand-700"
          >
            {t('requestService')}
          </Link>
        )}
      </Card>
      <Card title={t('journeyTitle')}>
        <ol className="flex flex-col gap-3">
          {steps.map((s, i) => (
            <li key={s.key} className="flex items-start gap-3">
              <span
                className={`mt-0.5 flex size-6 shrink-0 items-center justify-center rounded-full text-xs font-bold ${
                  s.done ? 'bg-emerald-600 text-white' : s.key === next?.key ? 'bg-brand-600 text-white' : 'bg-slate-200 text-ink'
                }`}
                aria-hidden
              >
                {s.done ? '✓' : (i + 1).toLocaleString(locale === 'fa' ? 'fa-IR' : 'en-US')}
              </span>
              <div>
                <p className="text-sm font-semibold">
                  {t(`steps.${s.key}.title`)} <span className="sr-only">{s.done ? t('done') : s.key === next?.key ? t('current') : t('later')}</span>
                </p>
                <p className="text-xs text-muted">{t(`steps.${s.key}.short`)}</p>
              </div>
            </li>
          ))}
        </ol>
      </Card>
    </div>
  );
}
