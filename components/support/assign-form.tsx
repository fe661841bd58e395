'use client';

import { useTranslations } from 'next-intl';
import { useRouter } from 'next/navigation';
import { useActionForm } from '@/components/forms/use-action-form';
import { Button } from '@/components/ui/button';
import { FormError } from '@/components/ui/notice';
import { SelectField } from '@/components/ui/select-field';
import type { Result } from '@/lib/result';
import { assignSchema, type AssignInput } from '@/lib/support/schemas';

/** Staff hand the ticket to a colleague of the support role. */
export function AssignForm({
  ticketId,
  current,
  people,
  action,
}: {
  ticketId: string;
  current: string | null;
  people: { id: string; name: string }[];
  action: (input: AssignInput) => Promise<Result<unknown>>;
}) {
  const t = useTranslations('adminSupport');
  const router = useRouter();
  const { form, onSubmit, formError, message, pending } = useActionForm({
    schema: assignSchema,
    defaultValues: { ticketId, assigneeId: current ?? '' },
    action,
    onSuccess: () => router.refresh(),
  });
  return (
    <form onSubmit={onSubmit} noValidate className="flex flex-col gap-2" data-testid="assign-form">
      <FormError>{formError}</FormError>
      <SelectField
        {...form.register('assigneeId')}
        label={t('assignTo')}
        emptyLabel={t('me')}
        options={people.map((p) => ({ value: p.id, label: p.name }))}
        error={message(form.formState.errors.assigneeId?.message)}
      />
      <div>
        <Button type="submit" variant="secondary" pending={pending}>
          {t('assign')}
        </Button>
      </div>
    </form>
  );
}
