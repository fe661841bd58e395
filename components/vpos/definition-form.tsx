'use client';

import { useTranslations } from 'next-intl';
import { useLocale } from 'next-intl';
import type { z } from 'zod';
import { useActionForm } from '@/components/forms/use-action-form';
import { Button } from '@/components/ui/button';
import { Field } from '@/components/ui/field';
import { FormError } from '@/components/ui/notice';
import { SelectField } from '@/components/ui/select-field';
import { localDigits } from '@/lib/date/format';
import type { Locale } from '@/lib/i18n/config';
import { toAsciiDigits } from '@/lib/validation/digits';
import { vposDefinitionSchema, vposDefinitionUpdateSchema } from '@/lib/vpos/schemas';
import type { ActionFn } from './types';
import { useVposMessage } from './use-vpos-message';

type CreateInput = z.input<typeof vposDefinitionSchema>;
type UpdateInput = z.input<typeof vposDefinitionUpdateSchema>;
export type DefinitionFacts = {
  id: string;
  company: string;
  name: string;
  environment: 'test' | 'production';
  use3d: boolean;
  maxInstallments: number;
  hints: { sx: string; sxList: string; sxCancel: string; secretKey: string };
};
const SECRETS = ['sx', 'sxList', 'sxCancel', 'secretKey'] as const;

/**
 * A POS definition: company, name, environment, N Kolay's four credentials, 3-D and installments.
 * New: every credential is required. Edit (`existing`): the credentials are never shown again, only
 * their last four characters; a field left empty keeps the one stored. Credentials are password
 * fields the browser is asked not to remember or fill.
 */
export function DefinitionForm({
  existing,
  create,
  update,
  onDone,
}: {
  existing?: DefinitionFacts;
  create?: ActionFn<CreateInput, { id: string }>;
  update?: ActionFn<UpdateInput>;
  onDone: () => void;
}) {
  const t = useTranslations('vpos.definitions');
  const tv = useTranslations('vpos');
  const locale = useLocale() as Locale;
  const msg = useVposMessage();
  const editing = Boolean(existing);
  const { form, onSubmit, formErrorKey, pending } = useActionForm({
    schema: (editing ? vposDefinitionUpdateSchema : vposDefinitionSchema) as typeof vposDefinitionUpdateSchema,
    defaultValues: {
      ...(existing ? { id: existing.id } : {}),
      company: existing?.company ?? '',
      name: existing?.name ?? '',
      environment: existing?.environment ?? 'test',
      use3d: existing?.use3d ?? true,
      maxInstallments: String(existing?.maxInstallments ?? 1),
      sx: '',
      sxList: '',
      sxCancel: '',
      secretKey: '',
    } as UpdateInput,
    action: (v) => (editing ? update!(v) : create!(v as CreateInput)),
    onSuccess: () => {
      form.reset();
      onDone();
    },
  });
  const { errors } = form.formState;
  const prefix = existing ? `def-${existing.id.slice(0, 8)}` : 'def-new';

  return (
    <form onSubmit={onSubmit} noValidate autoComplete="off" className="flex flex-col gap-5" data-testid={editing ? 'definition-edit-form' : 'definition-form'}>
      <FormError>{msg(formErrorKey)}</FormError>
      <div className="grid grid-cols-1 *:min-w-0 gap-5 sm:grid-cols-2">
        <Field
          {...form.register('company')}
          id={`${prefix}-company`}
          label={t('company')}
          hint={t('companyHint')}
          error={msg(errors.company?.message)}
          maxLength={160}
        />
        <Field {...form.register('name')} id={`${prefix}-name`} label={t('name')} error={msg(errors.name?.message)} maxLength={80} />
        <SelectField
          {...form.register('environment')}
          id={`${prefix}-environment`}
          label={t('environment')}
          error={msg(errors.environment?.message)}
          options={(['test', 'production'] as const).map((e) => ({ value: e, label: tv(`environments.${e}`) }))}
        />
        <SelectField
          {...form.register('maxInstallments', { setValueAs: (v) => toAsciiDigits(String(v ?? '')) })}
          id={`${prefix}-installments`}
          label={t('maxInstallments')}
          error={msg(errors.maxInstallments?.message)}
          options={Array.from({ length: 12 }, (_, i) => ({ value: String(i + 1), label: i === 0 ? tv('single') : localDigits(i + 1, locale) }))}
        />
      </div>
      <label className="flex min-h-11 items-center gap-3 text-sm">
        <input type="checkbox" {...form.register('use3d')} className="size-4" id={`${prefix}-use3d`} />
        <span>
          <span className="font-medium">{t('use3d')}</span>
          <span className="block text-xs text-muted">{t('use3dHint')}</span>
        </span>
      </label>
      <fieldset className="flex flex-col gap-4 rounded-xl border border-slate-200 p-4">
        <legend className="px-1 text-sm font-bold">{t('credentials')}</legend>
        <p className="text-xs text-muted">{editing ? t('credentialsKeep') : t('credentialsNew')}</p>
        <div className="grid grid-cols-1 *:min-w-0 gap-4 sm:grid-cols-2">
          {SECRETS.map((k) => (
            <Field
              key={k}
              {...form.register(k)}
              id={`${prefix}-${k}`}
              label={t(`secrets.${k}`)}
              hint={existing ? t('keepHint', { hint: `••••${existing.hints[k]}` }) : t(`secretHints.${k}`)}
              error={msg(errors[k]?.message)}
              type="password"
              dir="ltr"
              autoComplete="new-password"
              spellCheck={false}
            />
          ))}
        </div>
      </fieldset>
      <div className="flex flex-wrap gap-3">
        <Button type="submit" pending={pending} data-testid={editing ? 'definition-save' : 'definition-create'}>
          {editing ? t('save') : t('create')}
        </Button>
        <Button type="button" variant="secondary" onClick={onDone} disabled={pending}>
          {t('cancel')}
        </Button>
      </div>
    </form>
  );
}
