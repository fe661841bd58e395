import { getLocale, getTranslations } from 'next-intl/server';
import Link from 'next/link';
import { Card } from '@/components/ui/card';
import { MoreLink } from '@/components/ui/list-card';
import { DataTable } from '@/components/ui/data-table';
import { Pagination } from '@/components/ui/pagination';
import { getDb } from '@/db';
import { listMerchants, merchantCounts } from '@/lib/admin/merchants';
import { requireStaffActor } from '@/lib/auth/session';
import { formatDate, localDigits } from '@/lib/date/format';
import type { Locale } from '@/lib/i18n/config';
import { titled } from '@/lib/i18n/metadata';
import { formatInteger } from '@/lib/i18n/numbers';
import { canStaff } from '@/lib/staff/permissions';

const PAGE = 25;

export const generateMetadata = titled('admin', 'title');

export default async function AdminHome({ searchParams }: { searchParams: Promise<{ page?: string }> }) {
  const { actor } = await requireStaffActor('overview');
  const t = await getTranslations('admin');
  // The merchant list is the read-only merchant view: a role without it (super admin alone) sees the menu only.
  if (!canStaff(actor, 'merchants', 'read')) {
    const ts = await getTranslations('staff');
    return (
      <div className="flex flex-col gap-2">
        <h1 className="text-2xl font-bold">{t('title')}</h1>
        <p className="text-sm text-muted">{ts('overviewIntro')}</p>
      </div>
    );
  }
  const tm = await getTranslations('adminMerchants');
  const locale = (await getLocale()) as Locale;
  const pageNo = Math.max(1, Math.min(10_000, Number.parseInt((await searchParams).page ?? '1', 10) || 1));
  const db = getDb();
  const [counts, rows] = await Promise.all([merchantCounts(db, actor), listMerchants(db, actor, { limit: PAGE + 1, offset: (pageNo - 1) * PAGE })]);
  const hasNext = rows.length > PAGE;
  const n = (v: number) => formatInteger(v, locale);
  return (
    <div className="flex flex-col gap-6">
      <h1 className="text-2xl font-bold">{t('title')}</h1>
      <div className="grid gap-4 sm:grid-cols-2">
        <Card>
          <p className="text-sm text-muted">{t('totalMerchants')}</p>
          <p className="mt-1 text-3xl font-bold" data-testid="merchant-total">
            {n(counts.total)}
          </p>
        </Card>
        <Card>
          <p className="text-sm text-muted">{t('newThisWeek')}</p>
          <p className="mt-1 text-3xl font-bold">{n(counts.lastWeek)}</p>
        </Card>
      </div>
      <Card title={t('merchants')}>
        {rows.length === 0 ? (
          <p className="text-sm text-muted">{t('empty')}</p>
        ) : (
          <DataTable caption={t('merchants')} columns={[t('name'), t('mobile'), t('joined')]}>
            {rows.slice(0, PAGE).map((m) => (
              <tr key={m.id} className="border-b border-slate-100 last:border-0">
                <td className="py-2.5">
                  <Link href={`/admin/merchants/${m.id}`} className="font-medium text-brand-700 hover:underline">
                    <bdi>
                      {m.firstName} {m.lastName}
                    </bdi>
                  </Link>
                </td>
                <td className="py-2.5">
                  <bdi dir="ltr">{localDigits(m.mobile, locale)}</bdi>
                </td>
                <td className="py-2.5">{formatDate(m.createdAt, locale, { time: true })}</td>
              </tr>
            ))}
          </DataTable>
        )}
        <Pagination
          label={t('pagination')}
          prev={pageNo > 1 ? `/admin?page=${pageNo - 1}` : undefined}
          next={hasNext ? `/admin?page=${pageNo + 1}` : undefined}
          prevLabel={t('prev')}
          nextLabel={t('next')}
        />
        <MoreLink href="/admin/merchants">{tm('searchAll')}</MoreLink>
      </Card>
    </div>
  );
}
