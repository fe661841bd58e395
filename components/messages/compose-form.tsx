'use client';

import { useLocale, useTranslations } from 'next-intl';
import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { useActionForm } from '@/components/forms/use-action-form';
import { Button } from '@/components/ui/button';
import { Field } from '@/components/ui/field';
import { FormError, Notice } from '@/components/ui/notice';
import { SelectField, type SelectOption } from '@/components/ui/select-field';
import { TextareaField } from '@/components/ui/textarea-field';
import { localDigits } from '@/lib/date/format';
import type { Locale } from '@/lib/i18n/config';
import type { Result } from '@/lib/result';
import { composeSchema, kycTargetStates, targetKinds, type ComposeInput } from '@/lib/validation/messages';

/**
 * Compose → preview (the message as merchants will see it, and how many get it) → send.
 * The same zod schema checks the form here and the action on the server.
 */
export type ComposeActions = {
  preview: (input: ComposeInput) => Promise<Result<{ recipients: number }>>;
  send: (input: ComposeInput) => Promise<Result<{ id: string }>>;
};

/** The server actions come from the page (`app/admin/messages/actions.ts`). */
export function ComposeForm({
  services,
  provinces,
  actions,
}: {
  services: { id: string; name: string }[];
  provinces: { value: string; label: string }[];
  actions: ComposeActions;
}) {
  const t = useTranslations('adminMessages');
  const locale = useLocale() as Locale;
  const router = useRouter();
  const [preview, setPreview] = useState<{ values: ComposeInput; recipients: number } | null>(null);
  const [sent, setSent] = useState(false);
  const [sending, setSending] = useState(false);
  const [sendError, setSendError] = useState<string | null>(null);
  const defaults: ComposeInput = { title: '', body: '', link: '', sms: false, targetKind: 'all', mobile: '', serviceId: '', kycStatus: '', province: '' };
  const { form, onSubmit, formError, message, pending } = useActionForm({
    schema: composeSchema,
    defaultValues: defaults,
    action: actions.preview,
    onSuccess: (data, values) => {
      setSent(false);
      setPreview({ values, recipients: data!.recipients });
    },
  });
  const { errors } = form.formState;
  const kind = form.watch('targetKind');
  const options = {
    targetKind: targetKinds.map((k) => ({ value: k, label: t(`targets.${k}`) })),
    serviceId: services.map((s) => ({ value: s.id, label: s.name })),
    kycStatus: kycTargetStates.map((s) => ({ value: s, label: t(`kycStates.${s}`) })),
  };
  /** The one target detail a kind asks for, chosen from a list. */
  const targetSelect = (name: 'serviceId' | 'kycStatus' | 'province', label: string, choices: SelectOption[]) => (
    <SelectField {...form.register(name)} label={label} error={message(errors[name]?.message)} emptyLabel={t('choose')} options={choices} />
  );

  const send = async () => {
    if (!preview) return;
    setSending(true);
    setSendError(null);
    const r = await actions.send(preview.values).catch(() => ({ ok: false as const, error: 'network' }));
    setSending(false);
    if (!r.ok) {
      setSendError(message(('error' in r && r.error) || 'unknown') ?? null);
      return;
    }
    setPreview(null);
    setSent(true);
    form.reset(defaults);
    router.refresh();
  };

  if (preview) {
    return (
      <div className="flex flex-col gap-4" data-testid="broadcast-preview">
        <h3 className="font-bold">{t('previewTitle')}</h3>
        <article className="rounded-xl border border-slate-200 bg-slate-50 p-4">
          <p className="font-bold" dir="auto" data-testid="preview-title">
            {preview.values.title}
          </p>
          <p className="mt-2 whitespace-pre-wrap break-words text-sm leading-7" dir="auto" data-testid="preview-body">
            {preview.values.body}
          </p>
          {preview.values.link && (
            <p className="mt-2 break-all text-sm text-muted" dir="ltr">
              <bdi>{preview.values.link}</bdi>
            </p>
          )}
        </article>
        <p className="text-sm font-semibold" data-testid="preview-recipients">
          {t('recipients', { count: localDigits(preview.recipients, locale) })}
          {preview.values.sms ? ` (${t('withSms')})` : ''}
        </p>
        <Notice tone="error">{sendError}</Notice>
        <div className="flex gap-3">
          <Button type="button" onClick={send} pending={sending}>
            {t('send')}
          </Button>
          <Button type="button" variant="secondary" onClick={() => setPreview(null)}>
            {t('edit')}
          </Button>
        </div>
      </div>
    );
  }

  return (
    <form onSubmit={onSubmit} noValidate className="flex max-w-2xl flex-col gap-5" data-testid="compose-form">
      <FormError>{formError}</FormError>
      <Notice tone="success" testId="broadcast-sent">
        {sent ? t('sent') : null}
      </Notice>
      <Field {...form.register('title')} label={t('fields.title')} maxLength={200} error={message(errors.title?.message)} />
      <TextareaField {...form.register('body')} rows={6} label={t('fields.body')} error={message(errors.body?.message)} />
      <Field {...form.register('link')} dir="ltr" label={t('fields.link')} hint={t('fields.linkHint')} error={message(errors.link?.message)} />
      <SelectField {...form.register('targetKind')} label={t('fields.target')} options={options.targetKind} />
      {kind === 'merchant' && (
        <Field {...form.register('mobile')} inputMode="tel" dir="ltr" label={t('fields.mobile')} error={message(errors.mobile?.message)} />
      )}
      {kind === 'service' && targetSelect('serviceId', t('fields.service'), options.serviceId)}
      {kind === 'kyc' && targetSelect('kycStatus', t('fields.kycStatus'), options.kycStatus)}
      {kind === 'province' && targetSelect('province', t('fields.province'), provinces)}
      <label className="flex items-center gap-2 text-sm">
        <input type="checkbox" {...form.register('sms')} className="size-4" />
        {t('fields.sms')}
      </label>
      <Button type="submit" pending={pending} className="self-start">
        {t('preview')}
      </Button>
    </form>
  );
}
