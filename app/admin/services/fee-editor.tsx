'use client';

import { useTranslations } from 'next-intl';
import { useState } from 'react';
import { Button } from '@/components/ui/button';
import { Field } from '@/components/ui/field';
import { Notice } from '@/components/ui/notice';
import { fieldErrorsOf } from '@/lib/validation/auth';
import { feeRuleSchema } from '@/lib/validation/payments';
import { setFeeAction } from './actions';

type Values = { percent: string; fixed: string; min: string; max: string };

/** One service's fee: percent, fixed part, minimum and maximum. */
export function FeeEditor({ serviceId, name, initial }: { serviceId: string; name: string; initial: Values }) {
  const t = useTranslations('adminServices');
  const te = useTranslations('errors');
  const [v, setV] = useState(initial);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [done, setDone] = useState(false);
  const [formError, setFormError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);
  const msg = (k?: string) => (k ? (te.has(k) ? te(k) : te('unknown')) : undefined);
  const set = (k: keyof Values) => (e: { target: { value: string } }) => setV((x) => ({ ...x, [k]: e.target.value }));
  return (
    <form
      noValidate
      className="grid items-start gap-3 sm:grid-cols-[8rem_repeat(4,minmax(0,1fr))_auto]"
      data-testid={`fee-${serviceId}`}
      onSubmit={async (e) => {
        e.preventDefault();
        setDone(false);
        setFormError(null);
        const parsed = feeRuleSchema.safeParse(v);
        if (!parsed.success) {
          setErrors(fieldErrorsOf(parsed.error));
          return;
        }
        setErrors({});
        setPending(true);
        try {
          const r = await setFeeAction(serviceId, v);
          if (r.ok) setDone(true);
          else {
            setErrors(r.fieldErrors ?? {});
            if (r.error) setFormError(msg(r.error)!);
          }
        } catch {
          setFormError(te('network'));
        }
        setPending(false);
      }}
    >
      <p className="pt-9 text-sm font-semibold sm:pt-9">{name}</p>
      <Field
        id={`${serviceId}-percent`}
        name="percent"
        label={t('percent')}
        inputMode="decimal"
        dir="ltr"
        value={v.percent}
        onChange={set('percent')}
        error={msg(errors.percent)}
      />
      <Field
        id={`${serviceId}-fixed`}
        name="fixed"
        label={t('fixed')}
        inputMode="numeric"
        dir="ltr"
        value={v.fixed}
        onChange={set('fixed')}
        error={msg(errors.fixed)}
      />
      <Field id={`${serviceId}-min`} name="min" label={t('min')} inputMode="numeric" dir="ltr" value={v.min} onChange={set('min')} error={msg(errors.min)} />
      <Field id={`${serviceId}-max`} name="max" label={t('max')} inputMode="numeric" dir="ltr" value={v.max} onChange={set('max')} error={msg(errors.max)} />
      <div className="flex flex-col gap-2 sm:pt-7">
        <Button type="submit" variant="secondary" pending={pending}>
          {t('saveFee')}
        </Button>
        <Notice tone="success">{done ? t('feeSaved') : null}</Notice>
        <Notice tone="error">{formError}</Notice>
      </div>
    </form>
  );
}
