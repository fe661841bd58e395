'use client';

import { useLocale, useTranslations } from 'next-intl';
import { useRef, useState, type ReactNode } from 'react';
import type { Locale } from '@/lib/i18n/config';
import { SEPARATORS } from '@/lib/i18n/numbers';

/** What an upload answered: ok, or a message to show by the field. */
export type UploadAnswer = { ok: true } | { ok: false; error: string };

/**
 * A file picked and sent at once (a logo, a slip photo, a KYC document), with its label, hint and
 * error wired for screen readers as `Field` does. The browser's own file button speaks the
 * browser's language and faces its own way; this one is our button, in the page's language and
 * direction, with the real input under it (hidden visually, still focusable: Space or Enter opens
 * the picker). Once a file is picked its name and size show under the button (the name isolated,
 * as file names are often Latin in a Persian page; the size in the page's digits), and the status
 * line says when the upload is under way and when it is done. Every file input in the app is this
 * one, so the browser's "No file chosen" never shows.
 *
 * `upload` does the sending (see `postFile`); `error` is a message from the form (the server
 * refused the field), shown when the last upload itself did not fail.
 */
export function FileField({
  name,
  id,
  label,
  hint,
  error,
  accept,
  upload,
  onPick,
  current,
  chooseLabel,
  uploadingText,
  doneText,
  readOnly,
  errorTestId,
}: {
  name: string;
  id?: string;
  label: string;
  hint?: ReactNode;
  error?: string;
  accept: string;
  upload: (file: File) => Promise<UploadAnswer>;
  /** Called when a file is picked (or the pick is cancelled), before it is sent: a form forgets the previous upload. */
  onPick?: (file: File | undefined) => void;
  /** What is there now (a link to the stored file, the current logo). */
  current?: ReactNode;
  /** The button's words; "Choose file" unless said. */
  chooseLabel?: string;
  /** The status while sending; "Uploading…" unless said. */
  uploadingText?: string;
  doneText?: string;
  /** Shows what is there without a way to change it. */
  readOnly?: boolean;
  errorTestId?: string;
}) {
  const t = useTranslations('fields');
  const tf = useTranslations('forms');
  const locale = useLocale() as Locale;
  const [picked, setPicked] = useState<{ name: string; size: number } | null>(null);
  const inputId = id ?? `f-${name}`;
  const [status, setStatus] = useState<'idle' | 'uploading' | 'done'>('idle');
  const [uploadError, setUploadError] = useState<string | null>(null);
  /** The latest pick: an answer to an earlier one, arriving late, is ignored. */
  const latest = useRef(0);
  const shownError = uploadError || error;
  const statusText = status === 'uploading' ? (uploadingText ?? t('uploading')) : status === 'done' ? doneText : undefined;
  const hintId = `${name}-hint`;
  const errorId = `${inputId}-error`;
  const pickedId = `${inputId}-picked`;
  const describedBy = [picked ? pickedId : null, statusText || hint ? hintId : null, shownError ? errorId : null].filter(Boolean).join(' ') || undefined;

  async function pick(file: File | undefined) {
    setUploadError(null);
    onPick?.(file);
    setPicked(file ? { name: file.name, size: file.size } : null);
    if (!file) {
      latest.current++;
      return setStatus('idle');
    }
    const mine = ++latest.current;
    setStatus('uploading');
    const r = await upload(file).catch((): UploadAnswer => ({ ok: false, error: '' }));
    if (mine !== latest.current) return;
    setStatus(r.ok ? 'done' : 'idle');
    if (!r.ok) setUploadError(r.error);
  }

  return (
    <div className="flex flex-col gap-1.5">
      {readOnly ? (
        <p className="text-sm font-medium text-ink">{label}</p>
      ) : (
        <label htmlFor={inputId} className="text-sm font-medium text-ink">
          {label}
        </label>
      )}
      {current}
      {!readOnly && (
        <label className="self-start">
          <input
            id={inputId}
            name={name}
            type="file"
            accept={accept}
            aria-invalid={shownError ? true : undefined}
            aria-describedby={describedBy}
            aria-busy={status === 'uploading' || undefined}
            onChange={(e) => {
              void pick(e.target.files?.[0]);
              // The same file picked again (after fixing it elsewhere, or after an error) must send again.
              e.target.value = '';
            }}
            className="peer sr-only"
          />
          <span
            className={`inline-flex min-h-11 cursor-pointer items-center gap-2 rounded-lg border bg-white px-4 text-sm font-semibold text-brand-800 hover:bg-brand-50 peer-focus-visible:outline-3 peer-focus-visible:outline-offset-2 peer-focus-visible:outline-brand-600 ${shownError ? 'border-red-600' : 'border-slate-300'}`}
          >
            {status === 'uploading' && <span aria-hidden className="size-4 animate-spin rounded-full border-2 border-current border-t-transparent" />}
            {chooseLabel ?? t('chooseFile')}
          </span>
        </label>
      )}
      <div aria-live="polite" className="flex flex-col gap-1">
        {picked && !readOnly && (
          <p id={pickedId} className="text-sm text-ink" data-testid={`picked-${name}`}>
            {tf.rich('fileChosen', {
              name: () => (
                <bdi dir="auto" className="font-medium break-all">
                  {picked.name}
                </bdi>
              ),
              size: () => <bdi>{formatFileSize(picked.size, locale, (k, v) => tf(k, v))}</bdi>,
            })}
          </p>
        )}
        <div id={hintId} className="text-xs text-muted">
          {statusText || hint}
        </div>
      </div>
      {shownError && (
        <p id={errorId} className="text-sm text-red-700" data-testid={errorTestId ?? `error-${name}`}>
          {shownError}
        </p>
      )}
    </div>
  );
}

/** A number with at most one decimal, in the reader's digits and decimal mark: ۱٫۵, 1.5, 1,5. */
function oneDecimal(n: number, locale: Locale): string {
  const text = (Math.round(n * 10) / 10).toString().replace('.', SEPARATORS[locale].decimal);
  return locale === 'fa' ? text.replace(/\d/g, (d) => '۰۱۲۳۴۵۶۷۸۹'[Number(d)]) : text;
}

/** A file's size as people say it: bytes under a kilobyte, then kilobytes, then megabytes (1024s, as the upload limits are). */
export function formatFileSize(bytes: number, locale: Locale, t: (key: 'bytes' | 'kilobytes' | 'megabytes', values: { size: string }) => string): string {
  if (bytes < 1024) return t('bytes', { size: oneDecimal(bytes, locale) });
  if (bytes < 1024 * 1024) return t('kilobytes', { size: oneDecimal(bytes / 1024, locale) });
  return t('megabytes', { size: oneDecimal(bytes / (1024 * 1024), locale) });
}

/**
 * Sends a file (and any other fields) to one of our upload routes as multipart form data. Answers
 * the route's JSON on success, or its error code: the route's own, else one from the status (a
 * proxy's 413 or 429 carries no JSON), else `network` when nothing arrived.
 */
export async function postFile<T = unknown>(url: string, fields: Record<string, string | Blob>): Promise<{ ok: true; data: T } | { ok: false; code: string }> {
  const body = new FormData();
  for (const [k, v] of Object.entries(fields)) body.set(k, v);
  const res = await fetch(url, { method: 'POST', body }).catch(() => null);
  if (!res) return { ok: false, code: 'network' };
  const json = (await res.json().catch(() => null)) as (T & { error?: { code?: string } }) | null;
  if (res.ok && json) return { ok: true, data: json };
  return { ok: false, code: json?.error?.code ?? uploadCodeOfStatus(res.status) };
}

export function uploadCodeOfStatus(status: number): string {
  return status === 413 ? 'fileTooLarge' : status === 429 ? 'rateLimited' : 'unknown';
}

/** The message key (under `errors`) for an image upload's refusal: the photo of a slip, a logo. */
export function imageUploadError(code: string): string {
  return code === 'fileTooLarge'
    ? 'imageTooLarge'
    : code === 'fileType'
      ? 'imageType'
      : code === 'fileEmpty'
        ? 'fileEmpty'
        : code === 'rateLimited'
          ? 'payRateLimited'
          : 'network';
}
