'use client';

import { useTranslations } from 'next-intl';
import { useRouter } from 'next/navigation';
import { useState, useTransition } from 'react';
import { SecretReveal } from '@/components/services/secret-reveal';
import { Button } from '@/components/ui/button';
import { Field } from '@/components/ui/field';
import { Notice } from '@/components/ui/notice';
import { webhookUrlSchema } from '@/lib/validation/platforms';
import { setWebhookAction } from '../../services/actions';

/** The webhook URL and its signing secret (shown once when made or rolled). */
export function WebhookSettings({ platformId, url: initial }: { platformId: string; url: string | null }) {
  const t = useTranslations('services');
  const te = useTranslations('errors');
  const router = useRouter();
  const [url, setUrl] = useState(initial ?? '');
  const [error, setError] = useState<string | undefined>();
  const [secret, setSecret] = useState<string | null>(null);
  const [note, setNote] = useState<string | null>(null);
  const [pending, start] = useTransition();
  const save = (roll: boolean) => {
    const parsed = webhookUrlSchema.safeParse(url.trim());
    if (!parsed.success) {
      setError(te(parsed.error.issues[0].message));
      return;
    }
    setError(undefined);
    start(async () => {
      const r = await setWebhookAction(platformId, parsed.data, roll);
      if (!r.ok) setError(te.has(r.fieldErrors?.url ?? r.error ?? '') ? te((r.fieldErrors?.url ?? r.error)!) : te('unknown'));
      else {
        setSecret(r.data?.secret ?? null);
        setNote(t('saved'));
        router.refresh();
      }
    });
  };
  return (
    <div className="flex flex-col gap-4">
      {secret && <SecretReveal label={t('webhookSecret')} secret={secret} />}
      <Field
        name="webhookUrl"
        label={t('webhookUrl')}
        hint={t('webhookHint')}
        dir="ltr"
        type="url"
        value={url}
        onChange={(e) => setUrl(e.target.value)}
        error={error}
        maxLength={300}
      />
      <div className="flex flex-wrap gap-3">
        <Button type="button" pending={pending} onClick={() => save(false)}>
          {t('saveWebhook')}
        </Button>
        {initial && (
          <Button type="button" variant="secondary" pending={pending} onClick={() => save(true)}>
            {t('rollSecret')}
          </Button>
        )}
      </div>
      <Notice tone="success">{note}</Notice>
    </div>
  );
}
