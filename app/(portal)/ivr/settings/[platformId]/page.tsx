import { notFound } from 'next/navigation';
import { getLocale, getTranslations } from 'next-intl/server';
import { isolate } from '@/components/ivr/bidi';
import { IntegratorPanel } from '@/components/ivr/integrator-panel';
import { RollSecret } from '@/app/(portal)/ivr/_components/roll-secret';
import { IvrSettingsForm } from '@/app/(portal)/ivr/_components/settings-form';
import { KycFirst } from '@/components/services/kyc-first';
import { BackLink } from '@/components/ui/back-link';
import { Card } from '@/components/ui/card';
import { PageHeader } from '@/components/ui/page-header';
import { getDb } from '@/db';
import { requireMerchantWithKyc } from '@/lib/auth/approved';
import { localDigits } from '@/lib/date/format';
import { publicBaseUrl } from '@/lib/http/base-url';
import type { Locale } from '@/lib/i18n/config';
import { titled } from '@/lib/i18n/metadata';
import { getIvrSettings, ivrPlatformOf } from '@/lib/ivr';

export const generateMetadata = titled('ivr', 'settingsTitle');

/** One IVR platform's phone-payment settings, its two secrets and the integrator's reference. */
export default async function IvrSettingsPage({ params }: { params: Promise<{ platformId: string }> }) {
  const { actor, approved } = await requireMerchantWithKyc({ need: 'sell' });
  if (!approved) return <KycFirst />;
  const { platformId } = await params;
  const db = getDb();
  const platform = await ivrPlatformOf(db, actor, platformId);
  const settings = platform ? await getIvrSettings(db, actor, platform.id) : null;
  if (!platform || !settings) notFound();
  const t = await getTranslations('ivr');
  const ts = await getTranslations('services');
  const locale = (await getLocale()) as Locale;
  return (
    <div className="flex flex-col gap-6">
      <PageHeader title={t('settingsOf', { name: isolate(platform.name) })} intro={t('settingsIntro')}>
        <div className="flex flex-wrap gap-3">
          <BackLink href="/ivr">{t('backToSales')}</BackLink>
          <BackLink href={`/platforms/${platform.id}`}>{t('toPlatform')}</BackLink>
        </div>
      </PageHeader>
      <Card title={t('lineTitle')}>
        <dl className="grid gap-3 text-sm sm:grid-cols-[12rem_1fr]" data-testid="ivr-line">
          <dt className="text-muted">{t('line')}</dt>
          <dd>
            <bdi dir="ltr">{localDigits(platform.address, locale)}</bdi>
          </dd>
          <dt className="text-muted">{t('merchantNumber')}</dt>
          <dd>
            <bdi dir="ltr" className="font-semibold" data-testid="merchant-number">
              {localDigits(settings.merchantNumber, locale)}
            </bdi>
          </dd>
          <dt className="text-muted">{t('rail')}</dt>
          <dd data-testid="ivr-rail" data-rail={settings.rail}>
            {t(`rails.${settings.rail}`)}
            <span className="block text-xs text-muted">{t('railHint')}</span>
          </dd>
          <dt className="text-muted">{t('platformStatus')}</dt>
          <dd>{ts(`platformStatus.${platform.status}`)}</dd>
        </dl>
      </Card>
      <Card title={t('rulesTitle')}>
        <IvrSettingsForm
          initial={{
            platformId: platform.id,
            invoiceTtlMinutes: settings.invoiceTtlMinutes,
            callerWrongCap: settings.callerWrongCap,
            callerWindowMinutes: settings.callerWindowMinutes,
            invoiceFailCap: settings.invoiceFailCap,
          }}
        />
      </Card>
      <Card title={t('secrets.title')}>
        <p className="mb-4 text-sm text-muted">{t('secrets.intro')}</p>
        <div className="flex flex-col gap-4">
          <RollSecret platformId={platform.id} kind="credential" prefix={settings.hasCredential ? settings.credentialPrefix : null} />
          <RollSecret platformId={platform.id} kind="trunk" prefix={settings.hasTrunk ? settings.trunkPrefix : null} />
        </div>
      </Card>
      <Card title={t('integrator.title')}>
        <IntegratorPanel origin={publicBaseUrl()} merchantNumber={settings.merchantNumber} line={platform.address} />
      </Card>
    </div>
  );
}
