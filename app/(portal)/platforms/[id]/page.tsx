import Link from 'next/link';
import { notFound } from 'next/navigation';
import { getLocale, getTranslations } from 'next-intl/server';
import { Card } from '@/components/ui/card';
import { DataTable } from '@/components/ui/data-table';
import { getDb } from '@/db';
import { requireMerchantWithKyc } from '@/lib/auth/approved';
import { formatDate, localDigits } from '@/lib/date/format';
import type { Locale } from '@/lib/i18n/config';
import { getOwnPlatform, listApiRequests, listPlatformKeys } from '@/lib/platforms';
import { KycFirst } from '@/components/services/kyc-first';
import { baseUrl } from '@/lib/http/base-url';
import { amountInUnit } from '@/lib/money';
import { KeysPanel, PauseButton } from './keys-panel';
import { WebhookSettings } from './webhook-settings';
import { getWebhookEndpoint } from '@/lib/webhooks/endpoints';
import { listEvents } from '@/lib/webhooks/events';
import { liveGateways } from '@/lib/gateways';
import { getLinkSettings } from '@/lib/payments/link-settings';
import { merchantBalances } from '@/lib/payments/balances';
import { BalanceCards } from '@/components/payments/balance-cards';
import { LinkBuilder, PaymentLinkSettings, type LinkSettingsView } from './payment-link';
import type { GatewayId } from '@/lib/gateways/types';
import { GATEWAY_IDS } from '@/lib/validation/payments';
import { ResendButton } from './resend-button';
import { LogoUpload } from './logo-upload';
import { titled } from '@/lib/i18n/metadata';
import { BackLink } from '@/components/ui/back-link';
import { ivrPlatformOf } from '@/lib/ivr';
import { chargePlatform } from '@/lib/topup';

export const generateMetadata = titled('services', 'serviceInfo');

/** "Service info" for one sales platform: its keys, the API address, the docs and its request log. */
export default async function PlatformPage({ params }: { params: Promise<{ id: string }> }) {
  const { actor, approved } = await requireMerchantWithKyc();
  if (!approved) return <KycFirst />;
  const { id } = await params;
  const db = getDb();
  const platform = await getOwnPlatform(db, actor, id);
  if (!platform) notFound();
  const [keys, log, webhook, events, linkSettings, [balance], offered, ivr, charge] = await Promise.all([
    listPlatformKeys(db, actor, id),
    listApiRequests(db, actor, { platformId: id, limit: 50 }),
    getWebhookEndpoint(db, actor, id),
    listEvents(db, actor, id),
    getLinkSettings(db, actor, id),
    merchantBalances(db, actor, { platformId: id }),
    liveGateways(db),
    ivrPlatformOf(db, actor, id),
    chargePlatform(db, id, actor.merchantId),
  ]);
  const tTopup = await getTranslations('topup');
  const tl = await getTranslations('paymentLink');
  const tw = await getTranslations('webhookEvents');
  const ti = await getTranslations('ivr');
  const linkView: LinkSettingsView | null =
    linkSettings && linkSettings !== 'notFound'
      ? {
          handle: linkSettings.handle,
          title: linkSettings.title,
          enabled: linkSettings.enabled,
          displayUnit: linkSettings.displayUnit,
          // Stored as text; only the gateways this build knows can be shown as choices.
          gateways: linkSettings.gateways.filter((g): g is GatewayId => (GATEWAY_IDS as readonly string[]).includes(g)),
          minAmount: amountInUnit(linkSettings.minAmount, linkSettings.displayUnit),
          maxAmount: amountInUnit(linkSettings.maxAmount, linkSettings.displayUnit),
          acceptSlips: linkSettings.acceptSlips,
        }
      : null;
  const t = await getTranslations('services');
  const locale = (await getLocale()) as Locale;
  const now = new Date();
  const keyRows = (keys ?? []).map((k) => ({
    id: k.id,
    environment: k.environment,
    prefix: k.prefix,
    created: formatDate(k.createdAt, locale, { time: true }),
    lastUsed: k.lastUsedAt ? formatDate(k.lastUsedAt, locale, { time: true }) : t('never'),
    state: k.revokedAt && k.revokedAt <= now ? 'revoked' : k.expiresAt && k.expiresAt <= now ? 'expired' : k.expiresAt ? 'expiring' : 'active',
    expires: k.expiresAt ? formatDate(k.expiresAt, locale, { time: true }) : null,
    ipAllowList: k.ipAllowList.join('\n'),
  }));
  const hasLive = keyRows.some((k) => k.environment === 'live' && (k.state === 'active' || k.state === 'expiring'));
  const origin = await baseUrl();
  const base = `${origin}/api/v1`;
  return (
    <div className="flex flex-col gap-6">
      <div>
        <BackLink href={`/services/${platform.merchantServiceId}`}>{t('backToService')}</BackLink>
        <h1 className="mt-2 text-2xl font-bold">{platform.name}</h1>
        <p className="mt-1 text-sm text-muted">
          {t(`types.${platform.type}`)} · <bdi dir="ltr">{platform.address}</bdi> ·{' '}
          <span data-testid="platform-status">{t(`platformStatus.${platform.status}`)}</span>
        </p>
        {platform.decisionReason && <p className="mt-1 text-sm text-amber-800">{t('staffReason', { reason: platform.decisionReason })}</p>}
        {(platform.status === 'pending' || platform.status === 'approved' || platform.status === 'paused') && (
          <div className="mt-3">
            <PauseButton platformId={platform.id} paused={platform.status === 'paused'} />
          </div>
        )}
      </div>
      {balance && <BalanceCards balances={[balance]} locale={locale} withdraw />}
      {ivr && (
        <Card title={ti('platformCard')}>
          <p className="mb-3 text-sm text-muted">{ti('platformCardIntro')}</p>
          <div className="flex flex-wrap gap-3">
            <Link href={`/ivr/settings/${platform.id}`} className="text-sm font-medium text-brand-700 underline" data-testid="ivr-settings-link">
              {ti('settingsTitle')}
            </Link>
            <Link href="/ivr" className="text-sm font-medium text-brand-700 underline">
              {ti('title')}
            </Link>
          </div>
        </Card>
      )}
      {charge && (
        <Card title={tTopup('platformCard.title')}>
          <p className="text-sm text-muted">{tTopup('platformCard.body')}</p>
          <Link href="/topup" className="mt-3 inline-block text-sm font-medium text-brand-700 underline" data-testid="platform-topup-link">
            {tTopup('platformCard.link')}
          </Link>
        </Card>
      )}
      {linkSettings !== 'notFound' && (
        <Card title={tl('card')}>
          <p className="mb-4 text-sm text-muted">{tl('intro')}</p>
          {platform.status !== 'approved' && <p className="mb-4 text-sm text-amber-800">{tl('notApproved')}</p>}
          <PaymentLinkSettings platformId={platform.id} initial={linkView} offered={offered} origin={origin} />
          {linkView && linkSettings && typeof linkSettings === 'object' && (
            <div className="mt-6 border-t border-slate-200 pt-5">
              <LogoUpload
                platformId={platform.id}
                current={linkSettings.logoKey ? `/pay/logo/${linkSettings.handle}?v=${linkSettings.updatedAt.getTime()}` : null}
              />
            </div>
          )}
          {linkView && (
            <div className="mt-6 border-t border-slate-200 pt-5">
              <h3 className="mb-3 text-sm font-semibold">{tl('builder')}</h3>
              <LinkBuilder platformId={platform.id} unit={linkView.displayUnit} />
              <a href={`/pay/${linkView.handle}`} className="mt-3 inline-block text-sm font-medium text-brand-700 underline" target="_blank" rel="noreferrer">
                {tl('open')}
              </a>
            </div>
          )}
        </Card>
      )}
      <Card title={t('integration')}>
        <dl className="grid gap-3 text-sm sm:grid-cols-[10rem_1fr]">
          <dt className="text-muted">{t('apiBase')}</dt>
          <dd>
            <code dir="ltr" className="rounded bg-slate-100 px-2 py-1" data-testid="api-base">
              {base}
            </code>
          </dd>
          <dt className="text-muted">{t('docs')}</dt>
          <dd>
            <Link href="/docs/api" className="font-medium text-brand-700 underline">
              {t('docsLink')}
            </Link>
          </dd>
        </dl>
      </Card>
      <Card title={t('keys')}>
        <KeysPanel platformId={platform.id} keys={keyRows} canIssueLive={platform.status === 'approved' && !hasLive} />
      </Card>
      <Card title={t('webhook')}>
        <WebhookSettings platformId={platform.id} url={webhook?.url ?? null} />
      </Card>
      <Card title={tw('title')}>
        {!events?.length ? (
          <p className="text-sm text-muted">{tw('none')}</p>
        ) : (
          <DataTable caption={tw('title')} columns={[t('time'), tw('event'), tw('state'), tw('attempts'), tw('last'), '']} testId="webhook-events">
            {events.map((e) => {
              const last = e.deliveries[0];
              return (
                <tr key={e.id} className="border-b border-slate-100 last:border-0">
                  <td className="px-2 py-2">{formatDate(e.createdAt, locale, { time: true })}</td>
                  <td className="px-2 py-2" dir="ltr">
                    {e.type}
                  </td>
                  <td className="px-2 py-2">{tw(`states.${e.state}`)}</td>
                  <td className="px-2 py-2">{localDigits(e.attempts, locale)}</td>
                  <td className="px-2 py-2" dir={last?.status == null ? undefined : 'ltr'} data-testid="webhook-last">
                    {!last
                      ? '—'
                      : last.status !== null
                        ? `${last.status} · ${last.latencyMs ?? 0} ms`
                        : tw(last.error === 'addressNotAllowed' ? 'failure.addressNotAllowed' : 'failure.connectFailed')}
                  </td>
                  <td className="px-2 py-2">
                    <ResendButton eventId={e.id} platformId={platform.id} />
                  </td>
                </tr>
              );
            })}
          </DataTable>
        )}
      </Card>
      <Card title={t('requestLog')}>
        {!log?.length ? (
          <p className="text-sm text-muted">{t('noRequests')}</p>
        ) : (
          <DataTable caption={t('requestLog')} columns={[t('time'), t('request'), t('status'), t('latency'), t('key')]} testId="request-log">
            {log.map((l) => (
              <tr key={String(l.id)} className="border-b border-slate-100 last:border-0">
                <td className="px-2 py-2">{formatDate(l.at, locale, { time: true })}</td>
                <td className="px-2 py-2 text-start" dir="ltr">
                  {l.method} {l.path}
                </td>
                <td className="px-2 py-2">{localDigits(l.status, locale)}</td>
                <td className="px-2 py-2">{t('ms', { n: localDigits(l.latencyMs, locale) })}</td>
                <td className="px-2 py-2" dir="ltr">
                  {l.keyPrefix}…
                </td>
              </tr>
            ))}
          </DataTable>
        )}
      </Card>
    </div>
  );
}
