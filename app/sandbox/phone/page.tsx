import { randomInt } from 'node:crypto';
import type { Metadata } from 'next';
import { connection } from 'next/server';
import { getLocale, getTranslations } from 'next-intl/server';
import { setLocaleAction } from '@/app/actions/locale';
import { LocaleSwitcher } from '@/components/shell/locale-switcher';
import { SANDBOX_CARDS } from '@/lib/gateways/sandbox';
import type { Locale } from '@/lib/i18n/config';
import { LOOKUP_ERRORS } from '@/lib/ivr';
import { inLocale } from './bilingual';
import { Phone } from './phone';

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations('sandboxPhone'))('title'), robots: { index: false } };
}

/**
 * The sandbox phone: a phone payment played as text and keys, as the caller would hear it (there
 * is no SIP here). It reaches only merchants' IVR lines that run on the sandbox bank.
 */
export default async function SandboxPhonePage() {
  await connection();
  const t = await getTranslations('sandboxPhone');
  const tb = await getTranslations('sandbox');
  const locale = (await getLocale()) as Locale;
  const lookupMessages = Object.fromEntries(Object.entries(LOOKUP_ERRORS).map(([code, text]) => [code, inLocale(text, locale)]));
  // A caller number of its own for each visit, so one tester's wrong tries do not block another's.
  const caller = `0912${String(randomInt(0, 10_000_000)).padStart(7, '0')}`;
  return (
    // The sandbox's column is a phone's width; on a desk the phone and what goes on behind it sit side by side.
    <section className="rounded-2xl border-4 border-dashed border-amber-500 bg-white p-4 shadow-lg sm:p-5 lg:-mx-56">
      <p className="rounded-lg bg-amber-500 px-3 py-2 text-center text-sm font-bold text-black" role="note" data-testid="sandbox-banner">
        {tb('banner')}
      </p>
      <div className="mt-4 flex flex-wrap items-center justify-between gap-3">
        <h1 className="text-xl font-bold">{t('title')}</h1>
        <LocaleSwitcher setLocale={setLocaleAction} />
      </div>
      <p className="mt-2 text-sm text-muted">{t('intro')}</p>
      <Phone defaultCaller={caller} cards={Object.entries(SANDBOX_CARDS)} lookupMessages={lookupMessages} />
    </section>
  );
}
