'use client';

import { useLocale, useTranslations } from 'next-intl';
import { Controller, type Control, type UseFormRegister } from 'react-hook-form';
import { CopyButton } from '@/components/pay/copy-button';
import { DepositDateInput } from '@/components/pay/deposit-date-input';
import { groupSheba } from '@/components/pay/sheba';
import { Field } from '@/components/ui/field';
import { FileField, imageUploadError, postFile } from '@/components/ui/file-field';
import { SelectField } from '@/components/ui/select-field';
import type { Locale } from '@/lib/i18n/config';
import { BANKS, type PayerInput, type payerSchema } from '@/lib/validation/payments';
import type { z } from 'zod';

type PayerOutput = z.output<ReturnType<typeof payerSchema>>;

type SlipErrors = Partial<Record<'bank' | 'slipNumber' | 'depositDate' | 'image', { message?: string }>>;

export type SlipFieldsProps = {
  register: UseFormRegister<PayerInput>;
  control: Control<PayerInput, unknown, PayerOutput>;
  errors: SlipErrors;
  /** Translates an error key as the form does (with the server's numbers). */
  message: (key: string | undefined) => string | undefined;
  deposit: { iban: string; holder: string } | null;
  /** Today in Tehran, `YYYY/MM/DD` Jalali. */
  today: string;
  /** The link's handle when the slip photo can be uploaded (a payment link; not a one-off link). */
  uploadHandle: string | null;
  /** A new photo is being picked: the form forgets the last upload's token. */
  onPickImage: () => void;
  /** The photo was stored: the form sends this token with the slip. */
  onUploaded: (token: string) => void;
  onUploading: (uploading: boolean) => void;
};

/**
 * The deposit slip's part of the payer's form: the account to deposit to, the bank, the slip's
 * number, the day and a photo. Most payers pay online, so this part (the Jalali date selects, the
 * bank list, the upload) loads only when the payer picks a slip (`pay-form.tsx`).
 */
export function SlipFields(props: SlipFieldsProps) {
  const t = useTranslations('pay');
  const te = useTranslations('errors');
  const locale = useLocale() as Locale;
  const { errors, message } = props;
  return (
    <div className="flex flex-col gap-5 rounded-xl border border-slate-200 bg-white p-4">
      {props.deposit && (
        <div className="rounded-lg bg-slate-50 p-3 text-sm" data-testid="deposit-account">
          <p className="font-medium">{t('depositHeading')}</p>
          <dl className="mt-2 grid gap-y-1">
            <dt className="text-xs text-muted">{t('depositHolder')}</dt>
            <dd className="font-semibold" data-testid="deposit-holder">
              {props.deposit.holder}
            </dd>
            <dt className="mt-1 text-xs text-muted">{t('depositSheba')}</dt>
            <dd className="flex flex-wrap items-center gap-x-3 gap-y-1">
              <bdi dir="ltr" className="text-base font-semibold tabular-nums tracking-wide" data-testid="deposit-sheba">
                {groupSheba(props.deposit.iban)}
              </bdi>
              <CopyButton value={props.deposit.iban} label={t('copySheba')} copiedLabel={t('copied')} testId="copy-sheba" />
            </dd>
          </dl>
        </div>
      )}
      <SelectField {...props.register('bank')} label={t('bank')} error={message(errors.bank?.message)}>
        <option value="">{t('chooseBank')}</option>
        {BANKS.map((b) => (
          <option key={b.id} value={b.id}>
            {locale === 'fa' ? b.fa : b.en}
          </option>
        ))}
      </SelectField>
      <Field {...props.register('slipNumber')} label={t('slipNumber')} digits error={message(errors.slipNumber?.message)} />
      <Controller
        control={props.control}
        name="depositDate"
        render={({ field }) => (
          <DepositDateInput
            name="depositDate"
            label={t('depositDate')}
            value={(field.value as string | undefined) ?? ''}
            today={props.today}
            onChange={field.onChange}
            // The schema's message speaks of typed dates; here the payer chooses from three selects.
            error={errors.depositDate ? t('depositDateInvalid') : undefined}
          />
        )}
      />
      {props.uploadHandle !== null && (
        <FileField
          name="slipImage"
          label={t('slipImage')}
          accept="image/png,image/jpeg"
          hint={t('slipImageHint')}
          uploadingText={t('uploading')}
          doneText={t('uploaded')}
          error={message(errors.image?.message)}
          onPick={props.onPickImage}
          upload={async (file) => {
            props.onUploading(true);
            const r = await postFile<{ token?: string }>(`/api/pay/${props.uploadHandle}/slip-image`, { file });
            props.onUploading(false);
            if (r.ok && r.data.token) {
              props.onUploaded(r.data.token);
              return { ok: true };
            }
            return { ok: false, error: te(imageUploadError(r.ok ? 'unknown' : r.code)) };
          }}
        />
      )}
      <p className="text-xs text-muted">{t('slipNote')}</p>
    </div>
  );
}
