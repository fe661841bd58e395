'use client';

import { useTranslations } from 'next-intl';
import { useSavedForm } from '@/components/forms/use-saved-form';
import { Button } from '@/components/ui/button';
import { Field } from '@/components/ui/field';
import { Notice } from '@/components/ui/notice';
import { SelectField } from '@/components/ui/select-field';
import { TextareaField } from '@/components/ui/textarea-field';
import type { Result } from '@/lib/result';
import { cannedAnswerSchema, type CannedAnswerInput } from '@/lib/support/schemas';

/** A saved answer: new (no id) or an existing one's edit. */
export function CannedForm({ initial, action }: { initial?: CannedAnswerInput; action: (input: CannedAnswerInput) => Promise<Result<unknown>> }) {
  const t = useTranslations('adminSupport');
  const { form, onSubmit, formError, message, pending, saved } = useSavedForm({
    schema: cannedAnswerSchema,
    defaultValues: initial ?? { id: '', title: '', body: '', locale: '' },
    action,
  });
  const errors = form.formState.errors;
  const key = initial?.id || 'new';
  return (
    <form onSubmit={onSubmit} noValidate className="flex flex-col gap-3" data-testid={`canned-form-${key}`}>
      <Notice tone={saved ? 'success' : 'error'}>{saved ? t('cannedSaved') : formError}</Notice>
      <Field {...form.register('title')} id={`canned-title-${key}`} label={t('cannedTitleField')} error={message(errors.title?.message)} />
      <TextareaField {...form.register('body')} id={`canned-body-${key}`} label={t('cannedBody')} rows={4} error={message(errors.body?.message)} />
      <SelectField
        {...form.register('locale')}
        id={`canned-locale-${key}`}
        label={t('cannedLocale')}
        emptyLabel={t('cannedAnyLocale')}
        options={(['fa', 'en', 'tr'] as const).map((l) => ({ value: l, label: t(`locales.${l}`) }))}
        error={message(errors.locale?.message)}
      />
      <div>
        <Button type="submit" pending={pending}>
          {t('cannedSave')}
        </Button>
      </div>
    </form>
  );
}
