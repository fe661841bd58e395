import type { Metadata } from 'next';
import { getLocale, getTranslations } from 'next-intl/server';
import { notFound } from 'next/navigation';
import { Card } from '@/components/ui/card';
import { getDb } from '@/db';
import { formatDate, localDigits } from '@/lib/date/format';
import { isDevInboxEnabled } from '@/lib/env';
import type { Locale } from '@/lib/i18n/config';
import { listSmsFor } from '@/lib/sms/inbox';
import { normalizeMobile } from '@/lib/validation/auth';
import { Button } from '@/components/ui/button';
import { PageHeader } from '@/components/ui/page-header';

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations('devSms'))('title'), robots: { index: false } };
}

export default async function DevSmsPage({ searchParams }: { searchParams: Promise<{ mobile?: string }> }) {
  if (!isDevInboxEnabled()) notFound();
  const t = await getTranslations('devSms');
  const locale = (await getLocale()) as Locale;
  const raw = (await searchParams).mobile ?? '';
  const mobile = normalizeMobile(raw);
  const messages = mobile ? await listSmsFor(getDb(), mobile) : [];
  return (
    <main className="mx-auto flex max-w-2xl flex-col gap-6 px-5 py-10">
      <PageHeader title={t('title')} intro={t('body')} />
      <form className="flex items-end gap-3" method="get">
        <div className="flex flex-1 flex-col gap-1.5">
          <label htmlFor="mobile" className="text-sm font-medium">
            {t('mobile')}
          </label>
          <input
            id="mobile"
            name="mobile"
            type="tel"
            inputMode="tel"
            dir="ltr"
            defaultValue={raw}
            className="min-h-11 rounded-lg border border-slate-300 bg-white px-3"
          />
        </div>
        <Button type="submit">{t('show')}</Button>
      </form>
      {raw && !mobile && <p className="text-sm text-red-700">{t('invalid')}</p>}
      {mobile && (
        <Card title={t('messagesFor', { mobile: localDigits(mobile, locale) })}>
          {messages.length === 0 ? (
            <p className="text-sm text-muted">{t('none')}</p>
          ) : (
            <ul className="flex flex-col gap-3">
              {messages.map((m) => (
                <li key={m.id} className="rounded-lg border border-slate-200 p-3" data-testid="sms">
                  <p className="whitespace-pre-line">{m.body}</p>
                  <p className="mt-1 text-xs text-muted">
                    {formatDate(m.createdAt, locale, { time: true })} · {t(`status.${m.status}`)}
                  </p>
                </li>
              ))}
            </ul>
          )}
        </Card>
      )}
    </main>
  );
}
