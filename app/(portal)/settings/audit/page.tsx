import { AuditTrailView } from '@/components/audit/trail-view';
import { getDb } from '@/db';
import { listAuditEvents, readAuditQuery } from '@/lib/audit/list';
import { requireMerchantActor } from '@/lib/auth/session';
import { titled } from '@/lib/i18n/metadata';

export const generateMetadata = titled('audit', 'title');

/** A merchant: their own business's trail (the Actor's merchant only), staff named as support staff. */
export default async function MerchantAuditPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const { actor } = await requireMerchantActor({ need: 'team' });
  const { query, filters, errors } = readAuditQuery(await searchParams, 'merchant');
  const list = Object.keys(errors).length > 0 ? { rows: [], next: null } : await listAuditEvents(getDb(), actor, filters);
  return <AuditTrailView path="/settings/audit" audience="merchant" query={query} errors={errors} list={list} />;
}
