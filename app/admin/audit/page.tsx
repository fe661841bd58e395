import { AuditTrailView } from '@/components/audit/trail-view';
import { getDb } from '@/db';
import { listAuditEvents, readAuditQuery } from '@/lib/audit/list';
import { requireStaffActor } from '@/lib/auth/session';
import { titled } from '@/lib/i18n/metadata';

export const generateMetadata = titled('audit', 'title');

/** Staff: the whole audit trail, filtered by who, business, object, action and days; newest first, older by keyset. */
export default async function AdminAuditPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const { actor } = await requireStaffActor('audit');
  const { query, filters, errors } = readAuditQuery(await searchParams);
  const list = Object.keys(errors).length > 0 ? { rows: [], next: null } : await listAuditEvents(getDb(), actor, filters);
  return <AuditTrailView path="/admin/audit" audience="staff" query={query} errors={errors} list={list} />;
}
