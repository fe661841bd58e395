'use client';

import { useLocale, useTranslations } from 'next-intl';
import { useRouter } from 'next/navigation';
import { useEffect, useRef, useState, type BaseSyntheticEvent, type ReactNode } from 'react';
import { Controller, useWatch, type Control, type Path, type UseFormReturn } from 'react-hook-form';
import { useActionForm } from '@/components/forms/use-action-form';
import { JalaliDateInput } from '@/components/kyc/jalali-date-input';
import { isolate } from '@/components/ui/bidi';
import { Button } from '@/components/ui/button';
import { Card } from '@/components/ui/card';
import { Field } from '@/components/ui/field';
import { FileField, postFile, type UploadAnswer } from '@/components/ui/file-field';
import { OutcomeNotice } from '@/components/ui/notice';
import { SelectField } from '@/components/ui/select-field';
import { DISPLAY_TIME_ZONE, INTL_LOCALE, type Locale } from '@/lib/i18n/config';
import type { Province } from '@/lib/geo/provinces';
import { DOCUMENTS_FOR } from '@/lib/kyc/document-kinds';
import { bankOfSheba, normalizeSheba } from '@/lib/validation/identifiers';
import { companyTypes, PERSON_KINDS, saveDraftSchema, submitKycSchema, type PersonKind, type SaveDraftInput } from '@/lib/validation/kyc';
import { bankCodeOfTrIban, normalizeTrIban, TR_PROVINCES } from '@/lib/validation/turkey';
import { saveKycDraftAction, submitKycAction } from '../actions';

/** `documents`: kind → the uploaded document's id, so a submit can say at once which are missing (the server reads its own). */
type Values = { kind: PersonKind; identity: Record<string, string>; financial: Record<string, string>; documents?: Record<string, string> };
type FieldType = 'text' | 'name' | 'digits' | 'email' | 'tel' | 'date' | 'province' | 'city' | 'companyType' | 'ltr' | 'trProvince';
type FieldDef = { name: string; type: FieldType; required?: boolean; wide?: boolean; autoComplete?: string };

const NATURAL: FieldDef[] = [
  { name: 'firstName', type: 'name', required: true, autoComplete: 'given-name' },
  { name: 'lastName', type: 'name', required: true, autoComplete: 'family-name' },
  { name: 'fatherName', type: 'name' },
  { name: 'birthCertificateNumber', type: 'digits' },
  { name: 'nationalCode', type: 'digits', required: true },
  { name: 'birthDate', type: 'date', required: true },
];
const LEGAL: FieldDef[] = [
  { name: 'companyName', type: 'name', required: true, wide: true, autoComplete: 'organization' },
  { name: 'companyType', type: 'companyType', required: true },
  { name: 'registrationNumber', type: 'digits', required: true },
  { name: 'legalId', type: 'digits', required: true },
  { name: 'economicCode', type: 'digits' },
  { name: 'registrationDate', type: 'date', required: true },
  { name: 'ceoNationalCode', type: 'digits', required: true },
  { name: 'ceoFullName', type: 'name', required: true },
];
const CONTACT: FieldDef[] = [
  { name: 'province', type: 'province', required: true },
  { name: 'city', type: 'city', required: true },
  { name: 'address', type: 'text', wide: true, autoComplete: 'street-address' },
  { name: 'postalCode', type: 'digits', autoComplete: 'postal-code' },
  { name: 'landline', type: 'tel', autoComplete: 'tel' },
  { name: 'email', type: 'email', autoComplete: 'email' },
];
const FINANCIAL: FieldDef[] = [
  { name: 'accountHolder', type: 'name', required: true, wide: true },
  { name: 'sheba', type: 'ltr', required: true, wide: true },
  { name: 'accountNumber', type: 'digits', required: true },
  { name: 'cardNumber', type: 'digits', autoComplete: 'off' },
];

/** A Turkish company: its fields are labelled from `kyc.turkey.fields`. */
const TR_COMPANY: FieldDef[] = [
  { name: 'tradeName', type: 'name', required: true, wide: true, autoComplete: 'organization' },
  { name: 'taxOffice', type: 'name', required: true },
  { name: 'vkn', type: 'digits', required: true },
  { name: 'mersis', type: 'digits' },
];
const TR_AUTHORISED: FieldDef[] = [
  { name: 'authorisedName', type: 'name', required: true, autoComplete: 'name' },
  { name: 'authorisedTckn', type: 'digits', required: true },
];
const TR_ADDRESS: FieldDef[] = [
  { name: 'il', type: 'trProvince', required: true },
  { name: 'ilce', type: 'name', required: true },
  { name: 'streetAddress', type: 'text', required: true, wide: true, autoComplete: 'street-address' },
  { name: 'postcode', type: 'digits', required: true, autoComplete: 'postal-code' },
];
const TR_FINANCIAL: FieldDef[] = [{ name: 'iban', type: 'ltr', required: true, wide: true }];

export type DocumentInfo = { id: string; name: string; contentType: string };

/**
 * Saves the draft a moment after typing stops, so nothing typed is lost if the page is left.
 * Only what passes the draft schema is sent; invalid fields wait for the person's next save.
 */
function useAutosave(control: Control<Values>, disabled: boolean) {
  const values = useWatch({ control });
  const [savedAt, setSavedAt] = useState<Date | null>(null);
  const last = useRef<string>(JSON.stringify(values));
  /** The save under way, which an explicit save or submit waits for so the two never race. */
  const inFlight = useRef<Promise<unknown>>(Promise.resolve());
  useEffect(() => {
    if (disabled) return;
    const snapshot = JSON.stringify(values);
    if (snapshot === last.current) return;
    const timer = setTimeout(async () => {
      const parsed = saveDraftSchema.safeParse(values);
      if (!parsed.success) return;
      const save = saveKycDraftAction(values as Values)
        .then((r) => {
          if (r.ok) {
            last.current = snapshot;
            setSavedAt(new Date());
          }
        })
        .catch(() => {
          // The next change or the explicit save tries again.
        });
      inFlight.current = save;
    }, 1500);
    return () => clearTimeout(timer);
  }, [values, disabled]);
  return { savedAt, settled: () => inFlight.current };
}

export function CustomerInfoForm({
  initial,
  readOnly: lockedForReview,
  approved,
  reasons,
  provinces,
  documents,
}: {
  initial: Values;
  readOnly: boolean;
  /** Approved information opens read-only; editing it on purpose starts a change for review. */
  approved: boolean;
  reasons: Record<string, string>;
  provinces: readonly Province[];
  documents: Partial<Record<string, DocumentInfo>>;
}) {
  const t = useTranslations('kyc');
  const te = useTranslations('errors');
  const locale = useLocale() as Locale;
  const router = useRouter();
  const [done, setDone] = useState<'save' | 'submit' | null>(null);
  const [docs, setDocs] = useState(documents);
  const [editing, setEditing] = useState(false);
  const readOnly = lockedForReview || (approved && !editing);
  const {
    form: typedForm,
    submit,
    intent,
    formError,
    pending,
  } = useActionForm({
    schema: saveDraftSchema,
    // Submitting checks everything at once (required and malformed fields, documents); a draft saves what is valid.
    schemaFor: (which) => (which === 'submit' ? submitKycSchema : undefined),
    defaultValues: {
      ...initial,
      documents: Object.fromEntries(Object.entries(documents).flatMap(([k, d]) => (d ? [[k, d.id]] : []))),
    } as SaveDraftInput,
    // An explicit save or submit waits for an autosave under way, so the two never race.
    action: async (values, which) => {
      await autosave.settled();
      return which === 'save' ? saveKycDraftAction(values) : submitKycAction(values);
    },
    onSuccess: (_, __, which) => {
      setDone(which === 'save' ? 'save' : 'submit');
      router.refresh();
    },
    fieldErrorsSummary: 'fixFields',
    reValidateMode: 'onBlur',
  });
  // The schema is a union by person kind; the fields below are addressed by name, as one shape.
  const form = typedForm as unknown as UseFormReturn<Values>;
  const kind = useWatch({ control: form.control, name: 'kind' });
  const province = useWatch({ control: form.control, name: 'identity.province' });
  const sheba = useWatch({ control: form.control, name: 'financial.sheba' });
  const iban = useWatch({ control: form.control, name: 'financial.iban' });
  const turkish = kind === 'turkish_company';
  const errors = form.formState.errors as unknown as Record<string, Record<string, { message?: string }>>;
  const autosave = useAutosave(form.control, readOnly || pending);
  const autosaved = autosave.savedAt;
  const msg = (key?: string) => (key ? (te.has(key) ? te(key) : te('unknown')) : undefined);
  const saveAs = (which: 'save' | 'submit') => (e?: BaseSyntheticEvent) => {
    setDone(null);
    return submit(which)(e);
  };

  /** Sends one document at once; the form's next save or submit refers to it by kind. */
  async function upload(docKind: string, file: File): Promise<UploadAnswer> {
    if (file.size > 5 * 1024 * 1024) return { ok: false, error: te('fileTooLarge') };
    const r = await postFile<DocumentInfo>('/api/kyc/documents', { kind: docKind, personKind: kind, file });
    if (!r.ok) return { ok: false, error: msg(r.code)! };
    setDocs((d) => ({ ...d, [docKind]: { id: r.data.id, name: r.data.name, contentType: r.data.contentType } }));
    form.setValue(`documents.${docKind}` as Path<Values>, r.data.id);
    form.clearErrors(`documents.${docKind}` as Path<Values>);
    return { ok: true };
  }

  const cities = provinces.find((p) => p.fa === province)?.cities ?? [];
  const bank = (() => {
    const s = sheba ? normalizeSheba(sheba) : null;
    const b = s ? bankOfSheba(s) : null;
    return b ? (locale === 'fa' ? b.name : b.nameEn) : null;
  })();
  const trIban = iban ? normalizeTrIban(iban) : null;

  function render(section: 'identity' | 'financial', f: FieldDef): ReactNode {
    const name = `${section}.${f.name}` as Path<Values>;
    const label = `${turkish ? t(`turkey.fields.${f.name}`) : t(`fields.${f.name}`)}${f.required ? ' *' : ''}`;
    const error = msg(errors[section]?.[f.name]?.message);
    const staff = reasons[`${section}.${f.name}`];
    const hint = staff ? (
      <span className="font-medium text-amber-800" data-testid={`reason-${section}.${f.name}`}>
        {t('staffSays', { reason: isolate(staff) })}
      </span>
    ) : f.name === 'sheba' && bank ? (
      <span data-testid="sheba-bank">{t('bankIs', { bank })}</span>
    ) : f.name === 'iban' && trIban ? (
      <span data-testid="iban-bank">{t('turkey.bankCode', { code: bankCodeOfTrIban(trIban) })}</span>
    ) : undefined;
    const wrap = (node: ReactNode) => (
      <div key={name} className={f.wide ? 'sm:col-span-2' : undefined}>
        {node}
      </div>
    );
    if (f.type === 'date') {
      return wrap(
        <Controller
          control={form.control}
          name={name}
          render={({ field }) => (
            <JalaliDateInput
              name={name}
              label={label}
              value={(field.value as string) ?? ''}
              onChange={field.onChange}
              error={error}
              disabled={readOnly}
              hint={staff ? t('staffSays', { reason: isolate(staff) }) : undefined}
            />
          )}
        />,
      );
    }
    if (f.type === 'province' || f.type === 'city' || f.type === 'companyType' || f.type === 'trProvince') {
      const options =
        f.type === 'province'
          ? provinces.map((p) => ({ value: p.fa, label: locale === 'fa' ? p.fa : p.en }))
          : f.type === 'city'
            ? cities.map((c) => ({ value: c.fa, label: locale === 'fa' ? c.fa : c.en }))
            : f.type === 'trProvince'
              ? TR_PROVINCES.map(([plate, name]) => ({ value: name, label: `${plate} · ${name}` }))
              : companyTypes.map((c) => ({ value: c, label: t(`companyTypes.${c}`) }));
      const reg = form.register(name, f.type === 'province' ? { onChange: () => form.setValue('identity.city', '') } : undefined);
      return wrap(
        <SelectField
          {...reg}
          label={label}
          error={error}
          hint={hint}
          disabled={readOnly || (f.type === 'city' && !province)}
          emptyLabel={t('choose')}
          options={options}
        />,
      );
    }
    const ltr = f.type === 'digits' || f.type === 'email' || f.type === 'tel' || f.type === 'ltr';
    return wrap(
      <Field
        {...form.register(name)}
        label={label}
        error={error}
        hint={hint}
        readOnly={readOnly}
        // Turkish names and addresses are Latin script: in a Persian page they read in their own direction.
        dir={ltr ? 'ltr' : turkish ? 'auto' : undefined}
        type={f.type === 'email' ? 'email' : f.type === 'tel' ? 'tel' : 'text'}
        inputMode={f.type === 'digits' ? 'numeric' : f.type === 'tel' ? 'tel' : f.type === 'email' ? 'email' : undefined}
        autoComplete={f.autoComplete}
        maxLength={f.name === 'address' || f.name === 'streetAddress' ? 500 : f.name === 'tradeName' ? 250 : 200}
      />,
    );
  }

  const requiredDocs: readonly string[] = DOCUMENTS_FOR[kind] ?? DOCUMENTS_FOR.natural;

  return (
    <form onSubmit={saveAs('submit')} noValidate className="flex flex-col gap-6">
      <Card title={t('personKind')}>
        <fieldset className="flex flex-wrap gap-3" disabled={readOnly}>
          <legend className="sr-only">{t('personKind')}</legend>
          {PERSON_KINDS.map((k) => (
            <label
              key={k}
              className={`flex min-h-11 cursor-pointer items-center gap-2 rounded-lg border px-4 py-2 text-sm ${kind === k ? 'border-brand-600 bg-brand-50 font-semibold' : 'border-slate-300 bg-white'}`}
            >
              <input type="radio" value={k} {...form.register('kind')} className="accent-brand-600" />
              {t(`kinds.${k}`)}
            </label>
          ))}
        </fieldset>
      </Card>
      {turkish ? (
        <>
          <Card title={t('turkey.company')}>
            <div className="grid gap-5 sm:grid-cols-2">{TR_COMPANY.map((f) => render('identity', f))}</div>
          </Card>
          <Card title={t('turkey.authorised')}>
            <div className="grid gap-5 sm:grid-cols-2">{TR_AUTHORISED.map((f) => render('identity', f))}</div>
          </Card>
          <Card title={t('turkey.address')}>
            <div className="grid gap-5 sm:grid-cols-2">{TR_ADDRESS.map((f) => render('identity', f))}</div>
          </Card>
          <Card title={t('turkey.bank')}>
            <p className="mb-4 text-sm text-muted">{t('turkey.ibanNote')}</p>
            <div className="grid gap-5 sm:grid-cols-2">{TR_FINANCIAL.map((f) => render('financial', f))}</div>
          </Card>
        </>
      ) : (
        <>
          <Card title={kind === 'natural' ? t('identityNatural') : t('identityLegal')}>
            <div className="grid gap-5 sm:grid-cols-2">{(kind === 'natural' ? NATURAL : LEGAL).map((f) => render('identity', f))}</div>
          </Card>
          <Card title={t('contact')}>
            <div className="grid gap-5 sm:grid-cols-2">{CONTACT.map((f) => render('identity', f))}</div>
          </Card>
          <Card title={t('financial')}>
            <div className="grid gap-5 sm:grid-cols-2">{FINANCIAL.map((f) => render('financial', f))}</div>
          </Card>
        </>
      )}
      <Card title={t('documents')}>
        <p className="mb-4 text-sm text-muted">{turkish ? t('turkey.documentsHint') : t('documentsHint')}</p>
        <ul className="flex flex-col gap-4">
          {requiredDocs.map((dk) => {
            const current = docs[dk];
            const staff = reasons[`documents.${dk}`];
            return (
              <li key={dk} className="rounded-lg border border-slate-200 p-3">
                <FileField
                  name={`doc-${dk}`}
                  label={`${t(`documentKinds.${dk}`)} *`}
                  accept="application/pdf,image/png,image/jpeg,.pdf,.png,.jpg,.jpeg"
                  chooseLabel={t('chooseFile')}
                  readOnly={readOnly}
                  current={
                    current ? (
                      <a
                        href={`/api/kyc/documents/${current.id}`}
                        target="_blank"
                        rel="noreferrer"
                        className="self-start text-sm text-brand-700 underline"
                        data-testid={`doc-${dk}`}
                      >
                        {t('currentFile', { name: isolate(current.name) })}
                      </a>
                    ) : (
                      <p className="text-sm text-muted">{t('noFile')}</p>
                    )
                  }
                  hint={staff ? <span className="text-sm font-medium text-amber-800">{t('staffSays', { reason: isolate(staff) })}</span> : undefined}
                  error={msg(errors.documents?.[dk]?.message)}
                  errorTestId={`error-documents.${dk}`}
                  upload={(file) => upload(dk, file)}
                />
              </li>
            );
          })}
        </ul>
      </Card>
      <OutcomeNotice error={formError} done={done === 'save' ? t('saved') : done === 'submit' ? t('submitted') : null} testId="kyc-note" />
      <p className="text-xs text-muted" aria-live="polite" data-testid="autosave">
        {autosaved
          ? t('autosaved', {
              time: autosaved.toLocaleTimeString(INTL_LOCALE[locale], { hour: '2-digit', minute: '2-digit', timeZone: DISPLAY_TIME_ZONE[locale] }),
            })
          : ''}
      </p>
      {approved && !editing && !lockedForReview && (
        <div className="flex flex-col items-start gap-2">
          <Button type="button" variant="secondary" onClick={() => setEditing(true)}>
            {t('editApproved')}
          </Button>
          <p className="text-xs text-muted">{t('editApprovedHint')}</p>
        </div>
      )}
      {!readOnly && (
        <div className="flex flex-wrap gap-3">
          <Button type="submit" pending={intent === 'submit'} disabled={pending}>
            {t('submit')}
          </Button>
          <Button type="button" variant="secondary" pending={intent === 'save'} disabled={pending} onClick={saveAs('save')}>
            {t('saveDraft')}
          </Button>
        </div>
      )}
    </form>
  );
}
