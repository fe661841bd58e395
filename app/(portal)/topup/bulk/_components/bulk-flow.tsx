'use client';

import { useLocale, useTranslations } from 'next-intl';
import { useRouter } from 'next/navigation';
import { useRef, useState } from 'react';
import { Button } from '@/components/ui/button';
import { Card } from '@/components/ui/card';
import { DataTable } from '@/components/ui/data-table';
import { FileField, postFile, type UploadAnswer } from '@/components/ui/file-field';
import { FormError } from '@/components/ui/notice';
import { SelectField } from '@/components/ui/select-field';
import { localDigits } from '@/lib/date/format';
import type { Locale } from '@/lib/i18n/config';
import { formatAmount } from '@/lib/money';

type Row =
  | { row: number; ok: true; mobile: string; operator: string; productId: string; productTitle: string; amount: string }
  | { row: number; ok: false; mobile: string; error: string };
type Preview = { rows: Row[]; validCount: number; total: string; withdrawable: string };

/**
 * Pick the platform, upload the list, read the preview (each refused row says why), then pay with
 * a confirm step. The same file goes to the server again on pay (it checks it again); the key made
 * with the preview makes a double click pay once.
 */
export function BulkFlow({ platforms }: { platforms: { id: string; name: string; withdrawable: string }[] }) {
  const t = useTranslations('topupBulk');
  const locale = useLocale() as Locale;
  const router = useRouter();
  const [platformId, setPlatformId] = useState(platforms[0].id);
  const [file, setFile] = useState<File | null>(null);
  const [preview, setPreview] = useState<Preview | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState<'pay' | null>(null);
  const [confirming, setConfirming] = useState(false);
  const key = useRef('');
  const money = (v: string) => formatAmount(BigInt(v), locale);
  const errorText = (code: string) => (t.has(`errors.${code}`) ? t(`errors.${code}`) : t('errors.unknown'));

  /** Checks the file against the platform; the answer goes by the file field (an upload) or the form's error (a platform change). */
  async function check(f: File | null, platform = platformId): Promise<UploadAnswer> {
    setFile(f);
    setPreview(null);
    setConfirming(false);
    setError(null);
    if (!f) return { ok: true };
    const r = await postFile<Preview>(`/api/topup/bulk/preview?platform=${encodeURIComponent(platform)}`, { file: f });
    if (!r.ok) return { ok: false, error: errorText(r.code) };
    key.current = crypto.randomUUID();
    setPreview(r.data);
    return { ok: true };
  }

  async function pay() {
    if (!file || !preview) return;
    setBusy('pay');
    setError(null);
    const q = new URLSearchParams({ platform: platformId, key: key.current });
    const r = await postFile<{ id: string }>(`/api/topup/bulk/pay?${q}`, { file });
    if (!r.ok) {
      setBusy(null);
      setConfirming(false);
      return setError(errorText(r.code));
    }
    router.push(`/topup/bulk/${r.data.id}`);
  }

  const enough = preview ? BigInt(preview.withdrawable) >= BigInt(preview.total) : false;
  const invalid = preview ? preview.rows.length - preview.validCount : 0;

  return (
    <div className="flex flex-col gap-4">
      <Card title={t('uploadTitle')}>
        <div className="flex flex-col gap-4">
          <SelectField
            label={t('platform')}
            name="platform"
            value={platformId}
            onChange={(e) => {
              setPlatformId(e.target.value);
              void check(file, e.target.value).then((r) => setError(r.ok ? null : (r.error ?? null)));
            }}
            options={platforms.map((p) => ({ value: p.id, label: `${p.name} — ${t('withdrawable')}: ${money(p.withdrawable)}` }))}
          />
          <FileField
            name="file"
            id="bulk-file"
            label={t('file')}
            accept=".xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            upload={check}
            onPick={(f) => {
              if (!f) void check(null);
            }}
            uploadingText={t('checking')}
            doneText={file?.name}
            errorTestId="bulk-file-error"
            hint={
              <>
                {t('fileHint')}{' '}
                <a href="/api/topup/bulk/template" className="font-semibold text-brand-700 underline" download>
                  {t('template')}
                </a>
              </>
            }
          />
          <FormError>{error}</FormError>
        </div>
      </Card>

      {preview && (
        <Card title={t('previewTitle')}>
          <div className="flex flex-col gap-4" data-testid="bulk-preview">
            <dl className="grid grid-cols-1 gap-2 text-sm sm:grid-cols-3">
              <div>
                <dt className="text-muted">{t('validRows')}</dt>
                <dd className="font-semibold" data-testid="bulk-valid">
                  {localDigits(preview.validCount, locale)}
                  {invalid > 0 && <span className="block text-red-700">{t('invalidRows', { count: invalid, n: localDigits(invalid, locale) })}</span>}
                </dd>
              </div>
              <div>
                <dt className="text-muted">{t('total')}</dt>
                <dd className="font-semibold" data-testid="bulk-total">
                  {money(preview.total)}
                </dd>
              </div>
              <div>
                <dt className="text-muted">{t('withdrawable')}</dt>
                <dd className={`font-semibold ${enough ? '' : 'text-red-700'}`}>{money(preview.withdrawable)}</dd>
              </div>
            </dl>

            <div className="hidden md:block">
              <DataTable
                caption={t('previewTitle')}
                columns={[t('columns.row'), t('columns.mobile'), t('columns.operator'), t('columns.product'), t('columns.amount')]}
              >
                {preview.rows.map((r) => (
                  <tr
                    key={r.row}
                    className={`border-b border-slate-100 ${r.ok ? '' : 'bg-red-50 text-red-800'}`}
                    data-testid={r.ok ? 'bulk-row' : 'bulk-row-error'}
                  >
                    <td className="px-2 py-2 ps-0">{localDigits(r.row, locale)}</td>
                    <td className="px-2 py-2" dir="ltr">
                      {r.mobile}
                    </td>
                    {r.ok ? (
                      <>
                        <td className="px-2 py-2">{t(`operators.${r.operator}`)}</td>
                        <td className="px-2 py-2">{r.productTitle}</td>
                        <td className="px-2 py-2">{money(r.amount)}</td>
                      </>
                    ) : (
                      <td className="px-2 py-2 font-medium" colSpan={3}>
                        {t(`rowErrors.${r.error}`)}
                      </td>
                    )}
                  </tr>
                ))}
              </DataTable>
            </div>
            <ul className="flex flex-col gap-2 md:hidden" aria-label={t('previewTitle')}>
              {preview.rows.map((r) => (
                <li
                  key={r.row}
                  className={`rounded-lg border p-3 text-sm ${r.ok ? 'border-slate-200' : 'border-red-300 bg-red-50 text-red-800'}`}
                  data-testid={r.ok ? 'bulk-card' : 'bulk-card-error'}
                >
                  <div className="flex justify-between gap-2">
                    <span>{t('rowN', { n: localDigits(r.row, locale) })}</span>
                    <span dir="ltr">{r.mobile}</span>
                  </div>
                  {r.ok ? (
                    <div className="mt-1 flex flex-wrap justify-between gap-2">
                      <span>
                        {t(`operators.${r.operator}`)} · {r.productTitle}
                      </span>
                      <span className="font-semibold">{money(r.amount)}</span>
                    </div>
                  ) : (
                    <p className="mt-1 font-medium">{t(`rowErrors.${r.error}`)}</p>
                  )}
                </li>
              ))}
            </ul>

            {preview.validCount === 0 ? (
              <p className="text-sm text-red-700">{t('nothingToPay')}</p>
            ) : !enough ? (
              <p className="text-sm text-red-700" data-testid="bulk-insufficient">
                {t('errors.insufficientBalance')}
              </p>
            ) : confirming ? (
              <div className="flex flex-col gap-3 rounded-lg border border-brand-100 bg-brand-50 p-3" role="group" aria-labelledby="bulk-confirm-text">
                <p id="bulk-confirm-text" className="text-sm">
                  {t('confirmText', { count: preview.validCount, n: localDigits(preview.validCount, locale), total: money(preview.total) })}
                </p>
                <div className="flex flex-wrap gap-2">
                  <Button onClick={() => void pay()} pending={busy === 'pay'} data-testid="bulk-confirm">
                    {t('confirm')}
                  </Button>
                  <Button variant="secondary" onClick={() => setConfirming(false)} disabled={busy === 'pay'}>
                    {t('cancel')}
                  </Button>
                </div>
              </div>
            ) : (
              <div>
                <Button onClick={() => setConfirming(true)} data-testid="bulk-pay">
                  {t('pay', { total: money(preview.total) })}
                </Button>
              </div>
            )}
          </div>
        </Card>
      )}
    </div>
  );
}
