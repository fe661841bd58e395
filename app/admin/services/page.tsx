import type { Metadata } from 'next';
import { getTranslations } from 'next-intl/server';
import { asc } from 'drizzle-orm';
import { getDb } from '@/db';
import { services } from '@/db/schema';
import { requireAdmin } from '@/lib/auth/session';
import { currentTerms } from '@/lib/services';
import { ServiceEditor } from './service-editor';

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations('adminServices'))('title') };
}

export default async function AdminServicesPage() {
  await requireAdmin();
  const t = await getTranslations('adminServices');
  const db = getDb();
  const all = await db.select().from(services).orderBy(asc(services.sortOrder));
  const withTerms = await Promise.all(all.map(async (s) => ({ s, terms: await currentTerms(db, s.id) })));
  return (
    <div className="flex flex-col gap-6">
      <div>
        <h1 className="text-2xl font-bold">{t('title')}</h1>
        <p className="mt-1 text-sm text-muted">{t('subtitle')}</p>
      </div>
      {withTerms.map(({ s, terms }) => (
        <ServiceEditor
          key={s.id}
          service={{ id: s.id, nameFa: s.nameFa, nameEn: s.nameEn, descriptionFa: s.descriptionFa, descriptionEn: s.descriptionEn, active: s.active }}
          terms={terms ? { version: terms.version, fa: terms.bodyFa, en: terms.bodyEn } : null}
        />
      ))}
    </div>
  );
}
