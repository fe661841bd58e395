import type { Metadata } from 'next';
import { getLocale, getTranslations } from 'next-intl/server';
import { notFound } from 'next/navigation';
import { DevOutbox } from '@/components/dev/outbox';
import { getDb } from '@/db';
import { formatDate, localDigits } from '@/lib/date/format';
import { isDevInboxEnabled } from '@/lib/env';
import type { Locale } from '@/lib/i18n/config';
import { listSmsFor } from '@/lib/sms/inbox';
import { normalizeMobile } from '@/lib/validation/auth';

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
    <DevOutbox
      title={t('title')}
      intro={t('body')}
      field={{ name: 'mobile', label: t('mobile'), type: 'tel', value: raw }}
      show={t('show')}
      invalid={raw && !mobile ? t('invalid') : null}
      heading={mobile ? t('messagesFor', { mobile: localDigits(mobile, locale) }) : null}
      none={t('none')}
      items={messages.map((m) => (
        <li key={m.id} className="rounded-lg border border-slate-200 p-3" data-testid="sms">
          <p className="whitespace-pre-line">{m.body}</p>
          <p className="mt-1 text-xs text-muted">
            {formatDate(m.createdAt, locale, { time: true })} · {t(`status.${m.status}`)}
          </p>
        </li>
      ))}
    />
  );
}
