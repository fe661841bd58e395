import Link from 'next/link';
import { getTranslations } from 'next-intl/server';

export default async function Forbidden() {
  const t = await getTranslations('forbidden');
  return (
    <main className="flex min-h-dvh flex-col items-center justify-center gap-3 px-6 text-center">
      <p className="text-5xl font-extrabold text-brand-700">{t('code')}</p>
      <h1 className="text-xl font-bold" data-testid="forbidden">
        {t('title')}
      </h1>
      <p className="max-w-sm text-sm text-muted">{t('body')}</p>
      <Link href="/" className="mt-2 font-medium text-brand-700 underline-offset-4 hover:underline">
        {t('home')}
      </Link>
    </main>
  );
}
