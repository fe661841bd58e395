'use client';

import { useTranslations } from 'next-intl';
import { useState } from 'react';
import { useSavedForm } from '@/components/forms/use-saved-form';
import { Button } from '@/components/ui/button';
import { Field } from '@/components/ui/field';
import { FormError, Notice } from '@/components/ui/notice';
import { SelectField } from '@/components/ui/select-field';
import { OPERATORS } from '@/lib/topup/provider';
import { toAsciiDigits } from '@/lib/validation/digits';
import { commissionSchema } from '@/lib/topup/schemas';
import { setCommissionAction } from '../actions';

const KINDS = ['direct', 'wonderful', 'shoorangiz', 'pin', 'package'] as const;

/** Staff set the merchants' share of the margin for one operator and kind, as a percent. */
export function CommissionForm() {
  const t = useTranslations('adminTopup');
  const tt = useTranslations('topup');
  const [last, setLast] = useState<string | null>(null);
  const { form, onSubmit, formError, message, pending, saved } = useSavedForm({
    schema: commissionSchema,
    defaultValues: { operator: 'mci', kind: 'direct', percent: '' as unknown as number },
    action: async (v) => {
      setLast(`${tt(`operators.${v.operator}`)} · ${tt(`kinds.${v.kind}`)}`);
      return setCommissionAction(v);
    },
  });
  const { errors } = form.formState;
  const fieldMessage = (key: string | undefined) => (key && t.has(`errors.${key}`) ? t(`errors.${key}`) : message(key));
  return (
    <form noValidate onSubmit={onSubmit} className="grid gap-4 sm:grid-cols-[1fr_1fr_1fr_auto] sm:items-start" data-testid="commission-form">
      <SelectField {...form.register('operator')} id="commission-operator" label={t('commissions.operator')} error={fieldMessage(errors.operator?.message)}>
        {OPERATORS.map((o) => (
          <option key={o} value={o}>
            {tt(`operators.${o}`)}
          </option>
        ))}
      </SelectField>
      <SelectField {...form.register('kind')} id="commission-kind" label={t('commissions.kind')} error={fieldMessage(errors.kind?.message)}>
        {KINDS.map((k) => (
          <option key={k} value={k}>
            {tt(`kinds.${k}`)}
          </option>
        ))}
      </SelectField>
      <Field
        {...form.register('percent', {
          // Persian digits and decimal mark welcome; blank stays blank (the schema would read it as 0).
          setValueAs: (v: unknown) => {
            const s = toAsciiDigits(String(v ?? ''))
              .replace('٫', '.')
              .trim();
            return s === '' ? undefined : s;
          },
        })}
        id="commission-percent"
        label={t('commissions.percent')}
        hint={t('commissions.percentHint')}
        inputMode="decimal"
        dir="ltr"
        error={fieldMessage(errors.percent?.message)}
      />
      <div className="sm:pt-7">
        <Button type="submit" pending={pending}>
          {t('commissions.save')}
        </Button>
      </div>
      <div className="sm:col-span-4">
        <FormError>{formError ? fieldMessage(formError) : null}</FormError>
        <Notice tone="success" testId="commission-saved">
          {saved && last ? t('commissions.saved', { what: last }) : null}
        </Notice>
      </div>
    </form>
  );
}
