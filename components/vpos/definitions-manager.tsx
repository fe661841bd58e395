'use client';

import { useLocale, useTranslations } from 'next-intl';
import { useRouter } from 'next/navigation';
import { useState } from 'react';
import type { z } from 'zod';
import { Button } from '@/components/ui/button';
import { Notice } from '@/components/ui/notice';
import { SelectField } from '@/components/ui/select-field';
import { formatDate, localDigits } from '@/lib/date/format';
import type { Locale } from '@/lib/i18n/config';
import type { vposDefinitionRefSchema, vposDefinitionSchema, vposDefinitionToggleSchema, vposDefinitionUpdateSchema } from '@/lib/vpos/schemas';
import { isolated } from './bidi';
import { DefinitionForm, type DefinitionFacts } from './definition-form';
import type { vposPlatformDefaultSchema } from './schemas';
import type { ActionFn } from './types';
import { useVposMessage } from './use-vpos-message';

export type DefinitionRow = DefinitionFacts & { enabled: boolean; lastTestedAt: string | null; lastTestOk: boolean | null; lastTestMessage: string | null };
export type PlatformRow = { id: string; name: string; status: string; definitionId: string | null };

export type DefinitionActions = {
  create: ActionFn<z.input<typeof vposDefinitionSchema>, { id: string }>;
  update: ActionFn<z.input<typeof vposDefinitionUpdateSchema>>;
  setEnabled: ActionFn<z.input<typeof vposDefinitionToggleSchema>>;
  test: ActionFn<z.input<typeof vposDefinitionRefSchema>, { ok: boolean; message: string }>;
  setPlatform: ActionFn<z.input<typeof vposPlatformDefaultSchema>>;
};

/** The merchant's POS definitions: add, edit, test, switch on and off; and which one each virtual POS platform uses. */
export function DefinitionsManager({
  definitions,
  platforms,
  actions,
}: {
  definitions: DefinitionRow[];
  platforms: PlatformRow[];
  actions: DefinitionActions;
}) {
  const t = useTranslations('vpos.definitions');
  const [adding, setAdding] = useState(definitions.length === 0);
  const router = useRouter();
  return (
    <div className="flex flex-col gap-6">
      <section aria-labelledby="defs-title" className="rounded-2xl border border-slate-200 bg-white p-5 shadow-sm">
        <div className="mb-4 flex flex-wrap items-center justify-between gap-3">
          <h2 id="defs-title" className="text-base font-bold">
            {t('listTitle')}
          </h2>
          {!adding && (
            <Button type="button" onClick={() => setAdding(true)} data-testid="definition-add">
              {t('add')}
            </Button>
          )}
        </div>
        {adding && (
          <div className="mb-6 rounded-xl border border-brand-100 bg-brand-50/40 p-4">
            <h3 className="mb-4 font-bold">{t('newTitle')}</h3>
            <DefinitionForm
              create={actions.create}
              onDone={() => {
                setAdding(false);
                router.refresh();
              }}
            />
          </div>
        )}
        {definitions.length === 0 ? (
          <p className="text-sm text-muted" data-testid="definitions-empty">
            {t('none')}
          </p>
        ) : (
          <ul className="flex flex-col gap-4" data-testid="definitions">
            {definitions.map((d) => (
              <DefinitionItem key={d.id} d={d} actions={actions} />
            ))}
          </ul>
        )}
      </section>
      {platforms.length > 0 && definitions.length > 0 && <PlatformDefaults platforms={platforms} definitions={definitions} setPlatform={actions.setPlatform} />}
    </div>
  );
}

function DefinitionItem({ d, actions }: { d: DefinitionRow; actions: DefinitionActions }) {
  const t = useTranslations('vpos.definitions');
  const tv = useTranslations('vpos');
  const locale = useLocale() as Locale;
  const msg = useVposMessage();
  const router = useRouter();
  const [editing, setEditing] = useState(false);
  const [busy, setBusy] = useState<'test' | 'toggle' | null>(null);
  const [note, setNote] = useState<{ tone: 'success' | 'error'; text: string } | null>(null);

  async function run(which: 'test' | 'toggle') {
    setBusy(which);
    setNote(null);
    try {
      if (which === 'test') {
        const r = await actions.test({ id: d.id });
        if (r.ok) setNote(r.data!.ok ? { tone: 'success', text: t('testOk') } : { tone: 'error', text: t('testFailed', { message: r.data!.message }) });
        else setNote({ tone: 'error', text: msg(r.error)! });
      } else {
        const r = await actions.setEnabled({ id: d.id, enabled: !d.enabled });
        if (!r.ok) setNote({ tone: 'error', text: msg(r.error)! });
      }
      router.refresh();
    } catch {
      setNote({ tone: 'error', text: msg('network')! });
    } finally {
      setBusy(null);
    }
  }

  return (
    <li className="rounded-xl border border-slate-200 p-4 text-sm" data-testid="definition" data-name={d.name}>
      <div className="flex flex-wrap items-start justify-between gap-2">
        <div className="min-w-0">
          <p className="font-bold">
            <bdi>{d.name}</bdi>
          </p>
          <p className="text-muted">
            <bdi>{d.company}</bdi>
          </p>
        </div>
        <div className="flex flex-wrap gap-1.5">
          <span
            className={`rounded-full px-2 py-0.5 text-xs font-semibold ${d.enabled ? 'bg-emerald-100 text-emerald-900' : 'bg-slate-200 text-slate-800'}`}
            data-testid="definition-enabled"
          >
            {d.enabled ? t('on') : t('off')}
          </span>
          <span
            className={`rounded-full px-2 py-0.5 text-xs font-semibold ${d.environment === 'test' ? 'bg-amber-100 text-amber-900' : 'bg-brand-100 text-brand-800'}`}
          >
            {tv(`environments.${d.environment}`)}
          </span>
        </div>
      </div>
      {editing ? (
        <div className="mt-4">
          <DefinitionForm
            existing={d}
            update={actions.update}
            onDone={() => {
              setEditing(false);
              router.refresh();
            }}
          />
        </div>
      ) : (
        <>
          <dl className="mt-3 grid grid-cols-[auto_minmax(0,1fr)] gap-x-4 gap-y-1.5 sm:grid-cols-[auto_minmax(0,1fr)_auto_minmax(0,1fr)]">
            <dt className="text-muted">{t('provider')}</dt>
            <dd>N Kolay</dd>
            <dt className="text-muted">{t('use3d')}</dt>
            <dd>{d.use3d ? t('yes') : t('no')}</dd>
            <dt className="text-muted">{t('maxInstallments')}</dt>
            <dd>{d.maxInstallments > 1 ? localDigits(d.maxInstallments, locale) : tv('single')}</dd>
            <dt className="text-muted">{t('lastTest')}</dt>
            <dd data-testid="definition-last-test">
              {d.lastTestedAt ? (
                <>
                  <span className={d.lastTestOk ? 'font-semibold text-emerald-800' : 'font-semibold text-red-700'}>
                    {d.lastTestOk ? t('testOkShort') : t('testFailedShort')}
                  </span>
                  {' · '}
                  {formatDate(new Date(d.lastTestedAt), locale, { time: true })}
                  {!d.lastTestOk && d.lastTestMessage && (
                    <span className="block break-words text-xs text-muted">
                      <bdi dir="ltr">{d.lastTestMessage}</bdi>
                    </span>
                  )}
                </>
              ) : (
                t('neverTested')
              )}
            </dd>
          </dl>
          <p className="mt-3 flex flex-wrap gap-x-4 gap-y-1 text-xs text-muted" data-testid="definition-hints">
            {(['sx', 'sxList', 'sxCancel', 'secretKey'] as const).map((k) => (
              <span key={k}>
                {t(`secrets.${k}`)}: <bdi dir="ltr" className="font-mono">{`••••${d.hints[k]}`}</bdi>
              </span>
            ))}
          </p>
          <div className="mt-4 flex flex-wrap gap-2">
            <Button
              type="button"
              variant="secondary"
              pending={busy === 'test'}
              disabled={busy !== null}
              onClick={() => void run('test')}
              data-testid="definition-test"
            >
              {t('test')}
            </Button>
            <Button type="button" variant="secondary" onClick={() => setEditing(true)} disabled={busy !== null} data-testid="definition-edit">
              {t('edit')}
            </Button>
            <Button
              type="button"
              variant={d.enabled ? 'danger' : 'secondary'}
              pending={busy === 'toggle'}
              disabled={busy !== null}
              onClick={() => void run('toggle')}
              data-testid="definition-toggle"
            >
              {d.enabled ? t('disable') : t('enable')}
            </Button>
          </div>
          <div className="mt-3">
            <Notice tone={note?.tone ?? 'success'} testId="definition-note">
              {note?.text}
            </Notice>
          </div>
        </>
      )}
    </li>
  );
}

function PlatformDefaults({
  platforms,
  definitions,
  setPlatform,
}: {
  platforms: PlatformRow[];
  definitions: DefinitionRow[];
  setPlatform: DefinitionActions['setPlatform'];
}) {
  const t = useTranslations('vpos.definitions');
  const msg = useVposMessage();
  const router = useRouter();
  const [chosen, setChosen] = useState<Record<string, string>>(Object.fromEntries(platforms.map((p) => [p.id, p.definitionId ?? ''])));
  const [state, setState] = useState<Record<string, { pending?: boolean; done?: boolean; error?: string }>>({});

  async function save(platformId: string) {
    setState((s) => ({ ...s, [platformId]: { pending: true } }));
    try {
      const r = await setPlatform({ platformId, definitionId: chosen[platformId] });
      setState((s) => ({ ...s, [platformId]: r.ok ? { done: true } : { error: msg(r.fieldErrors?.definitionId ?? r.error) } }));
      if (r.ok) router.refresh();
    } catch {
      setState((s) => ({ ...s, [platformId]: { error: msg('network') } }));
    }
  }

  return (
    <section aria-labelledby="platforms-title" className="rounded-2xl border border-slate-200 bg-white p-5 shadow-sm" data-testid="platform-defaults">
      <h2 id="platforms-title" className="text-base font-bold">
        {t('platformsTitle')}
      </h2>
      <p className="mb-4 mt-1 text-sm text-muted">{t('platformsIntro')}</p>
      <ul className="flex flex-col gap-4">
        {platforms.map((p) => (
          <li key={p.id} className="flex flex-wrap items-end gap-3" data-testid="platform-default">
            <div className="min-w-0 flex-1 basis-56">
              <SelectField
                id={`platform-${p.id}`}
                name="definitionId"
                label={p.name}
                value={chosen[p.id]}
                onChange={(e) => setChosen((c) => ({ ...c, [p.id]: e.target.value }))}
                emptyLabel={t('choose')}
                options={definitions.map((d) => ({ value: d.id, label: `${isolated(d.name)} · ${isolated(d.company)}${d.enabled ? '' : ` (${t('off')})`}` }))}
                error={state[p.id]?.error}
              />
            </div>
            <Button type="button" variant="secondary" pending={state[p.id]?.pending} disabled={!chosen[p.id]} onClick={() => void save(p.id)}>
              {t('savePlatform')}
            </Button>
            <Notice tone="success">{state[p.id]?.done ? t('platformSaved') : null}</Notice>
          </li>
        ))}
      </ul>
    </section>
  );
}
