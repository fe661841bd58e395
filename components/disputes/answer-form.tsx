'use client';

import { useTranslations } from 'next-intl';
import { useRouter } from 'next/navigation';
import type { z } from 'zod';
import { useSavedForm } from '@/components/forms/use-saved-form';
import { Button } from '@/components/ui/button';
import { FileField, postFile } from '@/components/ui/file-field';
import { Notice } from '@/components/ui/notice';
import { TextareaField } from '@/components/ui/textarea-field';
import { answerDisputeSchema } from '@/lib/disputes/schemas';
import { EvidenceList } from './evidence-list';
import type { Result } from '@/lib/result';

type Input = z.input<typeof answerDisputeSchema>;

/** The merchant's answer to the bank: text, and evidence files sent one by one (PDF or photos, five at most). */
export function AnswerForm({
  disputeId,
  answer,
  files,
  maxFiles,
  action,
}: {
  disputeId: string;
  answer: string;
  files: { name: string; href: string }[];
  maxFiles: number;
  action: (input: Input) => Promise<Result<unknown>>;
}) {
  const t = useTranslations('disputes');
  const te = useTranslations('errors');
  const router = useRouter();
  const { form, onSubmit, formError, message, pending, saved } = useSavedForm({ schema: answerDisputeSchema, defaultValues: { disputeId, answer }, action });
  const upload = async (file: File) => {
    const r = await postFile(`/api/disputes/${disputeId}/evidence`, { file });
    if (r.ok) router.refresh();
    return r.ok ? ({ ok: true } as const) : ({ ok: false, error: te.has(r.code) ? te(r.code) : te('unknown') } as const);
  };
  return (
    <div className="flex flex-col gap-5">
      <div className="flex flex-col gap-2">
        <FileField
          name="evidence"
          label={t('evidence')}
          hint={t('evidenceHint', { max: maxFiles })}
          accept="application/pdf,image/png,image/jpeg"
          upload={upload}
          readOnly={files.length >= maxFiles}
          chooseLabel={t('addFile')}
          doneText={t('fileAdded')}
          current={files.length > 0 ? <EvidenceList files={files} /> : undefined}
        />
      </div>
      <form onSubmit={onSubmit} noValidate className="flex flex-col gap-4" data-testid="answer-form">
        <Notice tone={saved ? 'success' : 'error'} testId="answer-notice">
          {saved ? t('answerSaved') : formError}
        </Notice>
        <TextareaField
          {...form.register('answer')}
          label={t('answer')}
          hint={t('answerHint')}
          rows={6}
          error={message(form.formState.errors.answer?.message)}
        />
        <div>
          <Button type="submit" pending={pending} data-testid="answer-submit">
            {t('sendAnswer')}
          </Button>
        </div>
      </form>
    </div>
  );
}
