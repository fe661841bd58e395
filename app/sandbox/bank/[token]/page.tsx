import type { Metadata } from 'next';
import { getLocale, getTranslations } from 'next-intl/server';
import { getDb } from '@/db';
import { localDigits } from '@/lib/date/format';
import { SANDBOX_CARDS, SANDBOX_TOKEN_RE, sandboxSession } from '@/lib/gateways/sandbox';
import type { Locale } from '@/lib/i18n/config';
import { formatAmount } from '@/lib/money';
import { BankForm } from './bank-form';

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations('sandbox'))('title'), robots: { index: false } };
}

/** The sandbox bank's payment page: test cards choose the outcome. */
export default async function SandboxBankPage({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  const t = await getTranslations('sandbox');
  const locale = (await getLocale()) as Locale;
  const session = SANDBOX_TOKEN_RE.test(token) ? await sandboxSession(getDb(), token) : null;
  return (
    <section className="rounded-2xl border-4 border-dashed border-amber-500 bg-white p-5 shadow-lg">
      <p className="rounded-lg bg-amber-500 px-3 py-2 text-center text-sm font-bold text-black" role="note" data-testid="sandbox-banner">
        {t('banner')}
      </p>
      <h1 className="mt-4 text-xl font-bold">{t('title')}</h1>
      {!session ? (
        <p className="mt-4 text-sm">{t('notFound')}</p>
      ) : session.state !== 'new' ? (
        <p className="mt-4 text-sm">{t('done')}</p>
      ) : (
        <>
          <dl className="mt-4 grid grid-cols-[7rem_1fr] gap-2 text-sm">
            <dt className="text-muted">{t('amount')}</dt>
            <dd className="font-semibold" data-testid="bank-amount">
              {formatAmount(session.amount, locale)}
            </dd>
            <dt className="text-muted">{t('order')}</dt>
            <dd>
              <bdi>{localDigits(session.orderId, locale)}</bdi>
            </dd>
          </dl>
          <div className="mt-5">
            <BankForm token={token} cards={Object.entries(SANDBOX_CARDS)} />
          </div>
        </>
      )}
    </section>
  );
}
