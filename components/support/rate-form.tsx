'use client';

import { useLocale, useTranslations } from 'next-intl';
import { useRouter } from 'next/navigation';
import { useActionForm } from '@/components/forms/use-action-form';
import { Button } from '@/components/ui/button';
import { FormError } from '@/components/ui/notice';
import { TextareaField } from '@/components/ui/textarea-field';
import { localDigits } from '@/lib/date/format';
import type { Locale } from '@/lib/i18n/config';
import type { Result } from '@/lib/result';
import { rateSchema, type RateInput } from '@/lib/support/schemas';

/** The merchant's rating of a resolved ticket's answer: 1 to 5, and an optional comment. */
export function RateForm({ ticketId, action }: { ticketId: string; action: (input: RateInput) => Promise<Result<unknown>> }) {
  const t = useTranslations('support');
  const locale = useLocale() as Locale;
  const router = useRouter();
  const { form, onSubmit, formError, message, pending } = useActionForm({
    schema: rateSchema,
    defaultValues: { ticketId, rating: undefined as unknown as number, comment: '' },
    action,
    onSuccess: () => router.refresh(),
  });
  const errors = form.formState.errors;
  return (
    <form onSubmit={onSubmit} noValidate className="flex flex-col gap-4" data-testid="rate-form">
      <FormError>{formError}</FormError>
      <fieldset aria-describedby={errors.rating ? 'rating-error' : undefined}>
        <legend className="mb-1 text-sm font-medium text-ink">{t('rating')}</legend>
        <div className="flex flex-wrap gap-2">
          {[1, 2, 3, 4, 5].map((n) => (
            <label key={n} className="flex min-h-11 items-center gap-1.5 rounded-lg border border-slate-300 px-3 text-sm">
              <input type="radio" value={n} {...form.register('rating')} className="size-4" />
              {t('ratingStars', { n: localDigits(n, locale) })}
            </label>
          ))}
        </div>
        {errors.rating && (
          <p id="rating-error" className="mt-1 text-sm text-red-700">
            {message(errors.rating.message)}
          </p>
        )}
      </fieldset>
      <TextareaField {...form.register('comment')} label={t('ratingComment')} rows={3} error={message(errors.comment?.message)} />
      <div>
        <Button type="submit" pending={pending} data-testid="rate-submit">
          {t('rate')}
        </Button>
      </div>
    </form>
  );
}
