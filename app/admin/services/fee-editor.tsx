'use client';

import { useTranslations } from 'next-intl';
import { useState } from 'react';
import { useActionForm } from '@/components/forms/use-action-form';
import { Button } from '@/components/ui/button';
import { Field } from '@/components/ui/field';
import { Notice } from '@/components/ui/notice';
import { setFeeSchema } from '@/lib/services/schemas';
import { setFeeAction } from './actions';

type Values = { percent: string; fixed: string; min: string; max: string };

/** One service's fee: percent, fixed part, minimum and maximum; saving proposes a change a second operations member approves. */
export function FeeEditor({ serviceId, name, initial }: { serviceId: string; name: string; initial: Values }) {
  const t = useTranslations('adminServices');
  const ts = useTranslations('staff');
  const [done, setDone] = useState(false);
  const { form, onSubmit, formError, message, pending } = useActionForm({
    schema: setFeeSchema,
    defaultValues: { serviceId, ...initial },
    action: setFeeAction,
    onSuccess: () => setDone(true),
  });
  const { errors } = form.formState;
  const field = (k: keyof Values, inputMode: 'decimal' | 'numeric') => (
    <Field id={`${serviceId}-${k}`} {...form.register(k)} label={t(k)} inputMode={inputMode} dir="ltr" error={message(errors[k]?.message)} />
  );
  return (
    <form
      noValidate
      className="grid items-start gap-3 sm:grid-cols-[8rem_repeat(4,minmax(0,1fr))_auto]"
      data-testid={`fee-${serviceId}`}
      onSubmit={(e) => {
        setDone(false);
        return onSubmit(e);
      }}
    >
      <p className="pt-9 text-sm font-semibold sm:pt-9">{name}</p>
      {field('percent', 'decimal')}
      {field('fixed', 'numeric')}
      {field('min', 'numeric')}
      {field('max', 'numeric')}
      <div className="flex flex-col gap-2 sm:pt-7">
        <Button type="submit" variant="secondary" pending={pending}>
          {t('saveFee')}
        </Button>
        <Notice tone="success">{done ? ts('feeProposed') : null}</Notice>
        <Notice tone="error">{formError}</Notice>
      </div>
    </form>
  );
}
