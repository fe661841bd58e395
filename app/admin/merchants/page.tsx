import Link from 'next/link';
import { getLocale, getTranslations } from 'next-intl/server';
import { Button } from '@/components/ui/button';
import { Card } from '@/components/ui/card';
import { Field } from '@/components/ui/field';
import { PageHeader } from '@/components/ui/page-header';
import { Pagination } from '@/components/ui/pagination';
import { SelectField } from '@/components/ui/select-field';
import { getDb } from '@/db';
import { listMerchants, MERCHANT_KYC_FILTERS, type MerchantKycFilter } from '@/lib/admin/merchants';
import { requireStaffActor } from '@/lib/auth/session';
import { formatDate, localDigits } from '@/lib/date/format';
import { PROVINCES } from '@/lib/geo/provinces';
import type { Locale } from '@/lib/i18n/config';
import { titled } from '@/lib/i18n/metadata';
import { listServices } from '@/lib/services';

const PAGE = 25;

export const generateMetadata = titled('adminMerchants', 'title');

type Search = { q?: string; kyc?: string; service?: string; province?: string; page?: string };

/** Staff's merchants: search by name, mobile or national code; filter by KYC state, service and province; each row opens the merchant. */
export default async function AdminMerchantsPage({ searchParams }: { searchParams: Promise<Search> }) {
  const { actor } = await requireStaffActor('merchants');
  const sp = await searchParams;
  const t = await getTranslations('adminMerchants');
  const tk = await getTranslations('kyc');
  const locale = (await getLocale()) as Locale;
  const db = getDb();
  const catalogue = await listServices(db);
  const kyc = MERCHANT_KYC_FILTERS.find((k) => k === sp.kyc) as MerchantKycFilter | undefined;
  const service = catalogue.find((s) => s.id === sp.service)?.id;
  const province = PROVINCES.find((p) => p.fa === sp.province)?.fa;
  // A repeated ?q= arrives as an array: only one string is a search.
  const q = typeof sp.q === 'string' ? sp.q.slice(0, 100) : '';
  const pageNo = Math.max(1, Math.min(400, Number.parseInt(sp.page ?? '1', 10) || 1));
  const rows = await listMerchants(db, actor, { q, kyc, service, province, limit: PAGE + 1, offset: (pageNo - 1) * PAGE });
  const serviceName = (id: string) => {
    const s = catalogue.find((c) => c.id === id);
    return s ? (locale === 'fa' ? s.nameFa : s.nameEn) : id;
  };
  const provinceName = (fa: string) => (locale === 'fa' ? fa : (PROVINCES.find((p) => p.fa === fa)?.en ?? fa));
  const kycLabel = (k: MerchantKycFilter) => (k === 'none' ? t('kycNone') : tk(`status.${k}`));
  const link = (over: Partial<Search>) => {
    const params = new URLSearchParams();
    for (const [k, v] of Object.entries({ q: q || undefined, kyc, service, province, ...over })) if (v) params.set(k, v);
    const s = params.toString();
    return s ? `/admin/merchants?${s}` : '/admin/merchants';
  };
  const shown = rows.slice(0, PAGE);
  const filtered = !!(q || kyc || service || province);
  const name = (r: (typeof rows)[number]) => (
    <>
      <bdi>{r.businessName ?? `${r.firstName} ${r.lastName}`}</bdi>
      {r.businessName && r.businessName !== `${r.firstName} ${r.lastName}` && (
        <span className="block text-xs font-normal text-muted">
          <bdi>
            {r.firstName} {r.lastName}
          </bdi>
        </span>
      )}
    </>
  );
  const services = (r: (typeof rows)[number]) =>
    r.services.length
      ? r.services
          .map((s) => serviceName(s.serviceId) + (s.status === 'active' ? '' : ` (${t(`serviceStatus.${s.status}`)})`))
          .join(locale === 'fa' ? '، ' : ', ')
      : '—';

  return (
    <div className="flex flex-col gap-6">
      <PageHeader title={t('title')} intro={t('intro')} />
      <Card>
        <form
          method="get"
          role="search"
          aria-label={t('searchLabel')}
          className="grid gap-3 sm:grid-cols-2 lg:grid-cols-[minmax(0,2fr)_minmax(0,1fr)_minmax(0,1fr)_minmax(0,1fr)_auto] lg:items-end"
        >
          <Field name="q" label={t('search')} defaultValue={q} placeholder={t('searchHint')} autoComplete="off" />
          <SelectField
            name="kyc"
            label={t('kyc')}
            defaultValue={kyc ?? ''}
            emptyLabel={t('all')}
            options={MERCHANT_KYC_FILTERS.map((k) => ({ value: k, label: kycLabel(k) }))}
          />
          <SelectField
            name="service"
            label={t('service')}
            defaultValue={service ?? ''}
            emptyLabel={t('all')}
            options={catalogue.map((s) => ({ value: s.id, label: locale === 'fa' ? s.nameFa : s.nameEn }))}
          />
          <SelectField
            name="province"
            label={t('province')}
            defaultValue={province ?? ''}
            emptyLabel={t('all')}
            options={PROVINCES.map((p) => ({ value: p.fa, label: locale === 'fa' ? p.fa : p.en }))}
          />
          <div className="flex flex-wrap gap-2">
            <Button type="submit">{t('filter')}</Button>
            {filtered && (
              <Link
                href="/admin/merchants"
                className="inline-flex min-h-11 items-center whitespace-nowrap rounded-lg px-3 text-sm font-medium text-brand-700 hover:underline"
              >
                {t('clear')}
              </Link>
            )}
          </div>
        </form>
      </Card>
      <Card title={t('listTitle')}>
        {shown.length === 0 ? (
          <p className="text-sm text-muted" data-testid="merchants-empty">
            {filtered ? t('noMatch') : t('empty')}
          </p>
        ) : (
          <>
            {/* Phones: a card per merchant, the name and KYC state first. */}
            <ul className="flex flex-col gap-3 md:hidden" data-testid="merchant-cards">
              {shown.map((r) => (
                <li key={r.id}>
                  <Link
                    href={`/admin/merchants/${r.id}`}
                    className="flex flex-col gap-1 rounded-xl border border-slate-200 p-3 text-sm hover:bg-slate-50"
                    data-testid="merchant-card"
                  >
                    <span className="font-semibold text-brand-700">{name(r)}</span>
                    <span className="flex flex-wrap gap-x-3 gap-y-1 text-muted">
                      <bdi dir="ltr">{localDigits(r.mobile, locale)}</bdi>
                      <span>{kycLabel(r.kyc ?? 'none')}</span>
                      {r.province && <span>{provinceName(r.province)}</span>}
                    </span>
                    <span className="text-xs text-muted">{services(r)}</span>
                  </Link>
                </li>
              ))}
            </ul>
            <div className="hidden md:block">
              <table className="w-full text-sm" data-testid="merchants">
                <caption className="sr-only">{t('listTitle')}</caption>
                <thead>
                  <tr className="border-b border-slate-200 text-xs text-muted">
                    {[t('name'), t('mobile'), t('kyc'), t('services'), t('province'), t('joined')].map((c) => (
                      <th key={c} scope="col" className="px-2 py-2 text-start font-medium first:ps-0">
                        {c}
                      </th>
                    ))}
                  </tr>
                </thead>
                <tbody>
                  {shown.map((r) => (
                    <tr key={r.id} className="border-b border-slate-100 align-top last:border-0" data-testid="merchant-row">
                      <td className="px-2 py-2.5 ps-0">
                        <Link href={`/admin/merchants/${r.id}`} className="font-medium text-brand-700 hover:underline">
                          {name(r)}
                        </Link>
                      </td>
                      <td className="whitespace-nowrap px-2 py-2.5">
                        <bdi dir="ltr">{localDigits(r.mobile, locale)}</bdi>
                      </td>
                      <td className="px-2 py-2.5">{kycLabel(r.kyc ?? 'none')}</td>
                      <td className="px-2 py-2.5">{services(r)}</td>
                      <td className="px-2 py-2.5">{r.province ? provinceName(r.province) : '—'}</td>
                      <td className="whitespace-nowrap px-2 py-2.5">{formatDate(r.createdAt, locale)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          </>
        )}
        <Pagination
          label={t('pages')}
          prev={pageNo > 1 ? link({ page: String(pageNo - 1) }) : undefined}
          next={rows.length > PAGE ? link({ page: String(pageNo + 1) }) : undefined}
          prevLabel={t('prev')}
          nextLabel={t('next')}
        />
      </Card>
    </div>
  );
}
