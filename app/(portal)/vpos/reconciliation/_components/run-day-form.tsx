'use client';

import { useTranslations } from 'next-intl';
import { useRouter } from 'next/navigation';
import type { z } from 'zod';
import { useActionForm } from '@/components/forms/use-action-form';
import { Button } from '@/components/ui/button';
import { Field } from '@/components/ui/field';
import { FormError } from '@/components/ui/notice';
import { SelectField } from '@/components/ui/select-field';
import { vposReconRunSchema } from '@/lib/vpos/schemas';
import { runReconciliationAction } from '../actions';
import { useReconMessage } from './use-recon-message';

type Input = z.input<typeof vposReconRunSchema>;

/** Reconciles one Turkish day of one POS now (yesterday unless chosen), then opens its report. */
export function RunDayForm({ definitions, yesterday, today }: { definitions: { id: string; name: string }[]; yesterday: string; today: string }) {
  const t = useTranslations('vposRecon');
  const msg = useReconMessage();
  const router = useRouter();
  const { form, onSubmit, formErrorKey, pending } = useActionForm({
    schema: vposReconRunSchema,
    defaultValues: { definitionId: definitions[0]?.id ?? '', day: yesterday } satisfies Input,
    action: (v: Input) => runReconciliationAction(v),
    onSuccess: (data) => {
      if (data) router.push(`/vpos/reconciliation/${data.runId}`);
    },
  });
  const { errors } = form.formState;
  return (
    <form onSubmit={onSubmit} noValidate className="flex flex-wrap items-end gap-4" data-testid="recon-run-form">
      <div className="basis-full">
        <FormError>{msg(formErrorKey)}</FormError>
      </div>
      <SelectField
        {...form.register('definitionId')}
        label={t('definition')}
        error={msg(errors.definitionId?.message)}
        options={definitions.map((d) => ({ value: d.id, label: d.name }))}
      />
      <Field {...form.register('day')} type="date" max={today} dir="ltr" label={t('day')} hint={t('dayHint')} error={msg(errors.day?.message)} />
      <Button type="submit" pending={pending} data-testid="recon-run">
        {t('run')}
      </Button>
    </form>
  );
}
