'use client';

import { useTranslations } from 'next-intl';
import type { z } from 'zod';
import { setPermissionAction } from '@/app/(portal)/split/actions';
import { useSavedForm } from '@/components/forms/use-saved-form';
import { useSplitMessage } from '@/components/split/use-split-message';
import { Button } from '@/components/ui/button';
import { ChoiceCard } from '@/components/ui/choice-card';
import { Field } from '@/components/ui/field';
import { OutcomeNotice } from '@/components/ui/notice';
import { setPermissionSchema } from '@/lib/split/schemas';

type Input = z.input<typeof setPermissionSchema>;
type Permission = 'none' | 'all' | 'products';

/** The dealer permission this beneficiary gives one marketplace: all its products, a listed few, or none. */
export function PermissionForm({ beneficiaryId, permission, products }: { beneficiaryId: string; permission: Permission; products: string[] }) {
  const t = useTranslations('split.selling');
  const msg = useSplitMessage();
  const { form, onSubmit, formErrorKey, pending, saved } = useSavedForm({
    schema: setPermissionSchema,
    defaultValues: { beneficiaryId, permission, products: products.join(', ') } as Input,
    action: (v: Input) => setPermissionAction(v),
  });
  const chosen = form.watch('permission') as Permission;
  const { errors } = form.formState;
  const choice = (value: Permission) => (
    <ChoiceCard name={`permission-${beneficiaryId}`} value={value} checked={chosen === value} onChoose={() => form.setValue('permission', value)}>
      <span className="flex flex-col py-2">
        <span className="font-semibold">{t(`permissions.${value}`)}</span>
        <span className="text-xs text-muted">{t(`permissionHints.${value}`)}</span>
      </span>
    </ChoiceCard>
  );
  return (
    <form onSubmit={onSubmit} noValidate className="flex flex-col gap-4" data-testid="permission-form">
      <fieldset className="grid gap-2 md:grid-cols-3">
        <legend className="mb-2 text-sm font-medium">{t('permission')}</legend>
        {choice('all')}
        {choice('products')}
        {choice('none')}
      </fieldset>
      {chosen === 'products' && (
        <Field
          {...form.register('products')}
          label={t('products')}
          hint={t('productsHint')}
          error={msg(errors.products?.message)}
          dir="ltr"
          autoComplete="off"
        />
      )}
      <div className="flex flex-wrap items-center gap-3">
        <Button type="submit" pending={pending} data-testid="save-permission">
          {t('savePermission')}
        </Button>
        <OutcomeNotice error={msg(formErrorKey)} done={saved ? t('permissionSaved') : null} testId="permission-outcome" />
      </div>
    </form>
  );
}
