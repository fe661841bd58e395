import type { Metadata } from 'next';
import { getLocale, getTranslations } from 'next-intl/server';
import { Refusal } from '@/components/pay/refusal';
import { getDb } from '@/db';
import { localDigits } from '@/lib/date/format';
import { env } from '@/lib/env';
import { SANDBOX_CARDS } from '@/lib/gateways/sandbox';
import type { Locale } from '@/lib/i18n/config';
import { SANDBOX_TOPUP_RULES } from '@/lib/topup/sandbox';
import { storeByHandle, storeProducts } from '@/lib/topup/store';
import { StoreForm } from '../_components/store-form';
import { storeProductOf } from '../_components/types';
import { orderTopupAction } from '../actions';

type Props = { params: Promise<{ handle: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const store = await storeByHandle(getDb(), (await params).handle);
  const t = await getTranslations('topupStore');
  return { title: store ? t('metaTitle', { name: store.title }) : t('notFoundTitle'), robots: { index: false } };
}

/** The hosted top-up store of a charge platform: a buyer on a phone picks a top-up or a package and pays. */
export default async function TopupStorePage({ params }: Props) {
  const { handle } = await params;
  const t = await getTranslations('topupStore');
  const locale = (await getLocale()) as Locale;
  const db = getDb();
  const store = await storeByHandle(db, handle);
  if (!store) return <Refusal title={t('notFoundTitle')} body={t('notFoundBody')} testId="store-not-found" />;
  const products = (await storeProducts(db, store)).map((p) => storeProductOf(p, locale));
  // Test orders (a platform not yet approved) and every store outside production use the sandbox provider and bank.
  const sandbox = !store.livemode || env().APP_ENV !== 'production';
  return (
    <div className="flex flex-col gap-4">
      <header className="px-1">
        <h1 className="text-xl font-bold" data-testid="store-title">
          {store.title}
        </h1>
        <p className="mt-0.5 text-sm text-muted" data-testid="store-seller">
          {t('seller', { name: store.platformName })}
        </p>
        <p className="mt-2 text-sm text-ink">{t('intro')}</p>
      </header>
      {sandbox && <SandboxNote />}
      <section className="rounded-2xl border border-slate-200 bg-white p-4 shadow-sm sm:p-6">
        <StoreForm handle={store.handle} products={products} action={orderTopupAction} />
      </section>
      <p className="px-1 text-center text-sm text-muted" data-testid="store-help">
        {store.supportPhone ? (
          <>
            {t('help')}{' '}
            <a href={`tel:${store.supportPhone}`} className="font-medium text-brand-700 underline" dir="ltr">
              {localDigits(store.supportPhone, locale)}
            </a>
          </>
        ) : (
          t('helpNoPhone', { name: store.platformName })
        )}
      </p>
    </div>
  );
}

async function SandboxNote() {
  const t = await getTranslations('topupStore');
  const ts = await getTranslations('sandbox');
  const locale = (await getLocale()) as Locale;
  return (
    <details className="rounded-xl border border-amber-300 bg-amber-50 px-4 py-3 text-sm text-amber-950" data-testid="sandbox-note">
      <summary className="cursor-pointer font-semibold">{t('sandboxTitle')}</summary>
      <p className="mt-2">{t('sandboxBody')}</p>
      <table className="mt-2 w-full text-start">
        <thead>
          <tr>
            <th scope="col" className="py-1 text-start font-medium">
              {t('sandboxSuffix')}
            </th>
            <th scope="col" className="py-1 text-start font-medium">
              {t('sandboxOutcome')}
            </th>
          </tr>
        </thead>
        <tbody>
          {SANDBOX_TOPUP_RULES.map((r) => (
            <tr key={r.suffix ?? 'any'} className="border-t border-amber-200">
              <td className="py-1">{r.suffix ? <bdi dir="ltr">…{localDigits(r.suffix, locale)}</bdi> : t('sandboxAny')}</td>
              <td className="py-1">{locale === 'fa' ? r.fa : r.en}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <p className="mt-3">{t('sandboxCards')}</p>
      <ul className="mt-1 space-y-0.5">
        {Object.entries(SANDBOX_CARDS).map(([card, behaviour]) => (
          <li key={card} className="flex flex-wrap justify-between gap-x-3">
            <bdi dir="ltr" className="font-mono tabular-nums">
              {card.replace(/(\d{4})(?=\d)/g, '$1 ')}
            </bdi>
            <span>{ts(`cards.${behaviour}`)}</span>
          </li>
        ))}
      </ul>
    </details>
  );
}
