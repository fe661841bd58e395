'use client';

import { useTranslations } from 'next-intl';
import { useState } from 'react';
import type { z } from 'zod';
import { useActionForm } from '@/components/forms/use-action-form';
import { Button } from '@/components/ui/button';
import { Field } from '@/components/ui/field';
import { FormError } from '@/components/ui/notice';
import { SelectField } from '@/components/ui/select-field';
import { vposPayLinkSchema } from '@/lib/vpos/schemas';
import type { ActionFn } from './types';
import type { CollectDefinition } from './collect-form';
import { useVposMessage } from './use-vpos-message';

type Input = z.input<typeof vposPayLinkSchema>;
export type PayLinkMade = { paymentId: string; trackingCode: string; url: string };

const empty = (definitionId: string): Input => ({ definitionId, amount: '', customerName: '', customerPhone: '', description: '' });

/**
 * The card-free way to collect on the phone: a link to N Kolay's own payment page for this amount,
 * for the agent to send the customer (copy, or by e-mail). The agent never hears the card, so this
 * path stays out of PCI DSS scope.
 */
export function PayLinkForm({ definitions, create }: { definitions: CollectDefinition[]; create: ActionFn<Input, PayLinkMade> }) {
  const t = useTranslations('vpos.payLink');
  const tc = useTranslations('vpos.collect');
  const msg = useVposMessage();
  const [made, setMade] = useState<PayLinkMade | null>(null);
  const [copied, setCopied] = useState(false);
  const { form, onSubmit, formErrorKey, pending } = useActionForm({
    schema: vposPayLinkSchema,
    defaultValues: empty(definitions[0].id),
    action: (v: Input) => create(v),
    onSuccess: (data) => {
      if (data) setMade(data);
    },
  });
  const { errors } = form.formState;

  if (made) {
    return (
      <section className="flex flex-col gap-4" data-testid="pay-link-made" aria-live="polite">
        <p className="text-sm font-semibold">{t('made', { code: made.trackingCode })}</p>
        <p dir="ltr" className="break-all rounded-lg border border-slate-200 bg-slate-50 p-3 font-mono text-sm" data-testid="pay-link-url">
          {made.url}
        </p>
        <div className="flex flex-wrap gap-3">
          <Button
            type="button"
            variant="secondary"
            onClick={async () => {
              await navigator.clipboard?.writeText(made.url).catch(() => undefined);
              setCopied(true);
            }}
            data-testid="pay-link-copy"
          >
            {copied ? t('copied') : t('copy')}
          </Button>
          <a
            href={`mailto:?subject=${encodeURIComponent(t('mailSubject'))}&body=${encodeURIComponent(made.url)}`}
            className="inline-flex min-h-11 items-center rounded-lg border border-slate-300 bg-white px-4 text-sm font-semibold hover:bg-slate-50"
          >
            {t('email')}
          </a>
          <Button
            type="button"
            onClick={() => {
              form.reset(empty(form.getValues('definitionId')));
              setMade(null);
              setCopied(false);
            }}
          >
            {t('another')}
          </Button>
        </div>
      </section>
    );
  }

  return (
    <form onSubmit={onSubmit} noValidate className="flex flex-col gap-4" data-testid="pay-link-form">
      <FormError>{msg(formErrorKey)}</FormError>
      {definitions.length > 1 ? (
        <SelectField
          {...form.register('definitionId')}
          label={tc('definition')}
          error={msg(errors.definitionId?.message)}
          options={definitions.map((d) => ({ value: d.id, label: `${d.name} — ${d.company}` }))}
        />
      ) : (
        <input type="hidden" {...form.register('definitionId')} />
      )}
      <div className="grid gap-4 sm:grid-cols-2">
        <Field {...form.register('amount')} label={tc('amount')} hint={tc('amountHint')} error={msg(errors.amount?.message)} digits autoComplete="off" />
        <Field {...form.register('customerName')} label={tc('customerName')} error={msg(errors.customerName?.message)} autoComplete="off" maxLength={120} />
        <Field
          {...form.register('customerPhone')}
          label={tc('customerPhone')}
          hint={tc('customerPhoneHint')}
          error={msg(errors.customerPhone?.message)}
          type="tel"
          dir="ltr"
          autoComplete="off"
        />
        <Field {...form.register('description')} label={tc('description')} error={msg(errors.description?.message)} autoComplete="off" maxLength={200} />
      </div>
      <Button type="submit" pending={pending} className="self-start" data-testid="pay-link-create">
        {t('create')}
      </Button>
    </form>
  );
}
