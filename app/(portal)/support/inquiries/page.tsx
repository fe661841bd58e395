import Link from 'next/link';
import { getTranslations } from 'next-intl/server';
import { InquiryTable } from '@/components/inquiries/inquiry-table';
import { BackLink } from '@/components/ui/back-link';
import { Card } from '@/components/ui/card';
import { PageHeader } from '@/components/ui/page-header';
import { Pagination } from '@/components/ui/pagination';
import { getDb } from '@/db';
import { requireMerchantActor } from '@/lib/auth/session';
import { titled } from '@/lib/i18n/metadata';
import { INQUIRY_PAGE, listInquiries } from '@/lib/support/inquiries';
import { inquiryListSchema } from '@/lib/support/inquiries-schema';

export const generateMetadata = titled('inquiries', 'title');

const STATES = ['all', 'open', 'answered', 'closed'] as const;

/** The business's payers' inquiries (from /pay/help), newest first, filtered by state. */
export default async function InquiriesPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const { actor } = await requireMerchantActor({ need: 'payments' });
  const t = await getTranslations('inquiries');
  const f = inquiryListSchema.parse(await searchParams);
  const { rows, total } = await listInquiries(getDb(), actor, f);
  const href = (state: string, page = 1) => {
    const q = new URLSearchParams();
    if (state !== 'all') q.set('state', state);
    if (page > 1) q.set('page', String(page));
    const s = q.toString();
    return `/support/inquiries${s ? `?${s}` : ''}`;
  };
  return (
    <div className="flex flex-col gap-6">
      <div>
        <BackLink href="/support">{t('backToSupport')}</BackLink>
        <div className="mt-2">
          <PageHeader title={t('title')} intro={t('intro')} />
        </div>
      </div>
      <nav aria-label={t('filter')} className="flex flex-wrap gap-2">
        {STATES.map((s) => (
          <Link
            key={s}
            href={href(s)}
            aria-current={f.state === s ? 'page' : undefined}
            className={`inline-flex min-h-11 items-center rounded-full border px-4 text-sm ${f.state === s ? 'border-brand-600 bg-brand-50 font-semibold text-brand-800' : 'border-slate-300 bg-white text-ink hover:bg-slate-50'}`}
          >
            {s === 'all' ? t('all') : t(`states.${s}`)}
          </Link>
        ))}
      </nav>
      <Card>
        {rows.length === 0 ? (
          <p className="text-sm text-muted" data-testid="inquiries-empty">
            {f.state === 'all' ? t('empty') : t('emptyFiltered')}
          </p>
        ) : (
          <InquiryTable rows={rows} hrefOf={(id) => `/support/inquiries/${id}`} now={new Date()} testId="inquiry-list" />
        )}
        <Pagination
          label={t('pages')}
          prev={f.page > 1 ? href(f.state, f.page - 1) : undefined}
          next={f.page * INQUIRY_PAGE < total ? href(f.state, f.page + 1) : undefined}
          prevLabel={t('prev')}
          nextLabel={t('next')}
        />
      </Card>
    </div>
  );
}
