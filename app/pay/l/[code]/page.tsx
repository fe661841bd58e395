import { notFound } from 'next/navigation';
import type { Metadata } from 'next';
import { getLocale, getTranslations } from 'next-intl/server';
import { PayForm } from '@/components/pay/pay-form';
import { payFormText } from '@/components/pay/pay-form-text';
import { Refusal } from '@/components/pay/refusal';
import { getDb } from '@/db';
import type { Locale } from '@/lib/i18n/config';
import { amountInUnit, formatAmount } from '@/lib/money';
import { publicOneOffLink } from '@/lib/payments/one-off-links';
import { payByOneOffAction } from '../../actions';
import { jalaliToday } from '../../today';

export const metadata: Metadata = { robots: { index: false } };

/** A one-off link made through the API: a fixed amount, an expiry and a usage limit. */
export default async function OneOffPage({ params }: { params: Promise<{ code: string }> }) {
  const { code } = await params;
  const t = await getTranslations('pay');
  const locale = (await getLocale()) as Locale;
  const link = await publicOneOffLink(getDb(), code);
  if (!link || !link.usable) notFound();
  if (link.expired) return <Refusal title={t('expiredTitle')} body={t('notFoundBody')} testId="link-expired" />;
  const unit = link.settings?.displayUnit ?? 'rial';
  const name = link.settings?.title ?? link.platform.name;
  const amount = link.link.amount;
  const text = await payFormText({ unit, min: amount, max: amount, lockedAmount: true });
  return (
    <section className="rounded-2xl border border-slate-200 bg-white p-5 shadow-sm sm:p-7">
      <h1 className="text-xl font-bold">{t('oneOffTitle', { amount: formatAmount(amount, locale, unit), name })}</h1>
      {link.link.description && <p className="mt-1 text-sm text-muted">{link.link.description}</p>}
      {link.gateways.includes('sandbox') && (
        <p className="mt-3 rounded-lg border border-amber-300 bg-amber-50 px-3 py-2 text-sm text-amber-900">{t('sandboxNotice')}</p>
      )}
      <div className="mt-6">
        <PayForm
          today={jalaliToday()}
          target={{ kind: 'oneOff', code, action: payByOneOffAction }}
          unit={unit}
          min={amount.toString()}
          max={amount.toString()}
          gateways={link.gateways}
          acceptSlips={false}
          deposit={null}
          prefill={{ amount: amountInUnit(amount, unit), description: link.link.description ?? '' }}
          locked={{ amount: true, description: Boolean(link.link.description) }}
          text={text}
        />
      </div>
    </section>
  );
}
