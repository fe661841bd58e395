'use client';

import { useTranslations } from 'next-intl';
import { useRouter } from 'next/navigation';
import { useActionForm } from '@/components/forms/use-action-form';
import { Button } from '@/components/ui/button';
import { Notice } from '@/components/ui/notice';
import { approveBatchSchema } from '@/lib/staff/schemas';
import { approveBatchAction } from '../../actions';
import { TwoFactorStepUp } from '@/components/two-factor/step-up';
import { stepUpAction } from '@/app/(auth)/login/two-factor/actions';

/** The second finance approval of a large batch; the server refuses its builder with a message saying why. */
export function ApproveBatch({ batchId }: { batchId: string }) {
  const t = useTranslations('staff');
  const router = useRouter();
  const { onSubmit, formError, formErrorKey, pending } = useActionForm({
    schema: approveBatchSchema,
    defaultValues: { batchId },
    action: (v) => approveBatchAction(v),
    onSuccess: () => router.refresh(),
  });
  return (
    <>
      <form noValidate onSubmit={(e) => void onSubmit(e)} className="flex flex-col gap-2" data-testid="approve-batch">
        <div>
          <Button type="submit" pending={pending}>
            {t('approveBatch')}
          </Button>
        </div>
        <Notice tone="error">{formError}</Notice>
      </form>
      {formErrorKey === 'twoFactorStale' && <TwoFactorStepUp action={stepUpAction} onVerified={onSubmit} />}
    </>
  );
}
