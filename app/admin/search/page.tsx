import { redirect } from 'next/navigation';
import { SearchResults } from '@/components/shell/search-results';
import { getDb } from '@/db';
import { requireStaffActor } from '@/lib/auth/session';
import { titled } from '@/lib/i18n/metadata';
import { searchPayments } from '@/lib/search';

export const generateMetadata = titled('search', 'title');

/** The header search's results for staff: every merchant's payments, each naming its merchant. */
export default async function AdminSearchPage({ searchParams }: { searchParams: Promise<{ q?: string | string[] }> }) {
  const { actor } = await requireStaffActor('search');
  const { q } = await searchParams;
  const raw = typeof q === 'string' ? q : '';
  const { term, hits } = await searchPayments(getDb(), actor, raw);
  if (hits.length === 1) redirect(`/admin/reports/transactions/${hits[0].id}`);
  return <SearchResults term={term} raw={raw} hits={hits} detailBase="/admin/reports/transactions" unit="rial" />;
}
