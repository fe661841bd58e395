'use client';

import { useLocale, useTranslations } from 'next-intl';
import { useRouter } from 'next/navigation';
import { useState, type FormEvent } from 'react';
import { useActionForm } from '@/components/forms/use-action-form';
import { Button } from '@/components/ui/button';
import { Card } from '@/components/ui/card';
import { Field } from '@/components/ui/field';
import { Notice } from '@/components/ui/notice';
import { TextareaField } from '@/components/ui/textarea-field';
import { localDigits } from '@/lib/date/format';
import type { Locale } from '@/lib/i18n/config';
import { publishServiceTermsSchema, updateServiceSchema } from '@/lib/services/schemas';
import { publishTermsAction, updateServiceAction } from './actions';

type S = { id: string; nameFa: string; nameEn: string; descriptionFa: string; descriptionEn: string; active: boolean };

export function ServiceEditor({ service, terms }: { service: S; terms: { version: number; fa: string; en: string } | null }) {
  const t = useTranslations('adminServices');
  const locale = useLocale() as Locale;
  const router = useRouter();
  const [done, setDone] = useState<'saved' | 'published' | null>(null);
  const { id: serviceId, ...fields } = service;
  const edit = useActionForm({
    schema: updateServiceSchema,
    defaultValues: { serviceId, ...fields },
    action: updateServiceAction,
    onSuccess: () => {
      setDone('saved');
      router.refresh();
    },
  });
  const publish = useActionForm({
    schema: publishServiceTermsSchema,
    defaultValues: { serviceId, fa: terms?.fa ?? '', en: terms?.en ?? '' },
    action: publishTermsAction,
    onSuccess: () => {
      setDone('published');
      router.refresh();
    },
  });
  const e = edit.form.formState.errors;
  const p = publish.form.formState.errors;
  const pending = edit.pending || publish.pending;
  /** Either form's submit, clearing the other's "saved"/"published" first. */
  const afresh = (onSubmit: typeof edit.onSubmit) => (ev: FormEvent) => {
    setDone(null);
    return onSubmit(ev);
  };

  return (
    <Card title={`${locale === 'fa' ? service.nameFa : service.nameEn} (${service.id})`}>
      <form noValidate className="grid gap-4 sm:grid-cols-2" onSubmit={afresh(edit.onSubmit)}>
        <Field id={`${serviceId}-nameFa`} {...edit.form.register('nameFa')} label={t('nameFa')} error={edit.message(e.nameFa?.message)} />
        <Field id={`${serviceId}-nameEn`} {...edit.form.register('nameEn')} label={t('nameEn')} dir="ltr" error={edit.message(e.nameEn?.message)} />
        <TextareaField
          id={`${serviceId}-descriptionFa`}
          {...edit.form.register('descriptionFa')}
          label={t('descriptionFa')}
          rows={3}
          error={edit.message(e.descriptionFa?.message)}
        />
        <TextareaField
          id={`${serviceId}-descriptionEn`}
          {...edit.form.register('descriptionEn')}
          label={t('descriptionEn')}
          dir="ltr"
          rows={3}
          error={edit.message(e.descriptionEn?.message)}
        />
        <label className="flex items-center gap-2 text-sm">
          <input type="checkbox" {...edit.form.register('active')} className="size-4 accent-brand-600" />
          {t('active')}
        </label>
        <Button type="submit" variant="secondary" className="self-start" pending={pending}>
          {t('save')}
        </Button>
        <div className="sm:col-span-2">
          <Notice tone="error">{edit.formError}</Notice>
        </div>
      </form>
      <details className="mt-6">
        <summary className="cursor-pointer text-sm font-semibold text-brand-700">{t('terms', { version: localDigits(terms?.version ?? 0, locale) })}</summary>
        <form noValidate className="mt-3 grid gap-4" onSubmit={afresh(publish.onSubmit)}>
          {/* The e2e tests find the terms boxes by these ids. */}
          <TextareaField id="publish.fa" {...publish.form.register('fa')} label={t('termsFa')} rows={8} error={publish.message(p.fa?.message)} />
          <TextareaField id="publish.en" {...publish.form.register('en')} label={t('termsEn')} dir="ltr" rows={8} error={publish.message(p.en?.message)} />
          <p className="text-xs text-muted">{t('publishHint')}</p>
          <Button type="submit" className="self-start" pending={pending}>
            {t('publish')}
          </Button>
          <Notice tone="error">{publish.formError}</Notice>
        </form>
      </details>
      <div className="mt-3">
        <Notice tone="success">{done === 'saved' ? t('saved') : done === 'published' ? t('published') : null}</Notice>
      </div>
    </Card>
  );
}
