'use client';

import { useLocale, useTranslations } from 'next-intl';
import { useRouter } from 'next/navigation';
import { useState } from 'react';
import type { z } from 'zod';
import { useActionForm } from '@/components/forms/use-action-form';
import { Button } from '@/components/ui/button';
import { Card } from '@/components/ui/card';
import { Field } from '@/components/ui/field';
import { FormError, Notice } from '@/components/ui/notice';
import type { ConnectionTest, ConnectorView } from '@/lib/connectors';
import { saveConnectorSchema } from '@/lib/connectors/schemas';
import { localDigits } from '@/lib/date/format';
import type { Locale } from '@/lib/i18n/config';
import type { Result } from '@/lib/result';

type Input = z.input<typeof saveConnectorSchema>;
type Values = {
  id: ConnectorView['id'];
  enabled: boolean;
  baseUrl: string;
  timeoutMs: string;
  gatewayId?: string;
  signKey?: string;
  apiKey?: string;
  token?: string;
  payBaseUrl?: string;
  sandbox?: boolean;
};

const STATE_TONE = {
  page: 'bg-emerald-50 text-emerald-900 border-emerald-300',
  env: 'bg-brand-50 text-brand-800 border-brand-100',
  none: 'bg-amber-50 text-amber-900 border-amber-300',
};
const VERDICT_TONE = { ok: 'success', unauthenticated: 'error', unexpected: 'error', unreachable: 'error', notAllowed: 'error' } as const;

/**
 * One connector: where it stands, its settings, its secrets as empty password inputs (a secret is
 * never sent back to the browser; blank keeps the saved one), Save, and Test connection with what
 * the form holds.
 */
export function ConnectorCard({
  view,
  lastChange,
  save,
  test,
}: {
  view: Omit<ConnectorView, 'updatedAt'>;
  lastChange: { when: string; who: string | null } | null;
  save: (input: Input) => Promise<Result>;
  test: (input: Input) => Promise<Result<ConnectionTest>>;
}) {
  const t = useTranslations('connectors');
  const locale = useLocale() as Locale;
  const router = useRouter();
  const [saved, setSaved] = useState(false);
  const [outcome, setOutcome] = useState<ConnectionTest | null>(null);
  const blankSecrets = Object.fromEntries(view.secrets.map((s) => [s.field, '']));
  // POD's own settings: its payment pages' host and its sandbox switch.
  const podSettings = view.id === 'pod' ? { payBaseUrl: view.payBaseUrl ?? '', sandbox: view.sandbox ?? false } : {};
  const defaults = { id: view.id, enabled: view.enabled, baseUrl: view.baseUrl, timeoutMs: String(view.timeoutMs), ...podSettings, ...blankSecrets } as Values;
  const { form, submit, intent, formError, message } = useActionForm<typeof saveConnectorSchema, ConnectionTest | undefined, 'save' | 'test'>({
    schema: saveConnectorSchema,
    defaultValues: defaults as Input,
    action: async (values, which) => {
      setSaved(false);
      setOutcome(null);
      return which === 'test' ? test(values) : save(values);
    },
    onSuccess: (data, values, which) => {
      if (which === 'test') return setOutcome(data ?? null);
      setSaved(true);
      // The form shows what was saved (digits and URL as the server keeps them); the secrets just
      // typed leave it at once, and the card shows their last four characters.
      const kept = saveConnectorSchema.safeParse(values);
      const settings = kept.success
        ? { baseUrl: kept.data.baseUrl, timeoutMs: String(kept.data.timeoutMs), ...(kept.data.id === 'pod' ? { payBaseUrl: kept.data.payBaseUrl } : {}) }
        : {};
      form.reset({ ...(values as Values), ...settings, ...blankSecrets } as Input);
      router.refresh();
    },
  });
  const errors = form.formState.errors as Partial<Record<keyof Values, { message?: string }>>;
  /** A field's message: this page's own words first, then the shared ones. */
  const fieldMessage = (key: string | undefined) => (key && t.has(`errors.${key}`) ? t(`errors.${key}`) : message(key));
  const id = (name: string) => `${view.id}-${name}`;
  const register = form.register as unknown as (name: keyof Values) => ReturnType<typeof form.register>;
  /** A kind's own words where it has them (Esaj's key is not a gateway id), else the page's. */
  const kindOr = (key: string, values?: Record<string, string>) => (t.has(`kinds.${view.id}.${key}`) ? t(`kinds.${view.id}.${key}`, values) : t(key, values));

  return (
    <Card>
      <section data-testid={`connector-${view.id}`} aria-labelledby={id('title')}>
        <div className="flex flex-wrap items-start justify-between gap-3">
          <div>
            <h2 id={id('title')} className="text-base font-bold text-ink">
              {t(`kinds.${view.id}.name`)}
            </h2>
            <p className="mt-1 max-w-2xl text-sm text-muted">{t(`kinds.${view.id}.about`)}</p>
          </div>
          <div className="flex flex-wrap gap-2 text-xs font-semibold">
            <span data-testid="connector-state" className={`rounded-full border px-2.5 py-1 ${STATE_TONE[view.state]}`}>
              {t(`state.${view.state}`)}
            </span>
            {!view.enabled && <span className="rounded-full border border-slate-300 bg-slate-50 px-2.5 py-1 text-slate-700">{t('off')}</span>}
          </div>
        </div>
        <p className="mt-2 text-xs text-muted" data-testid="connector-last-change">
          {lastChange
            ? lastChange.who
              ? t('lastChange', { when: lastChange.when, who: lastChange.who })
              : t('lastChangeUnknown', { when: lastChange.when })
            : t('neverChanged')}
        </p>
        {view.unreadable && (
          <div className="mt-3">
            <Notice tone="error">{t('unreadable')}</Notice>
          </div>
        )}

        <form noValidate className="mt-5 grid gap-4 md:grid-cols-2" onSubmit={submit('save')}>
          <Field
            id={id('baseUrl')}
            {...register('baseUrl')}
            label={t('fields.baseUrl')}
            hint={kindOr('hints.baseUrl')}
            dir="ltr"
            inputMode="url"
            autoComplete="off"
            spellCheck={false}
            error={fieldMessage(errors.baseUrl?.message)}
          />
          {view.id === 'pod' && (
            <Field
              id={id('payBaseUrl')}
              {...register('payBaseUrl')}
              label={t('fields.payBaseUrl')}
              hint={kindOr('hints.payBaseUrl')}
              dir="ltr"
              inputMode="url"
              autoComplete="off"
              spellCheck={false}
              error={fieldMessage(errors.payBaseUrl?.message)}
            />
          )}
          <Field
            id={id('timeoutMs')}
            {...register('timeoutMs')}
            label={t('fields.timeoutMs')}
            hint={t('hints.timeoutMs', { min: localDigits('1000', locale), max: localDigits('60000', locale) })}
            digits
            error={fieldMessage(errors.timeoutMs?.message)}
          />
          {view.secrets.map((s) => (
            <Field
              key={s.field}
              id={id(s.field)}
              {...register(s.field as keyof Values)}
              type="password"
              autoComplete="new-password"
              spellCheck={false}
              dir="ltr"
              label={kindOr(`fields.${s.field}`)}
              placeholder={s.source ? t('secret.keep') : undefined}
              hint={
                <span data-testid={`secret-hint-${s.field}`}>
                  {s.source && s.hint
                    ? t.rich(`secret.${s.source}`, { h: (c) => <bdi dir="ltr">{c}</bdi>, hint: s.hint })
                    : s.source
                      ? t(`secret.${s.source}Short`)
                      : t('secret.none')}
                </span>
              }
              error={fieldMessage(errors[s.field as keyof Values]?.message)}
            />
          ))}
          {view.id === 'pod' && (
            <label className="flex items-start gap-3 text-sm md:col-span-2">
              <input type="checkbox" id={id('sandbox')} {...register('sandbox')} className="mt-1 size-4 accent-brand-600" />
              <span>
                <span className="block font-medium">{t('fields.sandbox')}</span>
                <span className="block text-muted">{kindOr('hints.sandbox')}</span>
              </span>
            </label>
          )}
          <label className="flex items-start gap-3 text-sm md:col-span-2">
            <input type="checkbox" id={id('enabled')} {...register('enabled')} className="mt-1 size-4 accent-brand-600" />
            <span>
              <span className="block font-medium">{t('fields.enabled')}</span>
              <span className="block text-muted">{kindOr('hints.enabled')}</span>
            </span>
          </label>
          <div className="flex flex-wrap items-center gap-3 md:col-span-2">
            <Button type="submit" pending={intent === 'save'} disabled={intent !== null}>
              {t('save')}
            </Button>
            <Button
              type="button"
              variant="secondary"
              pending={intent === 'test'}
              disabled={intent !== null}
              onClick={submit('test')}
              data-testid="test-connection"
            >
              {t('test')}
            </Button>
          </div>
          <p className="-mt-2 text-xs text-muted md:col-span-2">{t('testHint')}</p>
          <div className="md:col-span-2">
            <FormError>{formError}</FormError>
            <Notice tone="success" testId="saved-note">
              {saved ? t('saved') : null}
            </Notice>
            <Notice tone={outcome ? VERDICT_TONE[outcome.verdict] : 'info'} testId="test-outcome">
              {outcome && (
                <span data-verdict={outcome.verdict}>
                  <strong className="block">{kindOr(`verdict.${outcome.verdict}`)}</strong>
                  {outcome.httpStatus !== null && (
                    <span className="block text-xs">
                      {t('httpStatus', { status: localDigits(outcome.httpStatus, locale), ms: localDigits(outcome.latencyMs, locale) })}
                    </span>
                  )}
                  <span className="block text-xs">{t.rich('answer', { g: (c) => <bdi>{c}</bdi>, gist: outcome.gist })}</span>
                </span>
              )}
            </Notice>
          </div>
        </form>
      </section>
    </Card>
  );
}
