import { redirect } from 'next/navigation';
import { SearchResults } from '@/components/shell/search-results';
import { getDb } from '@/db';
import { requireMerchantActor } from '@/lib/auth/session';
import { titled } from '@/lib/i18n/metadata';
import { merchantUnit } from '@/lib/reports/background';
import { searchPayments } from '@/lib/search';

export const generateMetadata = titled('search', 'title');

/** The header search's results for a merchant: its own payments only (the Actor's platforms). */
export default async function MerchantSearchPage({ searchParams }: { searchParams: Promise<{ q?: string | string[] }> }) {
  const { actor } = await requireMerchantActor({ need: 'payments' });
  const { q } = await searchParams;
  const raw = typeof q === 'string' ? q : '';
  const db = getDb();
  const [{ term, hits }, unit] = await Promise.all([searchPayments(db, actor, raw), merchantUnit(db, actor)]);
  // One payment found: straight to it.
  if (hits.length === 1) redirect(`/reports/transactions/${hits[0].id}`);
  return <SearchResults term={term} raw={raw} hits={hits} detailBase="/reports/transactions" unit={unit} />;
}
