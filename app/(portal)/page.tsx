import { getLocale, getTranslations } from 'next-intl/server';
import Link from 'next/link';
import { Card } from '@/components/ui/card';
import { getDb } from '@/db';
import { getKycProfile } from '@/lib/kyc';
import { listMerchantServices } from '@/lib/services';
import { formatDate, TEHRAN } from '@/lib/date/format';
import { requireMerchantActor } from '@/lib/auth/session';
import type { Locale } from '@/lib/i18n/config';
import { BalanceCards } from '@/components/payments/balance-cards';
import { isKycApproved } from '@/lib/kyc';
import { balancesOfMerchant } from '@/lib/payments/balances';
import { can } from '@/lib/teams/permissions';
import { EVENT_COLOR } from '@/components/events/colors';
import { listEvents } from '@/lib/events';
import { listMessages } from '@/lib/messages';
import { messageText } from '@/lib/messages/view';
import { inboxFilterSchema } from '@/lib/validation/messages';
import { titled } from '@/lib/i18n/metadata';
import { ListCard, MoreLink } from '@/components/ui/list-card';

export const generateMetadata = titled('dashboard', 'title');

export default async function DashboardPage() {
  const { user, actor } = await requireMerchantActor();
  const db = getDb();
  const t = await getTranslations('dashboard');
  const locale = (await getLocale()) as Locale;
  const profile = await getKycProfile(db, actor.merchantId);
  const sent = profile?.status === 'submitted' || !!profile?.approvedAt;
  const steps = [
    { key: 'account', done: true },
    { key: 'kyc', done: sent },
    { key: 'review', done: !!profile?.approvedAt },
    { key: 'services', done: (await listMerchantServices(db, actor)).length > 0 },
  ] as const;
  const next = steps.find((s) => !s.done);
  const rejected = profile?.status === 'rejected';
  // Balances are money figures: for the roles that read reports (lib/teams/permissions.ts).
  const balances = isKycApproved(profile) && can(actor, 'reports') ? await balancesOfMerchant(actor) : [];
  const ti = await getTranslations('inbox');
  const [{ rows: upcoming }, { rows: unread }] = await Promise.all([
    listEvents(db, actor, { when: 'upcoming' }),
    listMessages(db, actor, inboxFilterSchema.parse({ unread: '1' })),
  ]);
  return (
    <div className="flex flex-col gap-6">
      <div>
        <h1 className="text-2xl font-bold" data-testid="greeting">
          {t('greeting', { name: user.firstName })}
        </h1>
        <p className="mt-1 text-sm text-muted">{t('today', { date: formatDate(new Date(), locale) })}</p>
      </div>
      {balances.length > 0 && <BalanceCards balances={balances} locale={locale} showNames />}
      <div className="grid gap-6 md:grid-cols-2">
        <ListCard
          title={t('unreadMessages')}
          empty={t('noUnread')}
          items={unread.slice(0, 3)}
          testId="dashboard-unread"
          footer={<MoreLink href="/messages">{t('allMessages')}</MoreLink>}
        >
          {(m) => (
            <li key={m.id}>
              <Link href={`/messages/${m.id}`} className="font-semibold text-ink hover:text-brand-700 hover:underline">
                {messageText(m, locale, ti).title}
              </Link>
              <span className="ms-2 text-xs text-muted">{formatDate(m.createdAt, locale)}</span>
            </li>
          )}
        </ListCard>
        <ListCard
          title={t('upcomingEvents')}
          empty={t('noUpcoming')}
          items={upcoming.slice(0, 3)}
          footer={<MoreLink href="/events">{t('allEvents')}</MoreLink>}
        >
          {(e) => (
            <li key={e.id} className="flex items-center gap-2">
              <span aria-hidden className={`size-2.5 shrink-0 rounded-full ${EVENT_COLOR[e.color].dot}`} />
              <Link href={`/events/${e.id}`} className="font-semibold text-ink hover:text-brand-700 hover:underline">
                {e.title}
              </Link>
              <span className="text-xs text-muted">{formatDate(e.startsAt, locale, { time: true, zone: TEHRAN })}</span>
            </li>
          )}
        </ListCard>
      </div>
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
