'use client';

import { useTranslations } from 'next-intl';
import type { z } from 'zod';
import { useSavedForm } from '@/components/forms/use-saved-form';
import { Button } from '@/components/ui/button';
import { Field } from '@/components/ui/field';
import { Notice } from '@/components/ui/notice';
import type { Result } from '@/lib/result';
import { payoutRulesSchema } from '@/lib/payouts/staff-schemas';

type Input = z.input<typeof payoutRulesSchema>;

/** The limits per request, the daily cap per merchant and the transfer fee, in Rials. */
export function RulesForm({ current, action }: { current: Record<keyof Input, string>; action: (input: Input) => Promise<Result> }) {
  const t = useTranslations('adminPayouts');
  const { form, onSubmit, formError, message, pending, saved } = useSavedForm({ schema: payoutRulesSchema, defaultValues: current, action });
  const { errors } = form.formState;
  const field = (name: keyof Input, hint?: string) => (
    <Field {...form.register(name)} label={t(`rules.${name}`)} hint={hint} digits error={message(errors[name]?.message)} />
  );
  return (
    <form noValidate onSubmit={(e) => void onSubmit(e)} className="grid max-w-xl gap-4">
      {field('min')}
      {field('max')}
      {field('dailyCap', t('rules.dailyCapHint'))}
      {field('fee', t('rules.feeHint'))}
      <div>
        <Button type="submit" pending={pending}>
          {t('rules.save')}
        </Button>
      </div>
      <Notice tone={formError ? 'error' : 'success'} testId="rules-note">
        {formError ?? (saved ? t('rules.saved') : null)}
      </Notice>
    </form>
  );
}
