'use client';

import { useTranslations } from 'next-intl';
import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { useActionForm } from '@/components/forms/use-action-form';
import { SecretReveal } from '@/components/services/secret-reveal';
import { Button } from '@/components/ui/button';
import { Field } from '@/components/ui/field';
import { FormError } from '@/components/ui/notice';
import { SelectField } from '@/components/ui/select-field';
import { TextareaField } from '@/components/ui/textarea-field';
import { addPlatformSchema, platformTypes } from '@/lib/validation/platforms';
import { addPlatformAction } from '../actions';

/** Add a sales platform, confirm it, and see its sandbox key this once. */
export function AddPlatformForm({ merchantServiceId }: { merchantServiceId: string }) {
  const t = useTranslations('services');
  const router = useRouter();
  const [confirming, setConfirming] = useState(false);
  const [created, setCreated] = useState<{ name: string; key: string } | null>(null);
  const empty = { merchantServiceId, type: 'website' as const, name: '', address: '', expectedMonthlyVolume: '', callbackUrls: '' };
  const { form, onSubmit, formError, message, pending } = useActionForm({
    schema: addPlatformSchema,
    defaultValues: empty,
    action: async (v) => {
      const r = await addPlatformAction(v);
      // A refusal sends the merchant back to the fields, where its errors show.
      if (!r.ok) setConfirming(false);
      return r;
    },
    onSuccess: (data, v) => {
      if (data) setCreated({ name: v.name, key: data.sandboxKey });
      form.reset(empty);
      setConfirming(false);
      router.refresh();
    },
  });
  const { errors } = form.formState;
  const types = platformTypes.map((p) => ({ value: p, label: t(`types.${p}`) }));
  const [type, name] = form.watch(['type', 'name']);

  return (
    <div className="flex flex-col gap-5">
      {created && <SecretReveal label={t('sandboxKeyFor', { name: created.name })} secret={created.key} />}
      <form
        noValidate
        className="grid gap-5 sm:grid-cols-2"
        onSubmit={async (e) => {
          e.preventDefault();
          // The server's schema, checked here first so mistakes show before the confirm step.
          if (await form.trigger()) setConfirming(true);
        }}
      >
        <SelectField {...form.register('type')} label={t('fields.type')} error={message(errors.type?.message)} options={types} />
        <Field {...form.register('name')} label={t('fields.name')} error={message(errors.name?.message)} maxLength={120} />
        <div className="sm:col-span-2">
          <Field
            {...form.register('address')}
            label={t('fields.address')}
            hint={t(`addressHint.${type}`)}
            error={message(errors.address?.message)}
            dir={type === 'shop' ? undefined : 'ltr'}
            maxLength={300}
          />
        </div>
        <Field
          {...form.register('expectedMonthlyVolume')}
          label={t('fields.volume')}
          hint={t('volumeHint')}
          digits
          error={message(errors.expectedMonthlyVolume?.message)}
          maxLength={30}
        />
        <TextareaField
          {...form.register('callbackUrls')}
          label={t('fields.callbackUrls')}
          hint={t('callbackHint')}
          dir="ltr"
          rows={3}
          maxLength={3000}
          // One message for the list: the resolver reports the first bad line at its index.
          error={message(errors.callbackUrls?.message ?? (errors.callbackUrls as { message?: string }[] | undefined)?.find(Boolean)?.message)}
        />
        <div className="sm:col-span-2 flex flex-col gap-3">
          <FormError>{formError}</FormError>
          {confirming ? (
            <div className="flex flex-col gap-3 rounded-xl border border-brand-100 bg-brand-50 p-4" data-testid="confirm-platform">
              <p className="text-sm">{t('confirmPlatform', { name: name || '—' })}</p>
              <div className="flex gap-3">
                <Button type="button" onClick={() => onSubmit()} pending={pending}>
                  {t('confirm')}
                </Button>
                <Button type="button" variant="secondary" onClick={() => setConfirming(false)} disabled={pending}>
                  {t('edit')}
                </Button>
              </div>
            </div>
          ) : (
            <Button type="submit" className="self-start">
              {t('addPlatform')}
            </Button>
          )}
        </div>
      </form>
    </div>
  );
}
