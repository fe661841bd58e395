'use client';

import { useTranslations } from 'next-intl';
import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { useActionForm } from '@/components/forms/use-action-form';
import { SecretReveal } from '@/components/services/secret-reveal';
import { Button } from '@/components/ui/button';
import { Field } from '@/components/ui/field';
import { Notice } from '@/components/ui/notice';
import { setWebhookSchema } from '@/lib/validation/platforms';
import { setWebhookAction } from '../../services/actions';

/** The webhook URL and its signing secret (shown once when made or rolled). */
export function WebhookSettings({ platformId, url: initial }: { platformId: string; url: string | null }) {
  const t = useTranslations('services');
  const tp = useTranslations('platformTabs');
  const router = useRouter();
  const [secret, setSecret] = useState<string | null>(null);
  const [saved, setSaved] = useState(false);
  const { form, onSubmit, formError, message, pending } = useActionForm({
    schema: setWebhookSchema,
    defaultValues: { platformId, url: initial ?? '', rollSecret: false },
    action: setWebhookAction,
    onSuccess: (data) => {
      setSecret(data?.secret ?? null);
      setSaved(true);
      router.refresh();
    },
  });
  const save = (rollSecret: boolean) => {
    setSaved(false);
    form.setValue('rollSecret', rollSecret);
    return onSubmit();
  };
  return (
    <div className="flex flex-col gap-4">
      {/* The new signing secret in its own panel, outside the form it came from. */}
      {secret && <SecretReveal label={t('webhookSecret')} secret={secret} onDismiss={() => setSecret(null)} dismissText={tp('dismiss')} />}
      <form
        noValidate
        className="flex flex-col gap-4"
        onSubmit={(e) => {
          e.preventDefault();
          return save(false);
        }}
      >
        <Field
          {...form.register('url')}
          label={t('webhookUrl')}
          hint={t('webhookHint')}
          dir="ltr"
          type="url"
          error={message(form.formState.errors.url?.message)}
          maxLength={300}
        />
        <div className="flex flex-wrap gap-3">
          <Button type="submit" pending={pending}>
            {t('saveWebhook')}
          </Button>
          {initial && (
            <Button type="button" variant="secondary" pending={pending} onClick={() => save(true)}>
              {t('rollSecret')}
            </Button>
          )}
        </div>
        <Notice tone="error">{formError}</Notice>
        <Notice tone="success">{saved ? t('saved') : null}</Notice>
      </form>
    </div>
  );
}
