'use client';

import { useTranslations } from 'next-intl';
import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { Controller } from 'react-hook-form';
import { useActionForm } from '@/components/forms/use-action-form';
import { Button } from '@/components/ui/button';
import { Field } from '@/components/ui/field';
import { FormError } from '@/components/ui/notice';
import { SelectField } from '@/components/ui/select-field';
import { TextareaField } from '@/components/ui/textarea-field';
import { TimeField } from '@/components/ui/time-field';
import type { Result } from '@/lib/result';
import { eventColors, remindOptions, saveEventSchema, type EventInput, type SaveEventInput } from '@/lib/validation/messages';
import { EVENT_COLOR } from './colors';
import { EventDateInput } from './event-date-input';

export type EventActions = {
  save: (input: SaveEventInput) => Promise<Result<{ id: string; date: string }>>;
  remove: (input: { id: string }) => Promise<Result>;
};

/**
 * New or existing event; after saving it goes back to where it came from (the calendar or the
 * list). The server actions come from the page (`app/(portal)/events/actions.ts`).
 */
export function EventForm({ id, initial, returnTo, actions }: { id: string | null; initial: EventInput; returnTo: string; actions: EventActions }) {
  const t = useTranslations('events');
  const router = useRouter();
  const [deleting, setDeleting] = useState(false);
  const [deleteError, setDeleteError] = useState<string | null>(null);
  const { form, onSubmit, formError, message, pending } = useActionForm({
    schema: saveEventSchema,
    defaultValues: { ...initial, id },
    action: actions.save,
    onSuccess: () => {
      router.push(returnTo);
      router.refresh();
    },
  });
  const { errors } = form.formState;
  const reminds = remindOptions.map((o) => ({ value: o, label: t(`remind.${o}`) }));
  const remind = form.watch('remind');
  const color = form.watch('color');
  const remove = async () => {
    if (!id || !window.confirm(t('confirmDelete'))) return;
    setDeleting(true);
    const r = await actions.remove({ id }).catch(() => ({ ok: false as const, error: 'network' }));
    setDeleting(false);
    if (r.ok) {
      router.push(returnTo);
      router.refresh();
    } else setDeleteError(message(r.error) ?? null);
  };
  return (
    <form onSubmit={onSubmit} noValidate className="flex max-w-xl flex-col gap-5" data-testid="event-form">
      <FormError>{formError ?? deleteError}</FormError>
      <Field {...form.register('title')} label={t('fields.title')} maxLength={120} error={message(errors.title?.message)} />
      <EventDateInput
        name="date"
        label={t('fields.date')}
        value={form.watch('date')}
        onChange={(v) => form.setValue('date', v, { shouldValidate: form.formState.isSubmitted })}
        error={message(errors.date?.message)}
      />
      <div className="grid gap-4 sm:grid-cols-2">
        {(['startTime', 'endTime'] as const).map((n) => (
          <Controller
            key={n}
            control={form.control}
            name={n}
            render={({ field }) => (
              <TimeField
                ref={field.ref}
                name={n}
                label={t(`fields.${n}`)}
                value={field.value}
                onChange={field.onChange}
                onBlur={field.onBlur}
                error={message(errors[n]?.message)}
              />
            )}
          />
        ))}
      </div>
      <TextareaField
        {...form.register('description')}
        label={t('fields.description')}
        hint={t('descriptionHint')}
        error={message(errors.description?.message)}
      />
      <fieldset>
        <legend className="mb-2 text-sm font-medium text-ink">{t('fields.color')}</legend>
        <div className="flex flex-wrap gap-2">
          {eventColors.map((c) => (
            <label
              key={c}
              className={`flex min-h-11 cursor-pointer items-center gap-2 rounded-lg border px-3 py-2 text-sm has-[:focus-visible]:outline-2 has-[:focus-visible]:outline-brand-600 ${color === c ? `${EVENT_COLOR[c].chip} ring-2 ring-brand-600` : 'border-slate-300 bg-white'}`}
            >
              <input type="radio" value={c} {...form.register('color')} className="sr-only" />
              <span aria-hidden className={`size-3 rounded-full ${EVENT_COLOR[c].dot}`} />
              {t(`colors.${c}`)}
            </label>
          ))}
        </div>
      </fieldset>
      <SelectField {...form.register('remind')} label={t('fields.remind')} error={message(errors.remind?.message)} options={reminds} />
      {remind !== 'none' && (
        <label className="flex items-center gap-2 text-sm">
          <input type="checkbox" {...form.register('remindSms')} className="size-4" />
          {t('fields.remindSms')}
        </label>
      )}
      <div className="flex flex-wrap gap-3">
        <Button type="submit" pending={pending}>
          {id ? t('save') : t('create')}
        </Button>
        {id && (
          <Button type="button" variant="danger" pending={deleting} onClick={remove}>
            {t('delete')}
          </Button>
        )}
      </div>
    </form>
  );
}
