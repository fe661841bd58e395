import { getLocale, getTranslations } from 'next-intl/server';
import { StaffWrite } from '@/components/staff/staff-write';
import { getDb } from '@/db';
import { Card } from '@/components/ui/card';
import { FeeEditor } from './fee-editor';
import { requireStaffActor } from '@/lib/auth/session';
import { listServicesForStaff } from '@/lib/services';
import { listPendingFeeChanges } from '@/lib/payments/fees';
import { formatInteger } from '@/lib/i18n/numbers';
import type { Locale } from '@/lib/i18n/config';
import { localDigits } from '@/lib/date/format';
import { canStaff } from '@/lib/staff/permissions';
import { PendingFeeChanges } from './pending-fee-changes';
import { ServiceEditor } from './service-editor';
import { PageHeader } from '@/components/ui/page-header';
import { titled } from '@/lib/i18n/metadata';

export const generateMetadata = titled('adminServices', 'title');

export default async function AdminServicesPage() {
  const { actor } = await requireStaffActor('services');
  const t = await getTranslations('adminServices');
  const locale = await getLocale();
  const ts = await getTranslations('staff');
  const [all, pending] = await Promise.all([listServicesForStaff(getDb(), actor), listPendingFeeChanges(getDb(), actor)]);
  const percentOf = (bp: number) =>
    `${Math.floor(bp / 100)}${
      bp % 100
        ? `.${String(bp % 100)
            .padStart(2, '0')
            .replace(/0$/, '')}`
        : ''
    }`;
  const n = (v: bigint) => formatInteger(v, locale as Locale);
  const nameOf = (id: string) => {
    const s = all.find((x) => x.service.id === id)?.service;
    return s ? (locale === 'fa' ? s.nameFa : s.nameEn) : id;
  };
  const changes = pending.map((c) => ({
    id: c.id,
    service: nameOf(c.serviceId),
    rule: ts('feeRule', {
      percent: localDigits(percentOf(c.percentBasisPoints), locale as Locale),
      fixed: n(c.fixed),
      min: n(c.min),
      max: c.max === null ? ts('noMax') : n(c.max),
    }),
    proposer: c.proposerName,
    mine: c.proposedBy === actor.userId,
  }));
  const canChange = canStaff(actor, 'services', 'write');
  const feeOf = (f: (typeof all)[number]['fee']) => {
    if (!f) return { percent: '0', fixed: '0', min: '0', max: '' };
    const pct = percentOf(f.percentBasisPoints);
    return { percent: pct, fixed: f.fixed.toString(), min: f.min.toString(), max: f.max?.toString() ?? '' };
  };
  return (
    <div className="flex flex-col gap-6">
      <PageHeader title={t('title')} intro={t('subtitle')} />
      {changes.length ? (
        <Card title={ts('pendingFeesTitle')}>
          <p className="mb-2 text-sm text-muted">{ts('pendingFeesIntro')}</p>
          <PendingFeeChanges changes={changes} canDecide={canChange} />
        </Card>
      ) : null}
      <Card title={t('feesTitle')}>
        <p className="mb-4 text-sm text-muted">{t('feesSubtitle')}</p>
        <div className="flex flex-col gap-4 divide-y divide-slate-100">
          {all.map(({ service: s, fee }) => (
            <StaffWrite key={s.id} may={canChange} readOnly>
              <FeeEditor serviceId={s.id} name={locale === 'fa' ? s.nameFa : s.nameEn} initial={feeOf(fee)} />
            </StaffWrite>
          ))}
        </div>
      </Card>
      {all.map(({ service: s, terms }) => (
        <StaffWrite key={s.id} may={canChange} readOnly>
          <ServiceEditor
            service={{ id: s.id, nameFa: s.nameFa, nameEn: s.nameEn, descriptionFa: s.descriptionFa, descriptionEn: s.descriptionEn, active: s.active }}
            terms={terms ? { version: terms.version, fa: terms.bodyFa, en: terms.bodyEn } : null}
          />
        </StaffWrite>
      ))}
    </div>
  );
}
