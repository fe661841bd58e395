'use client';

import { useLocale, useTranslations } from 'next-intl';
import { localDigits } from '@/lib/date/format';
import type { Locale } from '@/lib/i18n/config';
import { FileField, postFile } from '@/components/ui/file-field';
import { Isolate } from '@/components/ui/bidi';

export type Picked = { id: string; name: string };

/**
 * Files for a support message: each is sent to `uploadUrl` as soon as it is picked (the server
 * judges it by its bytes), then listed here with a way to take it off before the message goes.
 * The message sends only the files' ids.
 */
export function AttachmentPicker({
  uploadUrl,
  files,
  onChange,
  max,
  error,
}: {
  uploadUrl: string;
  files: Picked[];
  onChange: (files: Picked[]) => void;
  max: number;
  error?: string;
}) {
  const t = useTranslations('support');
  const te = useTranslations('errors');
  const locale = useLocale() as Locale;
  const upload = async (file: File) => {
    const r = await postFile<{ file: Picked }>(uploadUrl, { file });
    if (r.ok) {
      onChange([...files, { id: r.data.file.id, name: r.data.file.name }]);
      return { ok: true } as const;
    }
    return { ok: false, error: te.has(r.code) ? te(r.code) : te('unknown') } as const;
  };
  return (
    <FileField
      name="attachments"
      label={t('attachments')}
      hint={t('attachmentsHint', { max: localDigits(max, locale) })}
      accept="application/pdf,image/png,image/jpeg"
      upload={upload}
      readOnly={files.length >= max}
      chooseLabel={t('addFile')}
      doneText={t('fileAdded')}
      error={error}
      current={
        files.length > 0 ? (
          <ul className="flex flex-col gap-1 text-sm" data-testid="picked-files">
            {files.map((f) => (
              <li key={f.id} className="flex items-center gap-2">
                <Isolate>{f.name}</Isolate>
                <button
                  type="button"
                  className="min-h-11 rounded px-2 text-red-700 hover:bg-red-50"
                  onClick={() => onChange(files.filter((x) => x.id !== f.id))}
                  aria-label={t('removeFile', { name: f.name })}
                >
                  ×
                </button>
              </li>
            ))}
          </ul>
        ) : undefined
      }
    />
  );
}
