'use client';

import { useTranslations } from 'next-intl';
import { useRouter } from 'next/navigation';
import { useState } from 'react';
import type { z } from 'zod';
import { addBeneficiaryAction } from '@/app/(portal)/split/actions';
import { useActionForm } from '@/components/forms/use-action-form';
import { useSplitMessage } from '@/components/split/use-split-message';
import { Button } from '@/components/ui/button';
import { ChoiceCard } from '@/components/ui/choice-card';
import { Field } from '@/components/ui/field';
import { OutcomeNotice } from '@/components/ui/notice';
import { addBeneficiarySchema } from '@/lib/split/schemas';

type Input = z.input<typeof addBeneficiarySchema>;
type Values = {
  marketplaceId: string;
  kind: 'merchant' | 'sub_business';
  mobile: string;
  displayName: string;
  nationalId: string;
  sheba: string;
  guildCode: string;
};

/**
 * Adds a beneficiary: invite a merchant by mobile (it accepts from its own portal; nothing here
 * says whether the number has an account), or register a sub-business with its identity and sheba.
 */
export function AddBeneficiaryForm({ marketplaceId }: { marketplaceId: string }) {
  const t = useTranslations('split.beneficiaries');
  const msg = useSplitMessage();
  const router = useRouter();
  const [done, setDone] = useState<string | null>(null);
  const empty: Values = { marketplaceId, kind: 'merchant', mobile: '', displayName: '', nationalId: '', sheba: '', guildCode: '' };
  const { form, onSubmit, formErrorKey, pending } = useActionForm({
    schema: addBeneficiarySchema,
    defaultValues: empty as unknown as Input,
    action: (v: Input) => {
      setDone(null);
      return addBeneficiaryAction(v);
    },
    onSuccess: (data) => {
      const kind = form.getValues('kind');
      setDone(data?.state === 'active' ? t('addedSubBusiness') : t('addedInvited'));
      form.reset({ ...empty, kind } as unknown as Input);
      router.refresh();
    },
  });
  const kind = form.watch('kind');
  // The two kinds share some fields; react-hook-form knows the union's fields by name only.
  const errors = form.formState.errors as Partial<Record<keyof Values, { message?: string }>>;
  const reg = (name: keyof Values) => form.register(name as never);
  return (
    <form onSubmit={onSubmit} noValidate className="flex flex-col gap-5" data-testid="add-beneficiary-form">
      <input type="hidden" {...reg('marketplaceId')} />
      <fieldset className="grid gap-3 sm:grid-cols-2">
        <legend className="mb-2 text-sm font-medium">{t('kind')}</legend>
        <ChoiceCard name="kind" value="merchant" checked={kind === 'merchant'} onChoose={() => form.setValue('kind', 'merchant')}>
          <span className="flex flex-col py-2">
            <span className="font-semibold">{t('kinds.merchant')}</span>
            <span className="text-xs text-muted">{t('kindHints.merchant')}</span>
          </span>
        </ChoiceCard>
        <ChoiceCard name="kind" value="sub_business" checked={kind === 'sub_business'} onChoose={() => form.setValue('kind', 'sub_business')}>
          <span className="flex flex-col py-2">
            <span className="font-semibold">{t('kinds.sub_business')}</span>
            <span className="text-xs text-muted">{t('kindHints.sub_business')}</span>
          </span>
        </ChoiceCard>
      </fieldset>
      <div className="grid gap-5 sm:grid-cols-2">
        <Field
          {...reg('displayName')}
          label={kind === 'merchant' ? t('displayName') : t('businessName')}
          error={msg(errors.displayName?.message)}
          autoComplete="off"
        />
        <Field {...reg('mobile')} label={t('mobile')} error={msg(errors.mobile?.message)} autoComplete="off" digits />
        {kind === 'sub_business' && (
          <>
            <Field
              {...reg('nationalId')}
              label={t('nationalId')}
              hint={t('nationalIdHint')}
              error={msg(errors.nationalId?.message)}
              autoComplete="off"
              digits
            />
            <Field {...reg('sheba')} label={t('sheba')} hint={t('shebaHint')} error={msg(errors.sheba?.message)} dir="ltr" autoComplete="off" />
          </>
        )}
        <Field {...reg('guildCode')} label={t('guildCode')} hint={t('guildCodeHint')} error={msg(errors.guildCode?.message)} dir="ltr" autoComplete="off" />
      </div>
      <div className="flex flex-wrap items-center gap-3">
        <Button type="submit" pending={pending} data-testid="add-beneficiary">
          {kind === 'merchant' ? t('invite') : t('register')}
        </Button>
        <OutcomeNotice error={msg(formErrorKey)} done={done} testId="add-beneficiary-outcome" />
      </div>
    </form>
  );
}
