import { Suspense } from 'react';
import type { Metadata } from 'next';
import { getTranslations } from 'next-intl/server';
import { notFound } from 'next/navigation';
import { cache } from 'react';
import { PayForm } from '@/components/pay/pay-form';
import { payFormText } from '@/components/pay/pay-form-text';
import { Refusal } from '@/components/pay/refusal';
import { getDb } from '@/db';
import { env } from '@/lib/env';
import { amountInUnit } from '@/lib/money';
import { checkSignature, prefillOf, publicLink } from '@/lib/payments/link-settings';
import { retryablePayment } from '@/lib/payments/pay-by-link';
import { payByLinkAction } from '../actions';
import { jalaliToday } from '../today';

/** The metadata and the page read the link once per request. */
const linkOf = cache((handle: string) => publicLink(getDb(), handle));

type Props = { params: Promise<{ handle: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const link = await linkOf((await params).handle);
  const t = await getTranslations('pay');
  return { title: link ? t('title', { name: link.settings.title }) : t('notFoundTitle'), robots: { index: false } };
}

/** OpenPay: the payer's page of a merchant's payment link, prefilled from the query. */
export default async function PayPage({ params, searchParams }: Props) {
  const { handle } = await params;
  const query = await searchParams;
  const t = await getTranslations('pay');
  const db = getDb();
  const link = await linkOf(handle);
  // An unknown or disabled link answers 404 (app/pay/not-found.tsx), not a 200 that says so.
  if (!link) notFound();
  const { settings } = link;
  const sig = checkSignature(settings, query);
  if (sig === 'invalid') return <Refusal title={t('tamperedTitle')} body={t('tamperedBody')} testId="link-tampered" />;

  const prefill = prefillOf(query);
  const locked =
    sig === 'valid' ? { amount: prefill.amount !== undefined, name: prefill.name !== undefined, description: prefill.description !== undefined } : {};
  const values: Record<string, string> = { ...prefill } as Record<string, string>;
  let retryOf: string | null = null;
  if (typeof query.retry === 'string') {
    const prev = await retryablePayment(db, settings.platformId, query.retry);
    if (prev) {
      retryOf = prev.id;
      Object.assign(values, {
        name: prev.payerName ?? '',
        mobile: prev.payerMobile ?? '',
        phone: prev.payerPhone ?? '',
        amount: amountInUnit(prev.amount, settings.displayUnit),
        description: prev.description ?? '',
      });
      if (prev.amountLocked) locked.amount = true;
    }
  }
  const q: Record<string, string> = {};
  for (const [k, v] of Object.entries(query)) if (typeof v === 'string' && k !== 'retry') q[k] = v;
  const e = env();
  const deposit = e.DEPOSIT_ACCOUNT_IBAN
    ? { iban: e.DEPOSIT_ACCOUNT_IBAN, holder: e.DEPOSIT_ACCOUNT_HOLDER ?? '' }
    : e.APP_ENV !== 'production'
      ? { iban: 'IR820540102680020817909002', holder: t('gateways.sandbox') }
      : null;
  const acceptSlips = settings.acceptSlips && deposit !== null;
  const text = await payFormText({ unit: settings.displayUnit, min: settings.minAmount, max: settings.maxAmount, lockedAmount: Boolean(locked.amount) });

  return (
    <section className="rounded-2xl border border-slate-200 bg-white p-5 shadow-sm sm:p-7">
      {settings.logoKey && (
        // eslint-disable-next-line @next/next/no-img-element -- a small merchant upload served by our own route
        <img src={`/pay/logo/${settings.handle}`} alt="" className="mb-3 h-14 w-auto" />
      )}
      <h1 className="text-xl font-bold">{t('title', { name: settings.title })}</h1>
      <p className="mt-1 text-sm text-muted">{t('secure')}</p>
      {link.gateways.includes('sandbox') && (
        <p className="mt-3 rounded-lg border border-amber-300 bg-amber-50 px-3 py-2 text-sm text-amber-900" data-testid="sandbox-notice">
          {t('sandboxNotice')}
        </p>
      )}
      {retryOf && <p className="mt-3 rounded-lg bg-brand-50 px-3 py-2 text-sm text-brand-800">{t('retrying')}</p>}
      <div className="mt-6">
        <Suspense>
          <PayForm
            today={jalaliToday()}
            target={{ kind: 'link', handle: settings.handle, query: q, retryOf, action: payByLinkAction }}
            unit={settings.displayUnit}
            min={settings.minAmount.toString()}
            max={settings.maxAmount.toString()}
            gateways={link.gateways}
            acceptSlips={acceptSlips}
            deposit={acceptSlips ? deposit : null}
            prefill={values}
            locked={locked}
            text={text}
          />
        </Suspense>
      </div>
    </section>
  );
}
