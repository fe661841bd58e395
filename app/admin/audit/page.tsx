import { getTranslations } from 'next-intl/server';
import { AuditEventList } from '@/components/audit/event-list';
import { AuditFilters, auditHref } from '@/components/audit/filters';
import { Card } from '@/components/ui/card';
import { PageHeader } from '@/components/ui/page-header';
import { Pagination } from '@/components/ui/pagination';
import { getDb } from '@/db';
import { listAuditEvents, readAuditQuery } from '@/lib/audit/list';
import { requireStaffActor } from '@/lib/auth/session';
import { titled } from '@/lib/i18n/metadata';

export const generateMetadata = titled('audit', 'title');

/** Staff: the whole audit trail, filtered by who, business, object, action and days; newest first, older by keyset. */
export default async function AdminAuditPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const { actor } = await requireStaffActor('audit');
  const { query, filters, errors } = readAuditQuery(await searchParams);
  const bad = Object.keys(errors).length > 0;
  const list = bad ? { rows: [], next: null } : await listAuditEvents(getDb(), actor, filters);
  const t = await getTranslations('audit');
  const path = '/admin/audit';
  const filtered = Object.entries(query).some(([k, v]) => k !== 'before' && v);
  return (
    <div className="flex flex-col gap-6">
      <PageHeader title={t('title')} intro={t('intro')} />
      <Card title={t('listTitle')}>
        <AuditFilters action={path} query={query} errors={errors} audience="staff" />
        {!bad && (
          <p className="mb-4">
            <a className="text-sm font-medium text-brand-700 hover:underline" href={auditHref(`${path}/export`, query)} data-testid="audit-export" download>
              {t('export')}
            </a>
          </p>
        )}
        {list.rows.length === 0 ? (
          <p className="text-sm text-muted" data-testid="no-events">
            {query.before ? t('noOlder') : filtered ? t('noMatch') : t('empty')}
          </p>
        ) : (
          <AuditEventList rows={list.rows} audience="staff" />
        )}
        <Pagination
          label={t('pagination')}
          prev={query.before ? auditHref(path, query) : undefined}
          next={list.next ? auditHref(path, query, list.next) : undefined}
          prevLabel={t('newest')}
          nextLabel={t('older')}
        />
      </Card>
    </div>
  );
}
