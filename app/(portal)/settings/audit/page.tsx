import { getTranslations } from 'next-intl/server';
import { AuditEventList } from '@/components/audit/event-list';
import { AuditFilters, auditHref } from '@/components/audit/filters';
import { Card } from '@/components/ui/card';
import { PageHeader } from '@/components/ui/page-header';
import { Pagination } from '@/components/ui/pagination';
import { getDb } from '@/db';
import { listAuditEvents, readAuditQuery } from '@/lib/audit/list';
import { requireMerchantActor } from '@/lib/auth/session';
import { titled } from '@/lib/i18n/metadata';

export const generateMetadata = titled('audit', 'title');

/** A merchant: their own business's trail (the Actor's merchant only), staff named as support staff. */
export default async function MerchantAuditPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const { actor } = await requireMerchantActor({ need: 'team' });
  const { query, filters, errors } = readAuditQuery(await searchParams, 'merchant');
  const bad = Object.keys(errors).length > 0;
  const list = bad ? { rows: [], next: null } : await listAuditEvents(getDb(), actor, filters);
  const t = await getTranslations('audit');
  const path = '/settings/audit';
  const filtered = Object.entries(query).some(([k, v]) => k !== 'before' && v);
  return (
    <div className="flex flex-col gap-6">
      <PageHeader title={t('title')} intro={t('merchantIntro')} />
      <Card title={t('listTitle')}>
        <AuditFilters action={path} query={query} errors={errors} audience="merchant" />
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
          <AuditEventList rows={list.rows} audience="merchant" />
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
