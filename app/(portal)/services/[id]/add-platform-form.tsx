'use client';

import { useTranslations } from 'next-intl';
import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { SecretReveal } from '@/components/services/secret-reveal';
import { Button } from '@/components/ui/button';
import { Field } from '@/components/ui/field';
import { Notice } from '@/components/ui/notice';
import { SelectField } from '@/components/ui/select-field';
import { platformInputSchema, platformTypes } from '@/lib/validation/platforms';
import { addPlatformAction } from '../actions';

type Values = { type: string; name: string; address: string; expectedMonthlyVolume: string; callbackUrls: string };
const EMPTY: Values = { type: 'website', name: '', address: '', expectedMonthlyVolume: '', callbackUrls: '' };

/** Add a sales platform, confirm it, and see its sandbox key this once. */
export function AddPlatformForm({ merchantServiceId }: { merchantServiceId: string }) {
  const t = useTranslations('services');
  const te = useTranslations('errors');
  const router = useRouter();
  const [v, setV] = useState<Values>(EMPTY);
  const [confirming, setConfirming] = useState(false);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [created, setCreated] = useState<{ name: string; key: string } | null>(null);
  const [pending, setPending] = useState(false);
  const msg = (k?: string) => (k ? (te.has(k) ? te(k) : te('unknown')) : undefined);
  const set = (k: keyof Values) => (e: { target: { value: string } }) => setV((x) => ({ ...x, [k]: e.target.value }));

  async function submit() {
    setPending(true);
    setErrors({});
    setFormError(null);
    try {
      const r = await addPlatformAction(merchantServiceId, {
        ...v,
        callbackUrls: v.callbackUrls.split(/\s+/).filter(Boolean),
      });
      if (r.ok && r.data) {
        setCreated({ name: v.name, key: r.data.sandboxKey });
        setV(EMPTY);
        setConfirming(false);
        router.refresh();
      } else if (!r.ok) {
        const fe: Record<string, string> = {};
        for (const [k, m] of Object.entries(r.fieldErrors ?? {})) fe[k.startsWith('callbackUrls') ? 'callbackUrls' : k] ??= m;
        setErrors(fe);
        setConfirming(false);
        if (r.error) setFormError(msg(r.error)!);
      }
    } catch {
      setFormError(te('network'));
    } finally {
      setPending(false);
    }
  }

  return (
    <div className="flex flex-col gap-5">
      {created && <SecretReveal label={t('sandboxKeyFor', { name: created.name })} secret={created.key} />}
      <form
        noValidate
        className="grid gap-5 sm:grid-cols-2"
        onSubmit={(e) => {
          e.preventDefault();
          // The server's schema, checked here first so mistakes show before the confirm step.
          const parsed = platformInputSchema.safeParse({ ...v, callbackUrls: v.callbackUrls.split(/\s+/).filter(Boolean) });
          if (!parsed.success) {
            const fe: Record<string, string> = {};
            for (const i of parsed.error.issues) fe[String(i.path[0])] ??= i.message;
            setErrors(fe);
            return;
          }
          setErrors({});
          setConfirming(true);
        }}
      >
        <SelectField name="type" label={t('fields.type')} value={v.type} onChange={set('type')} error={msg(errors.type)}>
          {platformTypes.map((p) => (
            <option key={p} value={p}>
              {t(`types.${p}`)}
            </option>
          ))}
        </SelectField>
        <Field name="name" label={t('fields.name')} value={v.name} onChange={set('name')} error={msg(errors.name)} maxLength={120} />
        <div className="sm:col-span-2">
          <Field
            name="address"
            label={t('fields.address')}
            hint={t(`addressHint.${v.type}`)}
            value={v.address}
            onChange={set('address')}
            error={msg(errors.address)}
            dir={v.type === 'shop' ? undefined : 'ltr'}
            maxLength={300}
          />
        </div>
        <Field
          name="expectedMonthlyVolume"
          label={t('fields.volume')}
          hint={t('volumeHint')}
          inputMode="numeric"
          dir="ltr"
          value={v.expectedMonthlyVolume}
          onChange={set('expectedMonthlyVolume')}
          error={msg(errors.expectedMonthlyVolume)}
          maxLength={30}
        />
        <div className="flex flex-col gap-1.5">
          <label htmlFor="f-callbackUrls" className="text-sm font-medium">
            {t('fields.callbackUrls')}
          </label>
          <textarea
            id="f-callbackUrls"
            name="callbackUrls"
            dir="ltr"
            rows={3}
            value={v.callbackUrls}
            onChange={set('callbackUrls')}
            aria-describedby="f-callbackUrls-hint"
            className="rounded-lg border border-slate-300 bg-white p-3 text-sm"
            maxLength={3000}
          />
          <p id="f-callbackUrls-hint" className="text-xs text-muted">
            {t('callbackHint')}
          </p>
          {errors.callbackUrls && (
            <p className="text-sm text-red-700" data-testid="error-callbackUrls">
              {msg(errors.callbackUrls)}
            </p>
          )}
        </div>
        <div className="sm:col-span-2 flex flex-col gap-3">
          <Notice tone="error" testId="form-error">
            {formError}
          </Notice>
          {confirming ? (
            <div className="flex flex-col gap-3 rounded-xl border border-brand-100 bg-brand-50 p-4" data-testid="confirm-platform">
              <p className="text-sm">{t('confirmPlatform', { name: v.name || '—' })}</p>
              <div className="flex gap-3">
                <Button type="button" onClick={submit} pending={pending}>
                  {t('confirm')}
                </Button>
                <Button type="button" variant="secondary" onClick={() => setConfirming(false)} disabled={pending}>
                  {t('edit')}
                </Button>
              </div>
            </div>
          ) : (
            <Button type="submit" className="self-start">
              {t('addPlatform')}
            </Button>
          )}
        </div>
      </form>
    </div>
  );
}
