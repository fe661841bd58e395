import type { Metadata } from 'next';
import { getLocale, getTranslations } from 'next-intl/server';
import { asc } from 'drizzle-orm';
import { getDb } from '@/db';
import { feeRules, services } from '@/db/schema';
import { Card } from '@/components/ui/card';
import { FeeEditor } from './fee-editor';
import { requireAdmin } from '@/lib/auth/session';
import { currentTerms } from '@/lib/services';
import { ServiceEditor } from './service-editor';
import { PageHeader } from '@/components/ui/page-header';

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations('adminServices'))('title') };
}

export default async function AdminServicesPage() {
  await requireAdmin();
  const t = await getTranslations('adminServices');
  const locale = await getLocale();
  const db = getDb();
  const all = await db.select().from(services).orderBy(asc(services.sortOrder));
  const withTerms = await Promise.all(all.map(async (s) => ({ s, terms: await currentTerms(db, s.id) })));
  const fees = await db.select().from(feeRules);
  const feeOf = (id: string) => {
    const f = fees.find((x) => x.serviceId === id);
    if (!f) return { percent: '0', fixed: '0', min: '0', max: '' };
    const pct = `${Math.floor(f.percentBasisPoints / 100)}${
      f.percentBasisPoints % 100
        ? `.${String(f.percentBasisPoints % 100)
            .padStart(2, '0')
            .replace(/0$/, '')}`
        : ''
    }`;
    return { percent: pct, fixed: f.fixed.toString(), min: f.min.toString(), max: f.max?.toString() ?? '' };
  };
  return (
    <div className="flex flex-col gap-6">
      <PageHeader title={t('title')} intro={t('subtitle')} />
      <Card title={t('feesTitle')}>
        <p className="mb-4 text-sm text-muted">{t('feesSubtitle')}</p>
        <div className="flex flex-col gap-4 divide-y divide-slate-100">
          {all.map((s) => (
            <FeeEditor key={s.id} serviceId={s.id} name={locale === 'fa' ? s.nameFa : s.nameEn} initial={feeOf(s.id)} />
          ))}
        </div>
      </Card>
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
