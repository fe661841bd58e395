import Link from 'next/link';
import { notFound } from 'next/navigation';
import { getLocale, getTranslations } from 'next-intl/server';
import { Card } from '@/components/ui/card';
import { DataTable } from '@/components/ui/data-table';
import { getDb } from '@/db';
import { requireMerchantWithKyc } from '@/lib/auth/approved';
import { formatDate, localDigits } from '@/lib/date/format';
import { INTL_LOCALE, type Locale } from '@/lib/i18n/config';
import { getOwnPlatform, listApiRequests, listPlatformKeys } from '@/lib/platforms';
import type { MerchantActor } from '@/lib/actor';
import { KycFirst } from '@/components/services/kyc-first';
import { FeeSummary } from '@/components/services/fee-summary';
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
import { platformFee } from '@/lib/services/fees';
import { PlatformTabs, TabPanel, TABS, tabOf, type Tab } from './tabs';
import { can } from '@/lib/teams/permissions';
import { TestEventButton } from './test-event';

export const generateMetadata = titled('services', 'serviceInfo');

const LOG_LIMIT = 50;

/**
 * "Service info" for one sales platform, in tabs (`?tab=`): an overview (balance, fee, the API
 * address, counts), its keys, its webhook and events, its payment link and builder, its request log.
 * Each tab loads only what it shows.
 */
export default async function PlatformPage({
  params,
  searchParams,
}: {
  params: Promise<{ id: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const { actor, approved } = await requireMerchantWithKyc({ need: 'platforms' });
  if (!approved) return <KycFirst />;
  const { id } = await params;
  const db = getDb();
  const platform = await getOwnPlatform(db, actor, id);
  if (!platform) notFound();
  const linkSettings = await getLinkSettings(db, actor, id);
  const tabs: readonly Tab[] = TABS.filter((x) => x !== 'link' || (linkSettings !== 'notFound' && can(actor, 'sell')));
  const asked = tabOf((await searchParams).tab);
  const tab = tabs.includes(asked) ? asked : 'overview';
  const t = await getTranslations('services');
  const locale = (await getLocale()) as Locale;

  let panel: React.ReactNode;
  if (tab === 'overview') panel = await Overview({ actor, platformId: id, locale });
  else if (tab === 'keys') panel = await Keys({ actor, platformId: id, locale, approved: platform.status === 'approved' });
  else if (tab === 'webhooks') panel = await Webhooks({ actor, platformId: id, locale });
  else if (tab === 'link' && linkSettings !== 'notFound')
    panel = await PaymentLinkTab({ platformId: id, approved: platform.status === 'approved', settings: linkSettings });
  else panel = await RequestLog({ actor, platformId: id, locale });

  return (
    <div className="flex min-w-0 flex-col gap-6">
      <div>
        <BackLink href={`/services/${platform.merchantServiceId}`}>{t('backToService')}</BackLink>
        <h1 className="mt-2 text-2xl font-bold break-words">{platform.name}</h1>
        <p className="mt-1 text-sm break-words text-muted">
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
      <PlatformTabs platformId={platform.id} current={tab} tabs={tabs} />
      <TabPanel tab={tab}>{panel}</TabPanel>
    </div>
  );
}

const count = (n: number, locale: Locale) => new Intl.NumberFormat(INTL_LOCALE[locale]).format(n);

async function Overview({ actor, platformId, locale }: { actor: MerchantActor; platformId: string; locale: Locale }) {
  const db = getDb();
  const [[balance], fee, keys, events, log, webhook, ivr, charge] = await Promise.all([
    merchantBalances(db, actor, { platformId }),
    platformFee(db, platformId),
    listPlatformKeys(db, actor, platformId),
    listEvents(db, actor, platformId),
    listApiRequests(db, actor, { platformId, limit: LOG_LIMIT }),
    getWebhookEndpoint(db, actor, platformId),
    ivrPlatformOf(db, actor, platformId),
    chargePlatform(db, platformId, actor.merchantId),
  ]);
  const [t, tp, ti, tTopup] = await Promise.all([
    getTranslations('services'),
    getTranslations('platformTabs'),
    getTranslations('ivr'),
    getTranslations('topup'),
  ]);
  const now = new Date();
  const activeKeys = (keys ?? []).filter((k) => !(k.revokedAt && k.revokedAt <= now) && !(k.expiresAt && k.expiresAt <= now)).length;
  const failed = (events ?? []).filter((e) => e.state === 'failed').length;
  const base = `${await baseUrl()}/api/v1`;
  const stat = (label: string, value: React.ReactNode, testId: string) => (
    <div className="rounded-xl border border-slate-200 p-3">
      <dt className="text-xs text-muted">{label}</dt>
      <dd className="mt-1 text-lg font-bold break-words" data-testid={testId}>
        {value}
      </dd>
    </div>
  );
  return (
    <>
      {/* Money figures for the roles that read reports; the withdraw link for those who may request payouts (lib/teams). */}
      {balance && can(actor, 'reports') && <BalanceCards balances={[balance]} locale={locale} withdraw={can(actor, 'payouts')} />}
      <Card title={t('fee.title')}>
        <FeeSummary fee={fee} locale={locale} testId="platform-fee" />
      </Card>
      <Card title={tp('atAGlance')}>
        <dl className="grid grid-cols-2 gap-3 lg:grid-cols-4">
          {stat(tp('activeKeys'), count(activeKeys, locale), 'stat-keys')}
          {stat(tp('recentEvents', { n: count(30, locale) }), count(events?.length ?? 0, locale), 'stat-events')}
          {stat(tp('failedEvents'), count(failed, locale), 'stat-failed')}
          {stat(tp('recentRequests', { n: count(LOG_LIMIT, locale) }), count(log?.length ?? 0, locale), 'stat-requests')}
        </dl>
      </Card>
      <Card title={t('integration')}>
        <dl className="grid gap-3 text-sm sm:grid-cols-[10rem_1fr]">
          <dt className="text-muted">{t('apiBase')}</dt>
          <dd className="min-w-0">
            <code dir="ltr" className="inline-block max-w-full rounded bg-slate-100 px-2 py-1 break-all" data-testid="api-base">
              {base}
            </code>
          </dd>
          <dt className="text-muted">{tp('webhookSet')}</dt>
          <dd className="min-w-0 break-all">{webhook ? <bdi dir="ltr">{webhook.url}</bdi> : tp('webhookNone')}</dd>
          <dt className="text-muted">{t('docs')}</dt>
          <dd>
            <Link href="/docs/api" className="font-medium text-brand-700 underline">
              {t('docsLink')}
            </Link>
          </dd>
        </dl>
      </Card>
      {ivr && (
        <Card title={ti('platformCard')}>
          <p className="mb-3 text-sm text-muted">{ti('platformCardIntro')}</p>
          <div className="flex flex-wrap gap-3">
            <Link href={`/ivr/settings/${platformId}`} className="text-sm font-medium text-brand-700 underline" data-testid="ivr-settings-link">
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
    </>
  );
}

async function Keys({ actor, platformId, locale, approved }: { actor: MerchantActor; platformId: string; locale: Locale; approved: boolean }) {
  const keys = await listPlatformKeys(getDb(), actor, platformId);
  const t = await getTranslations('services');
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
  return (
    <Card title={t('keys')}>
      <KeysPanel platformId={platformId} keys={keyRows} canIssueLive={approved && !hasLive} />
    </Card>
  );
}

async function Webhooks({ actor, platformId, locale }: { actor: MerchantActor; platformId: string; locale: Locale }) {
  const db = getDb();
  const [webhook, events] = await Promise.all([getWebhookEndpoint(db, actor, platformId), listEvents(db, actor, platformId)]);
  const [t, tw, tp] = await Promise.all([getTranslations('services'), getTranslations('webhookEvents'), getTranslations('platformTabs')]);
  return (
    <>
      <Card title={t('webhook')}>
        <WebhookSettings platformId={platformId} url={webhook?.url ?? null} />
        <div className="mt-5 border-t border-slate-200 pt-5">
          <h3 className="mb-2 text-sm font-semibold">{tp('testEvent')}</h3>
          {webhook ? (
            <TestEventButton platformId={platformId} />
          ) : (
            <p className="text-sm text-muted" data-testid="test-event-needs-url">
              {tp('noEndpoint')}
            </p>
          )}
        </div>
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
                  <td className="px-2 py-2 first:ps-0">{formatDate(e.createdAt, locale, { time: true })}</td>
                  <td className="px-2 py-2" dir="ltr">
                    {e.type}
                  </td>
                  <td className="px-2 py-2">{tw(`states.${e.state}`)}</td>
                  <td className="px-2 py-2">{localDigits(e.attempts, locale)}</td>
                  <td className="px-2 py-2 whitespace-nowrap" data-testid="webhook-last">
                    {!last
                      ? '—'
                      : last.status !== null
                        ? `${localDigits(last.status, locale)} · ${t('ms', { n: count(last.latencyMs ?? 0, locale) })}`
                        : tw(last.error === 'addressNotAllowed' ? 'failure.addressNotAllowed' : 'failure.connectFailed')}
                  </td>
                  <td className="px-2 py-2">
                    <ResendButton eventId={e.id} platformId={platformId} />
                  </td>
                </tr>
              );
            })}
          </DataTable>
        )}
      </Card>
    </>
  );
}

async function PaymentLinkTab({
  platformId,
  approved,
  settings,
}: {
  platformId: string;
  approved: boolean;
  settings: Exclude<Awaited<ReturnType<typeof getLinkSettings>>, 'notFound'>;
}) {
  const offered = await liveGateways(getDb());
  const tl = await getTranslations('paymentLink');
  const origin = await baseUrl();
  const linkView: LinkSettingsView | null = settings
    ? {
        handle: settings.handle,
        title: settings.title,
        enabled: settings.enabled,
        displayUnit: settings.displayUnit,
        // Stored as text; only the gateways this build knows can be shown as choices.
        gateways: settings.gateways.filter((g): g is GatewayId => (GATEWAY_IDS as readonly string[]).includes(g)),
        minAmount: amountInUnit(settings.minAmount, settings.displayUnit),
        maxAmount: amountInUnit(settings.maxAmount, settings.displayUnit),
        acceptSlips: settings.acceptSlips,
      }
    : null;
  return (
    <>
      <Card title={tl('card')}>
        <p className="mb-4 text-sm text-muted">{tl('intro')}</p>
        {!approved && <p className="mb-4 text-sm text-amber-800">{tl('notApproved')}</p>}
        <PaymentLinkSettings platformId={platformId} initial={linkView} offered={offered} origin={origin} />
        {linkView && settings && (
          <div className="mt-6 border-t border-slate-200 pt-5">
            <LogoUpload platformId={platformId} current={settings.logoKey ? `/pay/logo/${settings.handle}?v=${settings.updatedAt.getTime()}` : null} />
          </div>
        )}
      </Card>
      {linkView && (
        <Card title={tl('builder')}>
          <LinkBuilder platformId={platformId} unit={linkView.displayUnit} />
        </Card>
      )}
    </>
  );
}

async function RequestLog({ actor, platformId, locale }: { actor: MerchantActor; platformId: string; locale: Locale }) {
  const log = await listApiRequests(getDb(), actor, { platformId, limit: LOG_LIMIT });
  const t = await getTranslations('services');
  return (
    <Card title={t('requestLog')}>
      {!log?.length ? (
        <p className="text-sm text-muted">{t('noRequests')}</p>
      ) : (
        <DataTable caption={t('requestLog')} columns={[t('time'), t('request'), t('status'), t('latency'), t('key')]} testId="request-log">
          {log.map((l) => (
            <tr key={String(l.id)} className="border-b border-slate-100 last:border-0">
              <td className="px-2 py-2 first:ps-0">{formatDate(l.at, locale, { time: true })}</td>
              <td className="px-2 py-2 text-start" dir="ltr">
                {l.method} {l.path}
              </td>
              <td className="px-2 py-2">{localDigits(l.status, locale)}</td>
              <td className="px-2 py-2 whitespace-nowrap">{t('ms', { n: count(l.latencyMs, locale) })}</td>
              <td className="px-2 py-2" dir="ltr">
                {l.keyPrefix}…
              </td>
            </tr>
          ))}
        </DataTable>
      )}
    </Card>
  );
}
