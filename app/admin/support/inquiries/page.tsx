import { getTranslations } from 'next-intl/server';
import { InquiryTable } from '@/components/inquiries/inquiry-table';
import { Card } from '@/components/ui/card';
import { PageHeader } from '@/components/ui/page-header';
import { Pagination } from '@/components/ui/pagination';
import { getDb } from '@/db';
import { requireStaffActor } from '@/lib/auth/session';
import { titled } from '@/lib/i18n/metadata';
import { INQUIRY_PAGE, listOverdueInquiries } from '@/lib/support/inquiries';

export const generateMetadata = titled('adminInquiries', 'title');

/** Payers' inquiries their merchant left unanswered a working day, the longest overdue first. */
export default async function AdminInquiriesPage({ searchParams }: { searchParams: Promise<{ page?: string }> }) {
  const { actor } = await requireStaffActor('support');
  const t = await getTranslations('adminInquiries');
  const ti = await getTranslations('inquiries');
  const page = Math.min(1000, Math.max(1, Number((await searchParams).page) || 1));
  const now = new Date();
  const { rows, total } = await listOverdueInquiries(getDb(), actor, page, now);
  const merchants = new Map(rows.map((r) => [r.id, r.merchantName]));
  return (
    <div className="flex flex-col gap-6">
      <PageHeader title={t('title')} intro={t('intro')} />
      <Card>
        {rows.length === 0 ? (
          <p className="text-sm text-muted" data-testid="admin-inquiries-empty">
            {t('empty')}
          </p>
        ) : (
          <InquiryTable
            rows={rows}
            hrefOf={(id) => `/admin/support/inquiries/${id}`}
            now={now}
            merchantOf={(id) => merchants.get(id) ?? ''}
            testId="admin-inquiry-list"
          />
        )}
        <Pagination
          label={ti('pages')}
          prev={page > 1 ? `/admin/support/inquiries?page=${page - 1}` : undefined}
          next={page * INQUIRY_PAGE < total ? `/admin/support/inquiries?page=${page + 1}` : undefined}
          prevLabel={ti('prev')}
          nextLabel={ti('next')}
        />
      </Card>
    </div>
  );
}
