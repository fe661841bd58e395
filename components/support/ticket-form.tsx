'use client';

import { useTranslations } from 'next-intl';
import { useState } from 'react';
import { navigateAway, useActionForm } from '@/components/forms/use-action-form';
import { Button } from '@/components/ui/button';
import { Field } from '@/components/ui/field';
import { FormError } from '@/components/ui/notice';
import { SelectField } from '@/components/ui/select-field';
import { TextareaField } from '@/components/ui/textarea-field';
import type { Result } from '@/lib/result';
import { ABOUT_KINDS, DEPARTMENTS, MAX_ATTACHMENTS, PRIORITIES, openTicketSchema, type OpenTicketInput } from '@/lib/support/schemas';
import { AttachmentPicker, type Picked } from './attachment-picker';

export type AboutChoice = { kind: (typeof ABOUT_KINDS)[number]; id: string; label: string };

/** The new-ticket form: the same schema as the server's; files go up as they are picked, the ticket names them. */
export function TicketForm({
  action,
  choices,
  initial,
}: {
  action: (input: OpenTicketInput) => Promise<Result<{ id: string; number: number }>>;
  choices: AboutChoice[];
  initial?: Partial<OpenTicketInput>;
}) {
  const t = useTranslations('support');
  const [files, setFiles] = useState<Picked[]>([]);
  const { form, onSubmit, formError, message, pending } = useActionForm({
    schema: openTicketSchema,
    defaultValues: { department: undefined, subject: '', message: '', priority: 'normal', aboutKind: '', aboutRef: '', attachments: [], ...initial },
    action: (values) => action({ ...values, attachments: files.map((f) => f.id) }),
    onSuccess: (data) => (data ? navigateAway(`/support/${data.id}`) : undefined),
  });
  const errors = form.formState.errors;
  const kind = form.watch('aboutKind');
  const ofKind = choices.filter((c) => c.kind === kind);
  return (
    <form onSubmit={onSubmit} noValidate className="flex flex-col gap-4" data-testid="ticket-form">
      <FormError>{formError}</FormError>
      <SelectField
        {...form.register('department')}
        label={t('department')}
        emptyLabel={t('aboutPickPlaceholder')}
        options={DEPARTMENTS.map((d) => ({ value: d, label: t(`departments.${d}`) }))}
        error={message(errors.department?.message)}
      />
      <Field {...form.register('subject')} label={t('subject')} maxLength={150} error={message(errors.subject?.message)} />
      <fieldset className="flex flex-col gap-2">
        <legend className="mb-1 text-sm font-medium text-ink">{t('priority')}</legend>
        {PRIORITIES.map((p) => (
          <label key={p} className="flex min-h-11 items-center gap-2 text-sm">
            <input type="radio" value={p} {...form.register('priority')} className="size-4" />
            {t(`priorities.${p}`)}
          </label>
        ))}
      </fieldset>
      <TextareaField {...form.register('message')} label={t('message')} hint={t('messageHint')} rows={6} error={message(errors.message?.message)} />
      <SelectField
        {...form.register('aboutKind', { onChange: () => form.setValue('aboutRef', '') })}
        label={t('about')}
        emptyLabel={t('aboutNone')}
        options={ABOUT_KINDS.map((k) => ({ value: k, label: t(`aboutKinds.${k}`) }))}
        error={message(errors.aboutKind?.message ?? (kind && kind !== 'payment' && !ofKind.length ? errors.aboutRef?.message : undefined))}
      />
      {kind === 'payment' && (
        <Field
          {...form.register('aboutRef')}
          label={t('aboutRef')}
          hint={t('aboutCodeHint')}
          digits
          inputMode="numeric"
          error={message(errors.aboutRef?.message)}
        />
      )}
      {kind && ofKind.length > 0 && (
        <SelectField
          name="aboutPick"
          label={t('aboutPick')}
          emptyLabel={t('aboutPickPlaceholder')}
          options={ofKind.map((c) => ({ value: c.id, label: c.label }))}
          onChange={(e) => form.setValue('aboutRef', e.target.value, { shouldValidate: form.formState.isSubmitted })}
          error={kind !== 'payment' ? message(errors.aboutRef?.message) : undefined}
        />
      )}
      <AttachmentPicker uploadUrl="/support/files" files={files} onChange={setFiles} max={MAX_ATTACHMENTS} error={message(errors.attachments?.message)} />
      <div>
        <Button type="submit" pending={pending} data-testid="ticket-submit">
          {t('open')}
        </Button>
      </div>
    </form>
  );
}
