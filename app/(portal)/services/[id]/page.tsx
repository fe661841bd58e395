import Link from 'next/link';
import { notFound } from 'next/navigation';
import { getLocale, getTranslations } from 'next-intl/server';
import { Card } from '@/components/ui/card';
import { DataTable } from '@/components/ui/data-table';
import { getDb } from '@/db';
import { requireMerchantWithKyc } from '@/lib/auth/approved';
import { formatDate } from '@/lib/date/format';
import type { Locale } from '@/lib/i18n/config';
import { KycFirst } from '@/components/services/kyc-first';
import { getMerchantService } from '@/lib/services';
import { AddPlatformForm } from './add-platform-form';
import { titled } from '@/lib/i18n/metadata';
import { BackLink } from '@/components/ui/back-link';

export const generateMetadata = titled('services', 'title');

export default async function MerchantServicePage({ params }: { params: Promise<{ id: string }> }) {
  const { actor, approved } = await requireMerchantWithKyc({ need: 'platforms' });
  if (!approved) return <KycFirst />;
  const { id } = await params;
  const row = await getMerchantService(getDb(), actor, id);
  if (!row) notFound();
  const { merchantService, service, platforms: list } = row;
  const t = await getTranslations('services');
  const locale = (await getLocale()) as Locale;
  return (
    <div className="flex flex-col gap-6">
      <div>
        <BackLink href="/services">{t('backToServices')}</BackLink>
        <h1 className="mt-2 text-2xl font-bold">{locale === 'fa' ? service.nameFa : service.nameEn}</h1>
        <p className="mt-1 text-sm text-muted">{t(`msStatus.${merchantService.status}`)}</p>
      </div>
      <Card title={t('platforms')}>
        {list.length === 0 ? (
          <p className="text-sm text-muted">{t('noPlatforms')}</p>
        ) : (
          <DataTable caption={t('platforms')} columns={[t('fields.name'), t('fields.type'), t('state'), t('created')]}>
            {list.map((p) => (
              <tr key={p.id} className="border-b border-slate-100 last:border-0">
                <td className="py-2.5">
                  <Link href={`/platforms/${p.id}`} className="font-medium text-brand-700 hover:underline">
                    {p.name}
                  </Link>
                </td>
                <td className="py-2.5">{t(`types.${p.type}`)}</td>
                <td className="py-2.5" data-testid={`platform-status-${p.name}`}>
                  {t(`platformStatus.${p.status}`)}
                </td>
                <td className="py-2.5">{formatDate(p.createdAt, locale)}</td>
              </tr>
            ))}
          </DataTable>
        )}
      </Card>
      <Card title={t('addPlatform')}>
        <AddPlatformForm merchantServiceId={id} />
      </Card>
    </div>
  );
}
