'use client';

import { useLocale, useTranslations } from 'next-intl';
import { useRouter } from 'next/navigation';
import { useState, useTransition } from 'react';
import { Button } from '@/components/ui/button';
import { Card } from '@/components/ui/card';
import { Field } from '@/components/ui/field';
import { Notice } from '@/components/ui/notice';
import type { ActionResult } from '@/lib/actions/result';
import { localDigits } from '@/lib/date/format';
import type { Locale } from '@/lib/i18n/config';
import { publishTermsSchema, serviceEditSchema } from '@/lib/services/schemas';
import { publishTermsAction, updateServiceAction } from './actions';

type S = { id: string; nameFa: string; nameEn: string; descriptionFa: string; descriptionEn: string; active: boolean };

export function ServiceEditor({ service, terms }: { service: S; terms: { version: number; fa: string; en: string } | null }) {
  const t = useTranslations('adminServices');
  const te = useTranslations('errors');
  const locale = useLocale() as Locale;
  const router = useRouter();
  const [v, setV] = useState(service);
  const [draft, setDraft] = useState({ fa: terms?.fa ?? '', en: terms?.en ?? '' });
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [note, setNote] = useState<{ tone: 'success' | 'error'; text: string } | null>(null);
  const [pending, start] = useTransition();
  const msg = (k?: string) => (k ? (te.has(k) ? te(k) : te('unknown')) : undefined);

  function run(kind: 'save' | 'publish') {
    const schema = kind === 'save' ? serviceEditSchema : publishTermsSchema;
    const values = kind === 'save' ? v : draft;
    const parsed = schema.safeParse(values);
    if (!parsed.success) {
      const fe: Record<string, string> = {};
      for (const i of parsed.error.issues) fe[`${kind}.${String(i.path[0])}`] ??= i.message;
      setErrors(fe);
      return;
    }
    setErrors({});
    start(async () => {
      const r: ActionResult = kind === 'save' ? await updateServiceAction(service.id, values) : await publishTermsAction(service.id, values);
      if (r.ok) {
        setNote({ tone: 'success', text: kind === 'save' ? t('saved') : t('published') });
        router.refresh();
      } else {
        setNote({ tone: 'error', text: msg(r.error ?? Object.values(r.fieldErrors ?? {})[0]) ?? te('unknown') });
      }
    });
  }

  const area = (id: string, label: string, value: string, onChange: (x: string) => void, dir?: 'ltr', rows = 3) => (
    <div className="flex flex-col gap-1.5">
      <label htmlFor={id} className="text-sm font-medium">
        {label}
      </label>
      <textarea
        id={id}
        dir={dir}
        rows={rows}
        value={value}
        onChange={(e) => onChange(e.target.value)}
        className="rounded-lg border border-slate-300 bg-white p-3 text-sm"
      />
      {errors[id] && <p className="text-sm text-red-700">{msg(errors[id])}</p>}
    </div>
  );

  return (
    <Card title={`${locale === 'fa' ? service.nameFa : service.nameEn} (${service.id})`}>
      <div className="grid gap-4 sm:grid-cols-2">
        <Field
          name={`${service.id}-nameFa`}
          label={t('nameFa')}
          value={v.nameFa}
          onChange={(e) => setV({ ...v, nameFa: e.target.value })}
          error={msg(errors['save.nameFa'])}
        />
        <Field
          name={`${service.id}-nameEn`}
          label={t('nameEn')}
          dir="ltr"
          value={v.nameEn}
          onChange={(e) => setV({ ...v, nameEn: e.target.value })}
          error={msg(errors['save.nameEn'])}
        />
        {area(`save.descriptionFa`, t('descriptionFa'), v.descriptionFa, (x) => setV({ ...v, descriptionFa: x }))}
        {area(`save.descriptionEn`, t('descriptionEn'), v.descriptionEn, (x) => setV({ ...v, descriptionEn: x }), 'ltr')}
        <label className="flex items-center gap-2 text-sm">
          <input type="checkbox" checked={v.active} onChange={(e) => setV({ ...v, active: e.target.checked })} className="size-4 accent-brand-600" />
          {t('active')}
        </label>
        <Button type="button" variant="secondary" className="self-start" pending={pending} onClick={() => run('save')}>
          {t('save')}
        </Button>
      </div>
      <details className="mt-6">
        <summary className="cursor-pointer text-sm font-semibold text-brand-700">{t('terms', { version: localDigits(terms?.version ?? 0, locale) })}</summary>
        <div className="mt-3 grid gap-4">
          {area(`publish.fa`, t('termsFa'), draft.fa, (x) => setDraft({ ...draft, fa: x }), undefined, 8)}
          {area(`publish.en`, t('termsEn'), draft.en, (x) => setDraft({ ...draft, en: x }), 'ltr', 8)}
          <p className="text-xs text-muted">{t('publishHint')}</p>
          <Button type="button" className="self-start" pending={pending} onClick={() => run('publish')}>
            {t('publish')}
          </Button>
        </div>
      </details>
      <div className="mt-3">
        <Notice tone={note?.tone ?? 'success'}>{note?.text}</Notice>
      </div>
    </Card>
  );
}
