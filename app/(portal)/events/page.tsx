import Link from 'next/link';
import { getLocale, getTranslations } from 'next-intl/server';
import { EVENT_COLOR } from '@/components/events/colors';
import { Card } from '@/components/ui/card';
import { PageHeader } from '@/components/ui/page-header';
import { Pagination } from '@/components/ui/pagination';
import { getDb } from '@/db';
import { requireMerchantActor } from '@/lib/auth/session';
// Events are typed on Tehran's wall clock (lib/events), so they are shown on it in every language.
import { formatDate, formatTime, TEHRAN } from '@/lib/date/format';
import { EVENTS_PAGE, listEvents } from '@/lib/events';
import type { Locale } from '@/lib/i18n/config';
import { titled } from '@/lib/i18n/metadata';

export const generateMetadata = titled('events', 'title');

/** The merchant's events: upcoming soonest first, past latest first. */
export default async function EventsPage({ searchParams }: { searchParams: Promise<Record<string, string | undefined>> }) {
  const { actor } = await requireMerchantActor();
  const sp = await searchParams;
  const when = sp.when === 'past' ? 'past' : 'upcoming';
  const page = Math.min(Math.max(1, Math.floor(Number(sp.page)) || 1), 10_000);
  const t = await getTranslations('events');
  const tc = await getTranslations('linkReport');
  const locale = (await getLocale()) as Locale;
  const { rows, total } = await listEvents(getDb(), actor, { when, page });
  const href = (w: string, p = 1) => `/events?when=${w}${p > 1 ? `&page=${p}` : ''}`;
  return (
    <div className="flex flex-col gap-6">
      <PageHeader title={t('title')} intro={t('intro')}>
        <Link
          href="/events/new"
          className="inline-flex min-h-11 items-center rounded-lg bg-brand-600 px-4 py-2 text-sm font-semibold text-white hover:bg-brand-700"
        >
          {t('new')}
        </Link>
      </PageHeader>
      <nav aria-label={t('title')} className="flex gap-2">
        {(['upcoming', 'past'] as const).map((w) => (
          <Link
            key={w}
            href={href(w)}
            aria-current={when === w ? 'page' : undefined}
            className={`rounded-lg px-4 py-2 text-sm font-semibold ${when === w ? 'bg-brand-600 text-white' : 'border border-slate-300 bg-white text-ink hover:bg-slate-50'}`}
          >
            {t(w)}
          </Link>
        ))}
      </nav>
      <Card>
        {rows.length === 0 ? (
          <p className="rounded-lg bg-slate-50 p-6 text-center text-sm text-muted">{t('empty')}</p>
        ) : (
          <ul className="flex flex-col gap-3" data-testid="events">
            {rows.map((e) => (
              <li key={e.id} className={`rounded-xl border p-4 ${EVENT_COLOR[e.color].chip}`} data-testid="event-row">
                <div className="flex flex-wrap items-center justify-between gap-2">
                  <Link href={`/events/${e.id}`} className="font-bold hover:underline">
                    <bdi>{e.title}</bdi>
                  </Link>
                  <time dateTime={e.startsAt.toISOString()} className="text-sm">
                    {formatDate(e.startsAt, locale, { time: true, zone: TEHRAN })}
                    {e.endsAt ? ` – ${formatTime(e.endsAt, locale, TEHRAN)}` : ''}
                  </time>
                </div>
                {e.description && <p className="mt-1 line-clamp-2 whitespace-pre-wrap text-sm">{e.description}</p>}
                {e.remindAt && (
                  <p className="mt-2 text-xs">
                    {e.remindedAt ? t('reminded') : t('remindAt', { when: formatDate(e.remindAt, locale, { time: true, zone: TEHRAN }) })}
                  </p>
                )}
              </li>
            ))}
          </ul>
        )}
        <Pagination
          label={t('title')}
          prev={page > 1 ? href(when, page - 1) : undefined}
          next={page * EVENTS_PAGE < total ? href(when, page + 1) : undefined}
          prevLabel={tc('prev')}
          nextLabel={tc('next')}
        />
      </Card>
    </div>
  );
}
