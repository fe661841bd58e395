'use client';

import { useTranslations } from 'next-intl';
import { useRouter } from 'next/navigation';
import { useEffect, useState, useTransition } from 'react';
import type { z } from 'zod';
import { Button } from '@/components/ui/button';
import { Field } from '@/components/ui/field';
import { Notice } from '@/components/ui/notice';
import { SelectField } from '@/components/ui/select-field';
import { useActionForm } from '@/components/forms/use-action-form';
import type { GatewayId } from '@/lib/gateways/types';
import { buildLinkSchema, linkSettingsSchema } from '@/lib/validation/payments';
import { buildLinkAction, saveLinkSettingsAction } from '../../payments/actions';
import { FieldError } from '@/components/ui/field-shell';
import { createShortLinkAction } from '../actions';

export type LinkSettingsView = {
  handle: string;
  title: string;
  enabled: boolean;
  displayUnit: 'rial' | 'toman';
  gateways: GatewayId[];
  minAmount: string;
  maxAmount: string;
  acceptSlips: boolean;
};

/** The merchant's payment-link settings: handle, title, unit, gateways, limits, slips. */
export function PaymentLinkSettings({
  platformId,
  initial,
  offered,
  origin,
}: {
  platformId: string;
  initial: LinkSettingsView | null;
  offered: GatewayId[];
  origin: string;
}) {
  const t = useTranslations('paymentLink');
  const tp = useTranslations('pay');
  const router = useRouter();
  const [saved, setSaved] = useState(false);
  const { form, onSubmit, formError, message, pending } = useActionForm({
    schema: linkSettingsSchema,
    defaultValues: initial ?? {
      handle: '',
      title: '',
      enabled: true,
      displayUnit: 'toman',
      gateways: offered.slice(0, 1),
      minAmount: '1000',
      maxAmount: '50000000',
      acceptSlips: false,
    },
    action: (v) => saveLinkSettingsAction({ ...v, platformId }),
    onSuccess: () => {
      setSaved(true);
      router.refresh();
    },
  });
  const { errors } = form.formState;
  const [handle, unit, gateways] = form.watch(['handle', 'displayUnit', 'gateways']);

  return (
    <form
      noValidate
      onSubmit={(e) => {
        setSaved(false);
        return onSubmit(e);
      }}
      className="grid gap-5 sm:grid-cols-2"
      data-testid="link-settings"
    >
      <Field
        {...form.register('handle')}
        label={t('handle')}
        dir="ltr"
        hint={
          <bdi dir="ltr">
            {origin}/pay/{handle || '…'}
          </bdi>
        }
        error={message(errors.handle?.message)}
      />
      <Field {...form.register('title')} label={t('title')} error={message(errors.title?.message)} />
      <SelectField {...form.register('displayUnit')} label={t('displayUnit')}>
        <option value="rial">{tp('unit.rial')}</option>
        <option value="toman">{tp('unit.toman')}</option>
      </SelectField>
      <fieldset className="flex flex-col gap-2" aria-describedby={errors.gateways ? 'gateways-error' : undefined}>
        <legend className="mb-1 text-sm font-medium">{t('gateways')}</legend>
        {offered.map((g) => (
          <label key={g} className="flex min-h-11 items-center gap-2">
            <input
              type="checkbox"
              name="gateways"
              value={g}
              checked={(gateways ?? []).includes(g)}
              onChange={(e) => {
                const now = form.getValues('gateways') ?? [];
                form.setValue('gateways', e.target.checked ? [...now, g] : now.filter((y) => y !== g));
              }}
            />
            {tp(`gateways.${g}` as 'gateways.sandbox')}
          </label>
        ))}
        {errors.gateways && <FieldError id="gateways-error">{message(errors.gateways.message)}</FieldError>}
      </fieldset>
      <Field {...form.register('minAmount')} label={t('minAmount', { unit: tp(`unit.${unit}`) })} digits error={message(errors.minAmount?.message)} />
      <Field {...form.register('maxAmount')} label={t('maxAmount', { unit: tp(`unit.${unit}`) })} digits error={message(errors.maxAmount?.message)} />
      <label className="flex min-h-11 items-center gap-2 sm:col-span-2">
        <input type="checkbox" {...form.register('acceptSlips')} />
        {t('acceptSlips')}
      </label>
      <label className="flex min-h-11 items-center gap-2 sm:col-span-2">
        <input type="checkbox" {...form.register('enabled')} />
        {t('enabled')}
      </label>
      <div className="flex flex-col gap-3 sm:col-span-2">
        <Notice tone="error">{formError}</Notice>
        <Notice tone="success">{saved ? t('saved') : null}</Notice>
        <div>
          <Button type="submit" pending={pending}>
            {t('save')}
          </Button>
        </div>
      </div>
    </form>
  );
}

/** Makes links with prefilled fields; signed ones lock them against changes. */
export function LinkBuilder({ platformId, unit }: { platformId: string; unit: 'rial' | 'toman' }) {
  const t = useTranslations('paymentLink');
  const tp = useTranslations('pay');
  const [built, setBuilt] = useState<{ url: string; input: BuildInput } | null>(null);
  const { form, onSubmit, formError, message, pending } = useActionForm({
    schema: buildLinkSchema,
    defaultValues: { platformId, amount: '', name: '', description: '', sign: true },
    action: (v) => buildLinkAction({ ...v, platformId }),
    onSuccess: (data, values) => setBuilt(data?.url ? { url: data.url, input: { ...values, platformId } } : null),
  });
  const { errors } = form.formState;
  return (
    <div className="flex flex-col gap-5">
      <form noValidate className="grid gap-4 sm:grid-cols-3" data-testid="link-builder" onSubmit={onSubmit}>
        {/* Ids of their own: the settings form on the same page has fields of these names' kind. */}
        <Field
          {...form.register('amount')}
          id="builder-amount"
          label={tp('amount', { unit: tp(`unit.${unit}`) })}
          digits
          error={message(errors.amount?.message)}
        />
        <Field {...form.register('name')} id="builder-name" label={tp('name')} error={message(errors.name?.message)} />
        <Field {...form.register('description')} id="builder-description" label={tp('description')} error={message(errors.description?.message)} />
        <label className="flex min-h-11 items-center gap-2 sm:col-span-3">
          <input type="checkbox" {...form.register('sign')} />
          {t('signLink')}
        </label>
        <div className="flex flex-col gap-3 sm:col-span-3">
          <div>
            <Button type="submit" variant="secondary" pending={pending}>
              {t('makeLink')}
            </Button>
          </div>
          <Notice tone="error">{formError}</Notice>
        </div>
      </form>
      {built && <BuiltLink key={built.url} url={built.url} input={built.input} />}
    </div>
  );
}

type BuildInput = z.input<typeof buildLinkSchema>;

/** The link just built: readable (isolated left-to-right), to open, copy, share, scan, or shorten. */
function BuiltLink({ url, input }: { url: string; input: BuildInput }) {
  const t = useTranslations('platformTabs');
  const ts = useTranslations('shortLinks');
  const [short, setShort] = useState<string | null>(null);
  const [shortError, setShortError] = useState<string | null>(null);
  const [shortening, start] = useTransition();
  const te = useTranslations('errors');
  const shown = short ?? url;
  const makeShort = () =>
    start(async () => {
      setShortError(null);
      try {
        const r = await createShortLinkAction(input);
        if (r.ok) setShort(r.data?.url ?? null);
        else setShortError(te('error' in r && r.error === 'notFound' ? 'notFound' : 'unknown'));
      } catch {
        setShortError(te('network'));
      }
    });
  return (
    <section aria-labelledby="built-link-title" className="flex flex-col gap-4 rounded-xl border border-brand-100 bg-brand-50 p-4" data-testid="built-panel">
      <h3 id="built-link-title" className="text-sm font-semibold">
        {t('builtTitle')}
      </h3>
      <div className="grid gap-4 sm:grid-cols-[1fr_auto]">
        <div className="flex min-w-0 flex-col gap-3">
          <p dir="ltr" className="rounded-lg bg-white px-3 py-2 text-start font-mono text-sm break-all" data-testid="built-link">
            <bdi dir="ltr">{url}</bdi>
          </p>
          <LinkActions url={url} testId="built" />
          {short ? (
            <div className="flex flex-col gap-2">
              <p className="text-xs font-medium">{ts('title')}</p>
              <p dir="ltr" className="rounded-lg bg-white px-3 py-2 text-start font-mono text-sm break-all" data-testid="short-link">
                <bdi dir="ltr">{short}</bdi>
              </p>
              <LinkActions url={short} testId="short" />
            </div>
          ) : (
            <div>
              <Button type="button" variant="ghost" pending={shortening} onClick={makeShort} data-testid="make-short-link">
                {ts('make')}
              </Button>
            </div>
          )}
          <Notice tone="error">{shortError}</Notice>
        </div>
        <QrCode value={shown} label={t('qr')} />
      </div>
    </section>
  );
}

/** Open (a new tab), copy, and share where the browser can. */
function LinkActions({ url, testId }: { url: string; testId: string }) {
  const t = useTranslations('platformTabs');
  const [copied, setCopied] = useState(false);
  // Shown only after a link is built in the browser, never in server HTML: no hydration to mismatch.
  const canShare = typeof navigator !== 'undefined' && typeof navigator.share === 'function';
  const btn = 'inline-flex min-h-10 items-center rounded-lg border border-slate-300 bg-white px-3 text-sm font-semibold text-ink hover:bg-slate-50';
  return (
    <div className="flex flex-wrap gap-2">
      <a href={url} target="_blank" rel="noreferrer" className={btn} data-testid={`${testId}-open`}>
        {t('open')}
      </a>
      <button
        type="button"
        className={btn}
        onClick={async () => {
          await navigator.clipboard?.writeText(url).catch(() => undefined);
          setCopied(true);
        }}
        data-testid={`${testId}-copy`}
      >
        <span aria-live="polite">{copied ? t('copied') : t('copy')}</span>
      </button>
      {canShare && (
        <button type="button" className={btn} onClick={() => navigator.share({ url }).catch(() => undefined)} data-testid={`${testId}-share`}>
          {t('share')}
        </button>
      )}
    </div>
  );
}

/** A QR code of the link, drawn as SVG by the `qrcode` package (loaded only when a link is built). */
function QrCode({ value, label }: { value: string; label: string }) {
  const [svg, setSvg] = useState<string | null>(null);
  useEffect(() => {
    let live = true;
    import('qrcode')
      .then((q) => q.toString(value, { type: 'svg', margin: 1, errorCorrectionLevel: 'M' }))
      .then((s) => live && setSvg(s))
      .catch(() => live && setSvg(null));
    return () => {
      live = false;
    };
  }, [value]);
  return (
    <div
      role="img"
      aria-label={label}
      className="size-40 justify-self-center rounded-lg bg-white p-2 sm:justify-self-end [&>svg]:size-full"
      data-testid="link-qr"
      data-value={value}
      // The SVG is the qrcode package's output for our own link: squares, no text from the link.
      dangerouslySetInnerHTML={svg ? { __html: svg } : undefined}
    />
  );
}
