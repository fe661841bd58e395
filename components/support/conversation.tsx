import { getLocale, getTranslations } from 'next-intl/server';
import { isolate } from '@/components/ui/bidi';
import { formatDate } from '@/lib/date/format';
import type { Locale } from '@/lib/i18n/config';
import type { TicketMessage } from '@/lib/support/queries';

/**
 * A ticket's messages in order, as one side sees them: bodies always as text (never HTML), files
 * as download links, staff's internal notes marked (the merchant's reads never contain them), and
 * under the viewer's last message whether the other side has seen it.
 */
export async function Conversation({
  messages,
  viewer,
  otherReadAt,
  filesBase,
}: {
  messages: TicketMessage[];
  viewer: 'merchant' | 'staff';
  otherReadAt: Date | null;
  filesBase: string;
}) {
  const t = await getTranslations('support');
  const ta = await getTranslations('adminSupport');
  const locale = (await getLocale()) as Locale;
  const lastOwn = [...messages].reverse().find((m) => m.side === viewer && !m.internal);
  return (
    <ol className="flex flex-col gap-3" data-testid="conversation" aria-label={t('detailTitle')}>
      {messages.map((m) => {
        const mine = m.side === viewer;
        const who =
          viewer === 'merchant'
            ? m.side === 'merchant'
              ? (m.authorName ?? t('you'))
              : t('supportTeam')
            : `${m.authorName ?? ''} · ${m.side === 'merchant' ? ta('merchantSide') : ta('staffSide')}`;
        return (
          <li
            key={m.id}
            data-testid={m.internal ? 'internal-note' : `message-${m.side}`}
            className={`max-w-[90%] rounded-xl border p-3 text-sm ${
              m.internal ? 'self-stretch border-amber-300 bg-amber-50' : mine ? 'self-end border-brand-100 bg-brand-50' : 'self-start border-slate-200 bg-white'
            }`}
          >
            <p className="mb-1 flex flex-wrap items-center gap-2 text-xs text-muted">
              <span className="font-semibold text-ink">{who}</span>
              {m.internal && <span className="rounded bg-amber-200 px-1.5 py-0.5 text-amber-900">{ta('internalBadge')}</span>}
              <time dateTime={m.createdAt.toISOString()}>{formatDate(m.createdAt, locale, { time: true })}</time>
            </p>
            <p className="break-words whitespace-pre-line" dir="auto">
              {m.body}
            </p>
            {m.attachments.length > 0 && (
              <ul className="mt-2 flex flex-col gap-1">
                {m.attachments.map((f) => (
                  <li key={f.id}>
                    <a href={`${filesBase}/${f.id}`} className="text-brand-700 underline underline-offset-2" data-testid="attachment-link">
                      {t('attachment', { name: isolate(f.name) })}
                    </a>
                  </li>
                ))}
              </ul>
            )}
            {lastOwn?.id === m.id && (
              <p className="mt-1 text-xs text-muted" data-testid="read-state">
                {otherReadAt && otherReadAt >= m.createdAt
                  ? viewer === 'merchant'
                    ? t('seen')
                    : ta('seenByMerchant')
                  : viewer === 'merchant'
                    ? t('notSeen')
                    : ta('notSeenByMerchant')}
              </p>
            )}
          </li>
        );
      })}
    </ol>
  );
}
