import Link from 'next/link';
import { getLocale, getTranslations } from 'next-intl/server';
import { Button } from '@/components/ui/button';
import { Card } from '@/components/ui/card';
import { PageHeader } from '@/components/ui/page-header';
import { Field } from '@/components/ui/field';
import { Pagination } from '@/components/ui/pagination';
import { SelectField } from '@/components/ui/select-field';
import { getDb } from '@/db';
import { requireMerchantActor } from '@/lib/auth/session';
import { formatDate, localDigits } from '@/lib/date/format';
import type { Locale } from '@/lib/i18n/config';
import { INBOX_PAGE, listMessages } from '@/lib/messages';
import { messageText } from '@/lib/messages/view';
import { inboxFilterSchema } from '@/lib/validation/messages';
import { inboxAction } from './actions';
import { titled } from '@/lib/i18n/metadata';

/** A plain form's action (it works before scripts load); its answer is the page it redirects to. */
const inboxForm = inboxAction as unknown as (formData: FormData) => Promise<void>;

export const generateMetadata = titled('inbox', 'title');

const CATEGORIES = ['all', 'kyc', 'platform', 'settlement', 'webhook', 'reminder', 'announcement'] as const;

/** The merchant's inbox: search, kind and unread filters in the URL, bulk read/archive. */
export default async function MessagesPage({ searchParams }: { searchParams: Promise<Record<string, string | undefined>> }) {
  const { actor } = await requireMerchantActor();
  const f = inboxFilterSchema.parse(await searchParams);
  const t = await getTranslations('inbox');
  const tc = await getTranslations('linkReport');
  const locale = (await getLocale()) as Locale;
  const { rows, total } = await listMessages(getDb(), actor, f);
  const qs = (over: Partial<Record<keyof typeof f, string | number>>) => {
    const q = new URLSearchParams();
    const merged = { ...f, ...over };
    if (merged.box !== 'inbox') q.set('box', String(merged.box));
    if (merged.category !== 'all') q.set('category', String(merged.category));
    if (merged.unread === '1') q.set('unread', '1');
    if (merged.q) q.set('q', String(merged.q));
    if (Number(merged.page) > 1) q.set('page', String(merged.page));
    const s = q.toString();
    return s ? `/messages?${s}` : '/messages';
  };
  const here = qs({});
  const archive = f.box === 'archive';
  return (
    <div className="flex flex-col gap-6">
      <PageHeader title={t('title')} intro={t('intro')} />
      <nav aria-label={t('title')} className="flex gap-2">
        {(['inbox', 'archive'] as const).map((b) => (
          <Link
            key={b}
            href={qs({ box: b, page: 1 })}
            aria-current={f.box === b ? 'page' : undefined}
            className={`rounded-lg px-4 py-2 text-sm font-semibold ${f.box === b ? 'bg-brand-600 text-white' : 'border border-slate-300 bg-white text-ink hover:bg-slate-50'}`}
          >
            {t(b)}
          </Link>
        ))}
      </nav>
      <Card>
        <form role="search" className="mb-4 flex flex-wrap items-end gap-3">
          {archive && <input type="hidden" name="box" value="archive" />}
          <Field name="q" type="search" label={t('search')} defaultValue={f.q} />
          <SelectField
            name="category"
            label={t('category')}
            defaultValue={f.category}
            options={CATEGORIES.map((c) => ({ value: c, label: t(`categories.${c}`) }))}
          />
          <label className="flex min-h-11 items-center gap-2 text-sm">
            <input type="checkbox" name="unread" value="1" defaultChecked={f.unread === '1'} className="size-4" />
            {t('unreadOnly')}
          </label>
          <Button type="submit" variant="secondary">
            {t('searchButton')}
          </Button>
        </form>

        <form action={inboxForm}>
          <input type="hidden" name="back" value={here} />
          <div className="mb-3 flex flex-wrap items-center gap-2">
            <span className="text-sm text-muted">{t('selected')}</span>
            <Button type="submit" name="op" value="read" variant="secondary">
              {t('markRead')}
            </Button>
            <Button type="submit" name="op" value="unread" variant="secondary">
              {t('markUnread')}
            </Button>
            <Button type="submit" name="op" value={archive ? 'unarchive' : 'archive'} variant="secondary">
              {archive ? t('unarchive') : t('archiveOne')}
            </Button>
            {!archive && (
              <Button type="submit" name="op" value="allRead" variant="ghost" className="ms-auto">
                {t('markAllRead')}
              </Button>
            )}
          </div>
          <p className="mb-2 text-sm text-muted" data-testid="message-count">
            {t('count', { count: localDigits(total, locale) })}
          </p>
          {rows.length === 0 ? (
            <p className="rounded-lg bg-slate-50 p-6 text-center text-sm text-muted">{f.q ? t('emptySearch') : t('empty')}</p>
          ) : (
            <ul className="divide-y divide-slate-200 rounded-xl border border-slate-200" data-testid="messages">
              {rows.map((m, i) => {
                const { title, body } = messageText(m, locale, t);
                const unread = !m.readAt;
                return (
                  <li key={m.id} className={`flex items-start gap-3 p-3 ${unread ? 'bg-brand-50/50' : ''}`} data-testid="message-row">
                    <input type="checkbox" name={`id.${i}`} value={m.id} aria-label={t('select', { title })} className="mt-1.5 size-4 shrink-0" />
                    <div className="min-w-0 flex-1">
                      <div className="flex flex-wrap items-center gap-2 text-xs text-muted">
                        <span className="rounded bg-slate-100 px-1.5 py-0.5 font-medium text-slate-700">
                          {m.source === 'system' ? t('fromSystem') : t('fromStaff')}
                        </span>
                        <span>{t(`categories.${m.category}`)}</span>
                        {m.important && <span className="rounded bg-amber-100 px-1.5 py-0.5 font-medium text-amber-900">{t('important')}</span>}
                        {unread && <span className="font-semibold text-brand-800">{t('unread')}</span>}
                        <time className="ms-auto" dateTime={m.createdAt.toISOString()}>
                          {formatDate(m.createdAt, locale, { time: true })}
                        </time>
                      </div>
                      <Link
                        href={`/messages/${m.id}`}
                        className={`mt-1 block text-ink hover:text-brand-700 hover:underline ${unread ? 'font-bold' : 'font-medium'}`}
                      >
                        {title}
                      </Link>
                      <p className="mt-0.5 truncate text-sm text-muted">{body}</p>
                    </div>
                  </li>
                );
              })}
            </ul>
          )}
        </form>
        <Pagination
          label={t('title')}
          prev={f.page > 1 ? qs({ page: f.page - 1 }) : undefined}
          next={f.page * INBOX_PAGE < total ? qs({ page: f.page + 1 }) : undefined}
          prevLabel={tc('prev')}
          nextLabel={tc('next')}
        />
      </Card>
    </div>
  );
}
