'use client';

import { useTranslations } from 'next-intl';
import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { useActionForm } from '@/components/forms/use-action-form';
import { Button } from '@/components/ui/button';
import { Notice } from '@/components/ui/notice';
import { TextareaField } from '@/components/ui/textarea-field';
import type { ActionResult } from '@/lib/actions/result';
import { answerInquirySchema, inquiryIdSchema } from '@/lib/support/inquiries-schema';
import type { z } from 'zod';

type AnswerInput = z.input<typeof answerInquirySchema>;
type IdInput = z.input<typeof inquiryIdSchema>;

/** The answer to a payer's inquiry (merchant or staff): it goes to the payer by SMS. */
export function InquiryAnswerForm({
  id,
  action,
  label,
  hint,
}: {
  id: string;
  action: (v: AnswerInput) => Promise<ActionResult<undefined>>;
  label?: string;
  hint?: string;
}) {
  const t = useTranslations('inquiries');
  const router = useRouter();
  const [sent, setSent] = useState(false);
  const { form, onSubmit, formErrorKey, message, pending } = useActionForm({
    schema: answerInquirySchema,
    defaultValues: { id, answer: '' },
    action,
    onSuccess: () => {
      setSent(true);
      router.refresh();
    },
  });
  const msg = (key: string | undefined | null) => (key && t.has(`errors.${key}`) ? t(`errors.${key}` as 'errors.notOpen') : message(key));
  return (
    <form onSubmit={onSubmit} noValidate className="flex flex-col gap-4" data-testid="inquiry-answer-form">
      <Notice tone={sent ? 'success' : 'error'} testId="inquiry-answer-notice">
        {sent ? t('sent') : msg(formErrorKey)}
      </Notice>
      <TextareaField
        {...form.register('answer')}
        label={label ?? t('answer')}
        hint={hint ?? t('answerHint')}
        rows={5}
        error={msg(form.formState.errors.answer?.message)}
        required
      />
      <div>
        <Button type="submit" pending={pending} data-testid="inquiry-answer-submit">
          {t('send')}
        </Button>
      </div>
    </form>
  );
}

/** Closes an inquiry (open or answered). */
export function InquiryCloseButton({ id, action }: { id: string; action: (v: IdInput) => Promise<ActionResult<undefined>> }) {
  const t = useTranslations('inquiries');
  const router = useRouter();
  const { onSubmit, formErrorKey, message, pending } = useActionForm({
    schema: inquiryIdSchema,
    defaultValues: { id },
    action,
    onSuccess: () => router.refresh(),
  });
  const error = formErrorKey && t.has(`errors.${formErrorKey}`) ? t(`errors.${formErrorKey}` as 'errors.notOpen') : message(formErrorKey);
  return (
    <form onSubmit={onSubmit} noValidate className="flex flex-col gap-2">
      <Notice tone="error" testId="inquiry-close-error">
        {error}
      </Notice>
      <div>
        <Button type="submit" variant="secondary" pending={pending} data-testid="inquiry-close">
          {t('close')}
        </Button>
      </div>
    </form>
  );
}
