import type { Metadata } from 'next';
import { getLocale, getTranslations } from 'next-intl/server';
import { notFound } from 'next/navigation';
import { Button } from '@/components/ui/button';
import { Card } from '@/components/ui/card';
import { PageHeader } from '@/components/ui/page-header';
import { getDb } from '@/db';
import { formatDate } from '@/lib/date/format';
import { listEmailFor } from '@/lib/email';
import { isDevEmailOutboxEnabled } from '@/lib/env';
import type { Locale } from '@/lib/i18n/config';
import { emailAddressSchema } from '@/lib/validation/mobile-tr';

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations('devEmail'))('title'), robots: { index: false } };
}

/** The e-mail outbox of one address, as the SMS inbox (/dev/sms) shows one number's texts. */
export default async function DevEmailPage({ searchParams }: { searchParams: Promise<{ to?: string }> }) {
  if (!isDevEmailOutboxEnabled()) notFound();
  const t = await getTranslations('devEmail');
  const locale = (await getLocale()) as Locale;
  const raw = (await searchParams).to ?? '';
  const parsed = emailAddressSchema.safeParse(raw);
  const to = parsed.success ? parsed.data : null;
  const messages = to ? await listEmailFor(getDb(), to) : [];
  return (
    <main className="mx-auto flex max-w-2xl flex-col gap-6 px-5 py-10">
      <PageHeader title={t('title')} intro={t('body')} />
      <form className="flex items-end gap-3" method="get">
        <div className="flex flex-1 flex-col gap-1.5">
          <label htmlFor="to" className="text-sm font-medium">
            {t('to')}
          </label>
          <input
            id="to"
            name="to"
            type="email"
            inputMode="email"
            dir="ltr"
            defaultValue={raw}
            className="min-h-11 rounded-lg border border-slate-300 bg-white px-3"
          />
        </div>
        <Button type="submit">{t('show')}</Button>
      </form>
      {raw && !to && <p className="text-sm text-red-700">{t('invalid')}</p>}
      {to && (
        <Card title={t('messagesFor', { to })}>
          {messages.length === 0 ? (
            <p className="text-sm text-muted">{t('none')}</p>
          ) : (
            <ul className="flex flex-col gap-3">
              {messages.map((m) => (
                <li key={m.id} className="rounded-lg border border-slate-200 p-3" data-testid="email">
                  <p className="font-semibold" dir="auto" data-testid="email-subject">
                    {m.subject}
                  </p>
                  <p className="mt-1 whitespace-pre-line break-words" dir="auto" data-testid="email-body">
                    {m.body}
                  </p>
                  <p className="mt-1 text-xs text-muted">
                    {formatDate(m.createdAt, locale, { time: true })} · {t(`status.${m.status}`)}
                  </p>
                  {m.lastError && <p className="mt-1 text-xs text-red-700">{t('error', { error: m.lastError })}</p>}
                </li>
              ))}
            </ul>
          )}
        </Card>
      )}
    </main>
  );
}
