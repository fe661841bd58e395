import type { Metadata } from 'next';
import { getLocale, getTranslations } from 'next-intl/server';
import { notFound } from 'next/navigation';
import { DevOutbox } from '@/components/dev/outbox';
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
    <DevOutbox
      title={t('title')}
      intro={t('body')}
      field={{ name: 'to', label: t('to'), type: 'email', value: raw }}
      show={t('show')}
      invalid={raw && !to ? t('invalid') : null}
      heading={to ? t('messagesFor', { to }) : null}
      none={t('none')}
      items={messages.map((m) => (
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
    />
  );
}
