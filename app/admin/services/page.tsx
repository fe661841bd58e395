import { getLocale, getTranslations } from 'next-intl/server';
import { getDb } from '@/db';
import { Card } from '@/components/ui/card';
import { FeeEditor } from './fee-editor';
import { requireStaffActor } from '@/lib/auth/session';
import { listServicesForStaff } from '@/lib/services';
import { ServiceEditor } from './service-editor';
import { PageHeader } from '@/components/ui/page-header';
import { titled } from '@/lib/i18n/metadata';

export const generateMetadata = titled('adminServices', 'title');

export default async function AdminServicesPage() {
  const { actor } = await requireStaffActor();
  const t = await getTranslations('adminServices');
  const locale = await getLocale();
  const all = await listServicesForStaff(getDb(), actor);
  const feeOf = (f: (typeof all)[number]['fee']) => {
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
          {all.map(({ service: s, fee }) => (
            <FeeEditor key={s.id} serviceId={s.id} name={locale === 'fa' ? s.nameFa : s.nameEn} initial={feeOf(fee)} />
          ))}
        </div>
      </Card>
      {all.map(({ service: s, terms }) => (
        <ServiceEditor
          key={s.id}
          service={{ id: s.id, nameFa: s.nameFa, nameEn: s.nameEn, descriptionFa: s.descriptionFa, descriptionEn: s.descriptionEn, active: s.active }}
          terms={terms ? { version: terms.version, fa: terms.bodyFa, en: terms.bodyEn } : null}
        />
      ))}
    </div>
  );
}
