import Link from 'next/link';
import { getTranslations } from 'next-intl/server';

export default async function NotFound() {
  const t = await getTranslations('notFound');
  return (
    <main className="flex min-h-dvh flex-col items-center justify-center gap-3 px-6 text-center">
      <p className="text-5xl font-extrabold text-brand-700">{t('code')}</p>
      <h1 className="text-xl font-bold">{t('title')}</h1>
      <Link href="/" className="mt-2 font-medium text-brand-700 underline-offset-4 hover:underline">
        {t('home')}
      </Link>
    </main>
  );
}
