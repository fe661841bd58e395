import { getTranslations } from 'next-intl/server';
import { AuditEventList } from '@/components/audit/event-list';
import { AuditFilters, auditHref } from '@/components/audit/filters';
import { Card } from '@/components/ui/card';
import { PageHeader } from '@/components/ui/page-header';
import { Pagination } from '@/components/ui/pagination';
import type { listAuditEvents, readAuditQuery } from '@/lib/audit/list';

type Read = ReturnType<typeof readAuditQuery>;

/**
 * The audit trail page, for staff (`/admin/audit`, everyone's) and for a business (`/settings/audit`,
 * its own, staff named as support staff): filters, the export link, the events, older by keyset.
 * What it lists was read through the page's Actor.
 */
export async function AuditTrailView({
  path,
  audience,
  query,
  errors,
  list,
}: {
  path: string;
  audience: 'staff' | 'merchant';
  query: Read['query'];
  errors: Read['errors'];
  list: Awaited<ReturnType<typeof listAuditEvents>>;
}) {
  const t = await getTranslations('audit');
  const bad = Object.keys(errors).length > 0;
  const filtered = Object.entries(query).some(([k, v]) => k !== 'before' && v);
  return (
    <div className="flex flex-col gap-6">
      <PageHeader title={t('title')} intro={t(audience === 'staff' ? 'intro' : 'merchantIntro')} />
      <Card title={t('listTitle')}>
        <AuditFilters action={path} query={query} errors={errors} audience={audience} />
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
          <AuditEventList rows={list.rows} audience={audience} />
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
