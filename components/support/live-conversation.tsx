'use client';

import { useLocale, useTranslations } from 'next-intl';
import { useEffect, useMemo, useRef, useState } from 'react';
import { isolate } from '@/components/ui/bidi';
import { formatDate } from '@/lib/date/format';
import type { Locale } from '@/lib/i18n/config';
import type { WireMessage } from '@/lib/support/live';

/** Staff's words (given by the staff page, so the portal ships none of staff's). */
export type StaffConversationLabels = {
  internalBadge: string;
  merchantSide: string;
  staffSide: string;
  seenByMerchant: string;
  notSeenByMerchant: string;
};

/** How often the page polls while the stream is down, and when it tries the stream again after the server refused it. */
const POLL_MS = 4000;
const REOPEN_MS = 8000;
/** The other side counts as online while its last heartbeat (every 15 s) is younger than this. */
const ONLINE_MS = 40_000;
const TYPING_MS = 5000;

const byOrder = (a: WireMessage, b: WireMessage) => (a.createdAt < b.createdAt ? -1 : a.createdAt > b.createdAt ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

/**
 * A ticket's messages in order, as one side sees them, kept live: the page renders what it read,
 * then an EventSource on `${base}/live` adds each message as it is stored (on any web instance),
 * with the other side's "typing…", online state and read receipts. When the stream breaks the page
 * polls `${base}/messages?after=<last id>` every few seconds until the stream is back; the browser
 * reconnects with Last-Event-ID, so nothing is lost either way. Bodies are always text (never HTML);
 * staff's internal notes are marked (a merchant's stream never carries them); system lines are
 * shown in the reader's language.
 */
export function LiveConversation({
  initial,
  viewer,
  otherReadAt: initialReadAt,
  filesBase,
  base,
  staff,
}: {
  initial: WireMessage[];
  viewer: 'merchant' | 'staff';
  otherReadAt: string | null;
  filesBase: string;
  /** The ticket's path: `/support/<id>` or `/admin/support/<id>`. */
  base: string;
  staff?: StaffConversationLabels;
}) {
  const t = useTranslations('support');
  const locale = useLocale() as Locale;
  // What arrived live; the page's own read (`initial`, read again after this person's reply) joins it.
  const [arrived, setArrived] = useState<Map<string, WireMessage>>(() => new Map());
  const [mode, setMode] = useState<'connecting' | 'live' | 'polling'>('connecting');
  const [otherSeenAt, setOtherSeenAt] = useState<number | null>(null);
  const [typingAt, setTypingAt] = useState<number | null>(null);
  const [liveReadAt, setLiveReadAt] = useState<string | null>(null);
  const [now, setNow] = useState(() => Date.now());
  const other = viewer === 'merchant' ? 'staff' : 'merchant';

  const messages = useMemo(() => {
    const all = new Map(initial.map((m) => [m.id, m]));
    for (const [id, m] of arrived) all.set(id, m);
    return [...all.values()].sort(byOrder);
  }, [initial, arrived]);
  const lastId = useRef<string | null>(null);
  useEffect(() => {
    lastId.current = messages.at(-1)?.id ?? null;
  }, [messages]);

  useEffect(() => {
    let es: EventSource | null = null;
    let poll: ReturnType<typeof setInterval> | null = null;
    let reopen: ReturnType<typeof setTimeout> | null = null;
    let stopped = false;
    const add = (ms: WireMessage[]) => {
      if (!ms.length) return;
      setArrived((prev) => {
        const next = new Map(prev);
        for (const m of ms) next.set(m.id, m);
        return next;
      });
      if (ms.some((m) => m.side === other && !m.system)) setTypingAt(null);
    };
    const pollOnce = async () => {
      try {
        const r = await fetch(`${base}/messages?after=${encodeURIComponent(lastId.current ?? '')}`, { cache: 'no-store' });
        if (r.ok) add(((await r.json()) as { messages: WireMessage[] }).messages);
      } catch {
        // offline: the next tick tries again
      }
    };
    const startPolling = () => {
      if (poll || stopped) return;
      setMode('polling');
      void pollOnce();
      poll = setInterval(() => void pollOnce(), POLL_MS);
    };
    const stopPolling = () => {
      if (poll) clearInterval(poll);
      poll = null;
    };
    const open = () => {
      if (stopped) return;
      es = new EventSource(`${base}/live?after=${encodeURIComponent(lastId.current ?? '')}`);
      es.onopen = () => {
        stopPolling();
        setMode('live');
      };
      es.addEventListener('message', (e) => add([JSON.parse((e as MessageEvent<string>).data) as WireMessage]));
      es.addEventListener('typing', () => setTypingAt(Date.now()));
      es.addEventListener('presence', (e) => {
        const p = JSON.parse((e as MessageEvent<string>).data) as { online: boolean };
        setOtherSeenAt(p.online ? Date.now() : null);
        if (!p.online) setTypingAt(null);
      });
      es.addEventListener('read', () => setLiveReadAt(new Date().toISOString()));
      es.onerror = () => {
        startPolling();
        // Refused (503 at the cap or while an instance drains, 401 after the session ended): try again later.
        if (es?.readyState === EventSource.CLOSED) {
          es.close();
          reopen = setTimeout(open, REOPEN_MS);
        }
      };
    };
    // A phone that loses its network may not notice the dead connection for minutes: drop the stream
    // at once and poll; when the network is back, open the stream again (resuming after the last message).
    const onOffline = () => {
      es?.close();
      es = null;
      startPolling();
    };
    const onOnline = () => {
      if (es) return;
      if (reopen) clearTimeout(reopen);
      open();
    };
    window.addEventListener('offline', onOffline);
    window.addEventListener('online', onOnline);
    open();
    const tick = setInterval(() => setNow(Date.now()), 2000);
    return () => {
      stopped = true;
      window.removeEventListener('offline', onOffline);
      window.removeEventListener('online', onOnline);
      es?.close();
      stopPolling();
      if (reopen) clearTimeout(reopen);
      clearInterval(tick);
    };
  }, [base, other]);

  const online = otherSeenAt !== null && now - otherSeenAt < ONLINE_MS;
  const typing = typingAt !== null && now - typingAt < TYPING_MS;
  const lastOwn = [...messages].reverse().find((m) => m.side === viewer && !m.internal && !m.system);
  const readAt =
    [initialReadAt, liveReadAt]
      .filter((x): x is string => !!x)
      .sort()
      .at(-1) ?? null;

  return (
    <div className="flex flex-col gap-3">
      <p className="flex flex-wrap items-center gap-x-3 gap-y-1 text-xs text-muted" data-testid="live-bar">
        <span className="inline-flex items-center gap-1" data-testid="presence" data-online={online ? 'yes' : 'no'}>
          <span aria-hidden className={`inline-block size-2 rounded-full ${online ? 'bg-green-600' : 'bg-slate-400'}`} />
          {t(`live.${other}${online ? 'Online' : 'Offline'}`)}
        </span>
        <span data-testid="live-state" data-mode={mode}>
          {t(`live.${mode}`)}
        </span>
      </p>
      <ol className="flex flex-col gap-3" data-testid="conversation" aria-label={t('detailTitle')}>
        {messages.map((m) => {
          if (m.system)
            return (
              <li key={m.id} data-testid="system-line" className="self-center rounded-lg bg-slate-100 px-3 py-2 text-center text-xs text-ink">
                {t(`system.${m.body as 'liveMissed'}`)}{' '}
                <time dateTime={m.createdAt} className="text-muted">
                  {formatDate(new Date(m.createdAt), locale, { time: true })}
                </time>
              </li>
            );
          const mine = m.side === viewer;
          const who = !staff
            ? m.side === 'merchant'
              ? (m.authorName ?? t('you'))
              : t('supportTeam')
            : `${m.authorName ?? ''} · ${m.side === 'merchant' ? staff.merchantSide : staff.staffSide}`;
          return (
            <li
              key={m.id}
              data-testid={m.internal ? 'internal-note' : `message-${m.side}`}
              className={`max-w-[90%] rounded-xl border p-3 text-sm ${
                m.internal
                  ? 'self-stretch border-amber-300 bg-amber-50'
                  : mine
                    ? 'self-end border-brand-100 bg-brand-50'
                    : 'self-start border-slate-200 bg-white'
              }`}
            >
              <p className="mb-1 flex flex-wrap items-center gap-2 text-xs text-muted">
                <span className="font-semibold text-ink">{who}</span>
                {m.internal && staff && <span className="rounded bg-amber-200 px-1.5 py-0.5 text-amber-900">{staff.internalBadge}</span>}
                <time dateTime={m.createdAt}>{formatDate(new Date(m.createdAt), locale, { time: true })}</time>
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
                  {readAt && readAt >= m.createdAt ? (staff ? staff.seenByMerchant : t('seen')) : staff ? staff.notSeenByMerchant : t('notSeen')}
                </p>
              )}
            </li>
          );
        })}
      </ol>
      <p className="min-h-5 text-xs text-muted" aria-live="polite" data-testid="typing">
        {typing ? t(`live.${other}Typing`) : ''}
      </p>
    </div>
  );
}
