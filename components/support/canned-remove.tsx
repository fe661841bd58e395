'use client';

import { useTranslations } from 'next-intl';
import { useRouter } from 'next/navigation';
import { useActionForm } from '@/components/forms/use-action-form';
import { Button } from '@/components/ui/button';
import { FormError } from '@/components/ui/notice';
import type { Result } from '@/lib/result';
import { removeCannedSchema } from '@/lib/support/schemas';

/** Removes a saved answer. */
export function CannedRemove({ id, action }: { id: string; action: (input: { id: string }) => Promise<Result<unknown>> }) {
  const t = useTranslations('adminSupport');
  const router = useRouter();
  const { onSubmit, formError, pending } = useActionForm({ schema: removeCannedSchema, defaultValues: { id }, action, onSuccess: () => router.refresh() });
  return (
    <form onSubmit={onSubmit} noValidate>
      <FormError>{formError}</FormError>
      <Button type="submit" variant="danger" pending={pending}>
        {t('cannedRemove')}
      </Button>
    </form>
  );
}
