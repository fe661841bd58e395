import type { Metadata } from 'next';
import localFont from 'next/font/local';
import { getLocale, getTranslations } from 'next-intl/server';
import type { ReactNode } from 'react';
import { ClientMessages } from '@/components/i18n/client-messages';
import { dirOf, type Locale } from '@/lib/i18n/config';
import './globals.css';

// Vazirmatn from the `vazirmatn` npm package, served by the app itself: a subset of its variable
// font (57 kB instead of 111, made by scripts/font-subset.ts) with Persian, Latin with Latin
// Extended-A (Turkish ğ ş ı İ), ₺ and −, so one font serves all three languages (the Turkish e2e
// checks the letters are drawn by it, not by a fallback), in the weights the app uses.
const vazirmatn = localFont({
  src: './fonts/vazirmatn-subset.woff2',
  variable: '--font-vazirmatn',
  weight: '400 800',
  display: 'swap',
});

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations('shell');
  return { title: { default: t('brand'), template: `%s · ${t('brand')}` }, description: t('tagline') };
}

export default async function RootLayout({ children }: { children: ReactNode }) {
  const locale = (await getLocale()) as Locale;
  return (
    <html lang={locale} dir={dirOf(locale)} className={vazirmatn.variable}>
      <body className="min-h-dvh font-sans">
        {/* Only the locale and time zone here: each area's layout gives its client components their words. */}
        <ClientMessages area="root">{children}</ClientMessages>
      </body>
    </html>
  );
}
