import type { Metadata } from 'next';
import { getTranslations } from 'next-intl/server';
import { PayHelpForm } from '@/components/inquiries/pay-help-form';
import { isValidTrackingCode } from '@/lib/payments/tracking';
import { askAboutPaymentAction } from './actions';

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations('payHelp');
  return { title: t('title'), robots: { index: false } };
}

/**
 * Help for a payer with a problem payment (money taken, no receipt): no login. A receipt links here
 * with its tracking code filled in (`?code=`); the mobile is always the payer's to type.
 */
export default async function PayHelpPage({ searchParams }: { searchParams: Promise<{ code?: string | string[] }> }) {
  const t = await getTranslations('payHelp');
  const code = (await searchParams).code;
  const prefill = typeof code === 'string' && isValidTrackingCode(code) ? code : '';
  return (
    <section className="rounded-2xl border border-slate-200 bg-white p-5 shadow-sm sm:p-7" data-testid="pay-help">
      <h1 className="text-xl font-bold">{t('title')}</h1>
      <p className="mt-2 text-sm text-muted">{t('intro')}</p>
      <div className="mt-5">
        <PayHelpForm action={askAboutPaymentAction} defaultCode={prefill} />
      </div>
    </section>
  );
}
