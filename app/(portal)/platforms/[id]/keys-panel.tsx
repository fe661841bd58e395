'use client';

import { useTranslations } from 'next-intl';
import { useRouter } from 'next/navigation';
import { useState, useTransition } from 'react';
import { SecretReveal } from '@/components/services/secret-reveal';
import { Button } from '@/components/ui/button';
import { Notice } from '@/components/ui/notice';
import type { ActionResult } from '@/lib/actions/result';
import { issueLiveKeyAction, revokeKeyAction, rollKeyAction, setIpAllowListAction, setPausedAction } from '../../services/actions';

export type KeyRow = {
  id: string;
  environment: 'test' | 'live';
  prefix: string;
  created: string;
  lastUsed: string;
  state: string;
  expires: string | null;
  ipAllowList: string;
};

export function KeysPanel({ platformId, keys, canIssueLive }: { platformId: string; keys: KeyRow[]; canIssueLive: boolean }) {
  const t = useTranslations('services');
  const te = useTranslations('errors');
  const router = useRouter();
  const [secret, setSecret] = useState<{ label: string; key: string } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [pending, start] = useTransition();
  const [grace, setGrace] = useState<Record<string, string>>({});

  const run = (fn: () => Promise<ActionResult<{ key: string }> | ActionResult>, label?: string) =>
    start(async () => {
      setError(null);
      try {
        const r = await fn();
        if (!r.ok) setError(te.has(r.error ?? '') ? te(r.error!) : te('unknown'));
        else if (label && r.data && 'key' in (r.data as object)) setSecret({ label, key: (r.data as { key: string }).key });
        router.refresh();
      } catch {
        setError(te('network'));
      }
    });

  return (
    <div className="flex flex-col gap-4">
      {secret && <SecretReveal label={secret.label} secret={secret.key} />}
      <Notice tone="error" testId="keys-error">
        {error}
      </Notice>
      {canIssueLive && (
        <Button type="button" className="self-start" pending={pending} onClick={() => run(() => issueLiveKeyAction(platformId), t('liveKey'))}>
          {t('issueLive')}
        </Button>
      )}
      <ul className="flex flex-col gap-3">
        {keys.map((k) => {
          const usable = k.state === 'active' || k.state === 'expiring';
          return (
            <li key={k.id} className="rounded-xl border border-slate-200 p-4 text-sm" data-testid={`key-${k.environment}`} data-state={k.state}>
              <div className="flex flex-wrap items-center justify-between gap-2">
                <p className="font-semibold">
                  {t(`env.${k.environment}`)} · <code dir="ltr">{k.prefix}…</code>
                </p>
                <span className={`rounded-full px-2 py-0.5 text-xs ${usable ? 'bg-emerald-100 text-emerald-900' : 'bg-slate-100 text-muted'}`}>
                  {t(`keyState.${k.state}`)}
                </span>
              </div>
              <p className="mt-1 text-xs text-muted">
                {t('createdAt', { date: k.created })} · {t('lastUsed', { date: k.lastUsed })}
                {k.expires && <> · {t('expiresAt', { date: k.expires })}</>}
              </p>
              {usable && (
                <div className="mt-3 flex flex-wrap items-end gap-3">
                  <label className="flex flex-col gap-1 text-xs">
                    {t('grace')}
                    <select
                      className="min-h-10 rounded-lg border border-slate-300 bg-white px-2 text-sm"
                      value={grace[k.id] ?? '0'}
                      onChange={(e) => setGrace((g) => ({ ...g, [k.id]: e.target.value }))}
                    >
                      <option value="0">{t('graceNow')}</option>
                      <option value="3600">{t('grace1h')}</option>
                      <option value="86400">{t('grace24h')}</option>
                    </select>
                  </label>
                  <Button
                    type="button"
                    variant="secondary"
                    pending={pending}
                    onClick={() => run(() => rollKeyAction(platformId, k.id, Number(grace[k.id] ?? 0)), t('newKeyFor', { env: t(`env.${k.environment}`) }))}
                  >
                    {t('roll')}
                  </Button>
                  <Button type="button" variant="danger" pending={pending} onClick={() => run(() => revokeKeyAction(platformId, k.id))}>
                    {t('revoke')}
                  </Button>
                </div>
              )}
              {usable && <IpAllowList platformId={platformId} keyId={k.id} initial={k.ipAllowList} />}
            </li>
          );
        })}
      </ul>
    </div>
  );
}

function IpAllowList({ platformId, keyId, initial }: { platformId: string; keyId: string; initial: string }) {
  const t = useTranslations('services');
  const te = useTranslations('errors');
  const [value, setValue] = useState(initial);
  const [note, setNote] = useState<{ tone: 'success' | 'error'; text: string } | null>(null);
  const [pending, start] = useTransition();
  return (
    <div className="mt-3 flex flex-col gap-1.5">
      <label htmlFor={`ips-${keyId}`} className="text-xs font-medium">
        {t('ipAllowList')}
      </label>
      <textarea
        id={`ips-${keyId}`}
        dir="ltr"
        rows={2}
        value={value}
        onChange={(e) => setValue(e.target.value)}
        className="rounded-lg border border-slate-300 bg-white p-2 text-sm"
        placeholder="203.0.113.10"
        maxLength={2000}
      />
      <div className="flex items-center gap-3">
        <Button
          type="button"
          variant="ghost"
          pending={pending}
          onClick={() =>
            start(async () => {
              const r = await setIpAllowListAction(platformId, keyId, value);
              setNote(r.ok ? { tone: 'success', text: t('saved') } : { tone: 'error', text: te.has(r.error ?? '') ? te(r.error!) : te('unknown') });
            })
          }
        >
          {t('saveIps')}
        </Button>
        <Notice tone={note?.tone ?? 'success'}>{note?.text}</Notice>
      </div>
    </div>
  );
}

export function PauseButton({ platformId, paused }: { platformId: string; paused: boolean }) {
  const t = useTranslations('services');
  const router = useRouter();
  const [pending, start] = useTransition();
  return (
    <Button
      type="button"
      variant="secondary"
      pending={pending}
      onClick={() =>
        start(async () => {
          await setPausedAction(platformId, !paused);
          router.refresh();
        })
      }
    >
      {paused ? t('resume') : t('pause')}
    </Button>
  );
}
