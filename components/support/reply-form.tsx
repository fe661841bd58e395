'use client';

import { useTranslations } from 'next-intl';
import { useRouter } from 'next/navigation';
import { useRef, useState } from 'react';
import { useActionForm } from '@/components/forms/use-action-form';
import { Button } from '@/components/ui/button';
import { Notice } from '@/components/ui/notice';
import { SelectField } from '@/components/ui/select-field';
import { TextareaField } from '@/components/ui/textarea-field';
import type { Result } from '@/lib/result';
import { MAX_ATTACHMENTS, replySchema, type ReplyInput } from '@/lib/support/schemas';
import { AttachmentPicker, type Picked } from './attachment-picker';

/**
 * A reply on a ticket (the merchant's, or staff's with the internal-note switch and the saved
 * answers). The same schema as the server's; files go up as they are picked.
 */
export function ReplyForm({
  ticketId,
  action,
  uploadUrl,
  typingUrl,
  staff,
}: {
  ticketId: string;
  action: (input: ReplyInput) => Promise<Result<unknown>>;
  uploadUrl: string;
  /** The live conversation's typing ping (POST), sent at most once per 3 s while writing. */
  typingUrl?: string;
  /** Staff's form: the saved answers and its words (given by the staff page, so the portal ships none of staff's). */
  staff?: {
    canned: { id: string; title: string; body: string }[];
    labels: { canned: string; cannedNone: string; body: string; internal: string; send: string };
  };
}) {
  const t = useTranslations('support');
  const router = useRouter();
  const [files, setFiles] = useState<Picked[]>([]);
  const [sent, setSent] = useState(false);
  const lastTyping = useRef(0);
  const typed = () => {
    if (!typingUrl || Date.now() - lastTyping.current < 3000) return;
    lastTyping.current = Date.now();
    void fetch(typingUrl, { method: 'POST' }).catch(() => {});
  };
  const { form, onSubmit, formError, message, pending } = useActionForm({
    schema: replySchema,
    defaultValues: { ticketId, body: '', internal: false, attachments: [] },
    action: (values) => {
      setSent(false);
      return action({ ...values, attachments: files.map((f) => f.id) });
    },
    onSuccess: () => {
      setSent(true);
      setFiles([]);
      form.reset({ ticketId, body: '', internal: false, attachments: [] });
      router.refresh();
    },
  });
  const errors = form.formState.errors;
  return (
    <form
      onSubmit={onSubmit}
      onInput={(e) => {
        // An internal note is not an answer: the merchant is not told that support is typing.
        const note = e.currentTarget.querySelector<HTMLInputElement>('input[name="internal"]')?.checked;
        if ((e.target as HTMLElement).getAttribute('name') === 'body' && !note) typed();
      }}
      noValidate
      className="flex flex-col gap-4"
      data-testid="reply-form"
    >
      <Notice tone={sent ? 'success' : 'error'} testId="reply-notice">
        {sent ? t('replySent') : formError}
      </Notice>
      {staff && staff.canned.length > 0 && (
        <SelectField
          name="canned"
          label={staff.labels.canned}
          emptyLabel={staff.labels.cannedNone}
          options={staff.canned.map((c) => ({ value: c.id, label: c.title }))}
          onChange={(e) => {
            const c = staff.canned.find((x) => x.id === e.target.value);
            if (c) form.setValue('body', form.getValues('body') ? `${form.getValues('body')}\n${c.body}` : c.body);
          }}
        />
      )}
      <TextareaField
        {...form.register('body')}
        label={staff ? staff.labels.body : t('replyLabel')}
        hint={t('messageHint')}
        rows={5}
        error={message(errors.body?.message)}
      />
      {staff && (
        <label className="flex min-h-11 items-center gap-2 text-sm">
          <input type="checkbox" {...form.register('internal')} className="size-4" data-testid="internal-switch" />
          {staff.labels.internal}
        </label>
      )}
      <AttachmentPicker uploadUrl={uploadUrl} files={files} onChange={setFiles} max={MAX_ATTACHMENTS} error={message(errors.attachments?.message)} />
      <div>
        <Button type="submit" pending={pending} data-testid="reply-submit">
          {staff ? staff.labels.send : t('sendReply')}
        </Button>
      </div>
    </form>
  );
}
