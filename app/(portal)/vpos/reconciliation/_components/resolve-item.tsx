'use client';

import { useTranslations } from 'next-intl';
import { useRouter } from 'next/navigation';
import type { z } from 'zod';
import { useActionForm } from '@/components/forms/use-action-form';
import { Button } from '@/components/ui/button';
import { Field } from '@/components/ui/field';
import { FormError } from '@/components/ui/notice';
import { vposReconResolveSchema } from '@/lib/vpos/schemas';
import { resolveReconItemAction } from '../actions';
import { useReconMessage } from './use-recon-message';

type Input = z.input<typeof vposReconResolveSchema>;

/**
 * Resolves one finding with a reason: a bank-only approved sale may be entered by hand (recorded
 * once, with the bank's transaction code); any finding may be marked resolved.
 */
export function ResolveItem({ itemId, enterable }: { itemId: string; enterable: boolean }) {
  const t = useTranslations('vposRecon');
  const msg = useReconMessage();
  const router = useRouter();
  const { form, submit, intent, formErrorKey } = useActionForm<typeof vposReconResolveSchema, undefined, 'enter' | 'note'>({
    schema: vposReconResolveSchema,
    defaultValues: { itemId, how: 'note', reason: '' } satisfies Input,
    action: (v: Input) => resolveReconItemAction(v),
    onSuccess: () => router.refresh(),
  });
  const { errors } = form.formState;
  return (
    <form onSubmit={(e) => e.preventDefault()} noValidate className="flex w-full min-w-0 flex-col gap-2 md:min-w-64" data-testid="recon-resolve">
      <FormError>{msg(formErrorKey)}</FormError>
      <input type="hidden" {...form.register('itemId')} />
      <Field {...form.register('reason')} label={t('reason')} hint={t('reasonHint')} error={msg(errors.reason?.message)} autoComplete="off" />
      <div className="flex flex-wrap gap-2">
        {enterable && (
          <Button
            type="button"
            className="min-h-10 px-3"
            pending={intent === 'enter'}
            disabled={intent !== null}
            onClick={submit('enter', { how: 'enter' })}
            data-testid="recon-enter"
          >
            {t('enter')}
          </Button>
        )}
        <Button
          type="button"
          variant="secondary"
          className="min-h-10 px-3"
          pending={intent === 'note'}
          disabled={intent !== null}
          onClick={submit('note', { how: 'note' })}
          data-testid="recon-note"
        >
          {t('markResolved')}
        </Button>
      </div>
    </form>
  );
}
