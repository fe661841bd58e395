'use client';

import { useTranslations } from 'next-intl';
import { useRouter } from 'next/navigation';
import { useActionForm } from '@/components/forms/use-action-form';
import { Button } from '@/components/ui/button';
import { Notice } from '@/components/ui/notice';
import { decidePlatformSchema } from '@/lib/validation/platforms';
import { decidePlatformAction } from './actions';

export function PlatformDecision({ platformId, mode }: { platformId: string; mode: 'decide' | 'suspend' }) {
  const t = useTranslations('adminPlatforms');
  const router = useRouter();
  const { form, onSubmit, formError, message, pending } = useActionForm({
    schema: decidePlatformSchema,
    defaultValues: { platformId, action: mode === 'decide' ? 'approve' : 'suspend', reason: '' },
    action: async (v) => {
      const r = await decidePlatformAction(v);
      // Refused or not, the list shows the platform as it now is (another staff member may have decided it).
      router.refresh();
      return r;
    },
  });
  const act = (verb: 'approve' | 'reject' | 'suspend') => {
    form.setValue('action', verb);
    return onSubmit();
  };
  const error = formError ?? message(form.formState.errors.reason?.message);
  return (
    <form noValidate className="mt-3 flex flex-col gap-2" onSubmit={(e) => e.preventDefault()}>
      <label htmlFor={`reason-${platformId}`} className="text-xs font-medium">
        {t('reason')}
      </label>
      <input
        id={`reason-${platformId}`}
        {...form.register('reason')}
        maxLength={1000}
        className="min-h-10 rounded-lg border border-slate-300 bg-white px-3 text-sm"
      />
      <div className="flex flex-wrap gap-2">
        {mode === 'decide' ? (
          <>
            <Button type="button" pending={pending} onClick={() => act('approve')}>
              {t('approve')}
            </Button>
            <Button type="button" variant="danger" pending={pending} onClick={() => act('reject')}>
              {t('reject')}
            </Button>
          </>
        ) : (
          <Button type="button" variant="danger" pending={pending} onClick={() => act('suspend')}>
            {t('suspend')}
          </Button>
        )}
      </div>
      <Notice tone="error">{error}</Notice>
    </form>
  );
}
