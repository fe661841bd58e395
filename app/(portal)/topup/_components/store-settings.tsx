'use client';

import { useTranslations } from 'next-intl';
import { useState } from 'react';
import { useSavedForm } from '@/components/forms/use-saved-form';
import { Button } from '@/components/ui/button';
import { Field } from '@/components/ui/field';
import { FormError, Notice } from '@/components/ui/notice';
import { storeSettingsSchema } from '@/lib/topup/schemas';
import { saveStoreSettingsAction } from '../actions';

export type StoreView = { handle: string; title: string; enabled: boolean; supportPhone: string | null } | null;

/** One charge platform's hosted store: handle, title, on/off, support phone; the link to copy and open once saved. */
export function StoreSettings({
  platformId,
  initial,
  origin,
  suggestedTitle,
}: {
  platformId: string;
  initial: StoreView;
  origin: string;
  suggestedTitle: string;
}) {
  const t = useTranslations('topup');
  const { form, onSubmit, formError, message, pending, saved } = useSavedForm({
    schema: storeSettingsSchema,
    defaultValues: {
      platformId,
      handle: initial?.handle ?? '',
      title: initial?.title ?? suggestedTitle,
      enabled: initial?.enabled ?? true,
      supportPhone: initial?.supportPhone ?? '',
    },
    action: (v) => saveStoreSettingsAction({ ...v, platformId }),
  });
  const { errors } = form.formState;
  const handle = form.watch('handle');
  const id = (name: string) => `store-${platformId}-${name}`;
  /** This page's words for a field's message first, then the shared ones. */
  const fieldMessage = (key: string | undefined) => (key && t.has(`errors.${key}`) ? t(`errors.${key}`) : message(key));
  return (
    <div className="flex flex-col gap-5">
      {initial && <StoreLink url={`${origin}/topup/${initial.handle}`} enabled={initial.enabled} />}
      <form noValidate onSubmit={onSubmit} className="grid gap-4 sm:grid-cols-2" data-testid="store-settings">
        <Field
          id={id('handle')}
          {...form.register('handle')}
          label={t('store.handle')}
          dir="ltr"
          autoComplete="off"
          spellCheck={false}
          hint={
            <bdi dir="ltr">
              {origin}/topup/{handle || '…'}
            </bdi>
          }
          error={fieldMessage(errors.handle?.message)}
        />
        <Field id={id('title')} {...form.register('title')} label={t('store.title')} hint={t('store.titleHint')} error={fieldMessage(errors.title?.message)} />
        <Field
          id={id('supportPhone')}
          {...form.register('supportPhone')}
          label={t('store.supportPhone')}
          hint={t('store.supportPhoneHint')}
          digits
          inputMode="tel"
          error={fieldMessage(errors.supportPhone?.message)}
        />
        <label className="flex min-h-11 items-center gap-2 self-end">
          <input type="checkbox" id={id('enabled')} {...form.register('enabled')} className="size-4 accent-brand-600" />
          {t('store.enabled')}
        </label>
        <div className="flex flex-col gap-3 sm:col-span-2">
          <FormError>{formError ? fieldMessage(formError) : null}</FormError>
          <Notice tone="success" testId="store-saved">
            {saved ? t('store.saved') : null}
          </Notice>
          <div>
            <Button type="submit" pending={pending}>
              {t('store.save')}
            </Button>
          </div>
        </div>
      </form>
    </div>
  );
}

/** The store's address with copy and open. */
function StoreLink({ url, enabled }: { url: string; enabled: boolean }) {
  const t = useTranslations('topup');
  const [copied, setCopied] = useState(false);
  return (
    <div className="flex flex-col gap-2 rounded-xl border border-brand-100 bg-brand-50 p-3 text-sm">
      <p className="font-medium text-ink">{enabled ? t('store.link') : t('store.linkOff')}</p>
      <div className="flex flex-wrap items-center gap-2">
        <code dir="ltr" className="break-all rounded bg-white px-2 py-1" data-testid="store-link">
          {url}
        </code>
        <button
          type="button"
          onClick={async () => {
            await navigator.clipboard?.writeText(url).catch(() => undefined);
            setCopied(true);
          }}
          className="min-h-10 rounded-lg border border-brand-600 bg-white px-3 text-sm font-semibold text-brand-700 hover:bg-brand-100"
        >
          {copied ? t('store.copied') : t('store.copy')}
        </button>
        {enabled && (
          <a href={url} target="_blank" rel="noreferrer" className="inline-flex min-h-10 items-center px-2 font-semibold text-brand-700 underline">
            {t('store.open')}
          </a>
        )}
      </div>
    </div>
  );
}
