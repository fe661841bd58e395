'use client';

import { useTranslations } from 'next-intl';
import type { z } from 'zod';
import { saveMarketplaceSettingsAction } from '@/app/(portal)/split/actions';
import { useSavedForm } from '@/components/forms/use-saved-form';
import { useSplitMessage } from '@/components/split/use-split-message';
import { Button } from '@/components/ui/button';
import { Field } from '@/components/ui/field';
import { OutcomeNotice } from '@/components/ui/notice';
import { SelectField } from '@/components/ui/select-field';
import { marketplaceSettingsSchema } from '@/lib/split/schemas';

type Input = z.input<typeof marketplaceSettingsSchema>;

/** Who pays the facilitator's fee, and the rail the invoices run on (POD needs the guild code POD knows the marketplace by). */
export function MarketplaceSettingsForm({
  initial,
}: {
  initial: { platformId: string; feePayer: 'marketplace' | 'pro_rata'; rail: 'dargah' | 'pod'; podGuildCode: string };
}) {
  const t = useTranslations('split.settings');
  const msg = useSplitMessage();
  const { form, onSubmit, formErrorKey, pending, saved } = useSavedForm({
    schema: marketplaceSettingsSchema,
    defaultValues: initial as Input,
    action: (v: Input) => saveMarketplaceSettingsAction(v),
  });
  const { errors } = form.formState;
  const rail = form.watch('rail');
  return (
    <form onSubmit={onSubmit} noValidate className="flex flex-col gap-5" data-testid="split-settings-form">
      <input type="hidden" {...form.register('platformId')} />
      <div className="grid gap-5 sm:grid-cols-2">
        <SelectField
          {...form.register('feePayer')}
          label={t('feePayer')}
          hint={t('feePayerHint')}
          error={msg(errors.feePayer?.message)}
          options={[
            { value: 'marketplace', label: t('feePayers.marketplace') },
            { value: 'pro_rata', label: t('feePayers.pro_rata') },
          ]}
        />
        <SelectField
          {...form.register('rail')}
          label={t('rail')}
          hint={t('railHint')}
          error={msg(errors.rail?.message)}
          options={[
            { value: 'dargah', label: t('rails.dargah') },
            { value: 'pod', label: t('rails.pod') },
          ]}
        />
        {rail === 'pod' && (
          <Field
            {...form.register('podGuildCode')}
            label={t('podGuildCode')}
            hint={t('podGuildCodeHint')}
            error={msg(errors.podGuildCode?.message)}
            dir="ltr"
            autoComplete="off"
          />
        )}
      </div>
      <div className="flex flex-wrap items-center gap-3">
        <Button type="submit" pending={pending} data-testid="save-split-settings">
          {t('save')}
        </Button>
        <OutcomeNotice error={msg(formErrorKey)} done={saved ? t('saved') : null} testId="settings-outcome" />
      </div>
    </form>
  );
}
