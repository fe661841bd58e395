'use client';

import { useRouter } from 'next/navigation';
import { useActionForm } from '@/components/forms/use-action-form';
import { Button } from '@/components/ui/button';
import { FormError } from '@/components/ui/notice';
import type { Result } from '@/lib/result';
import { ticketIdSchema } from '@/lib/support/schemas';

/** One button that moves a ticket (resolve, take); a refusal (someone else took it) shows beside it. */
export function TicketButton({
  ticketId,
  action,
  label,
  variant = 'secondary',
  testId,
}: {
  ticketId: string;
  action: (input: { ticketId: string }) => Promise<Result<unknown>>;
  label: string;
  variant?: 'primary' | 'secondary';
  testId?: string;
}) {
  const router = useRouter();
  const { onSubmit, formError, pending } = useActionForm({
    schema: ticketIdSchema,
    defaultValues: { ticketId },
    action,
    onSuccess: () => router.refresh(),
  });
  return (
    <form onSubmit={onSubmit} noValidate className="flex flex-col gap-2">
      <FormError>{formError}</FormError>
      <div>
        <Button type="submit" variant={variant} pending={pending} data-testid={testId}>
          {label}
        </Button>
      </div>
    </form>
  );
}
