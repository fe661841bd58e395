import { getLocale, getTranslations } from 'next-intl/server';
import { canStaff } from '@/lib/staff/permissions';
import { StaffWrite } from '@/components/staff/staff-write';
import { PageHeader } from '@/components/ui/page-header';
import { getDb } from '@/db';
import { requireStaffActor } from '@/lib/auth/session';
import { listConnectors } from '@/lib/connectors';
import { formatDate } from '@/lib/date/format';
import type { Locale } from '@/lib/i18n/config';
import { titled } from '@/lib/i18n/metadata';
import { saveConnectorAction, testConnectorAction } from './actions';
import { ConnectorCard } from './_components/connector-card';

export const generateMetadata = titled('connectors', 'title');

/** Staff set the upstream credentials here: one card per connector kind, effective at once. */
export default async function ConnectorsPage() {
  const { actor } = await requireStaffActor('connectors');
  const t = await getTranslations('connectors');
  const locale = (await getLocale()) as Locale;
  const views = await listConnectors(getDb(), actor);
  return (
    <div className="flex flex-col gap-6">
      <PageHeader title={t('title')} intro={t('intro')} />
      {views.map(({ updatedAt, ...view }) => (
        <StaffWrite key={view.id} may={canStaff(actor, 'connectors', 'write')} readOnly>
          <ConnectorCard
            view={view}
            lastChange={updatedAt ? { when: formatDate(updatedAt, locale, { time: true }), who: view.updatedBy } : null}
            save={saveConnectorAction}
            test={testConnectorAction}
          />
        </StaffWrite>
      ))}
    </div>
  );
}
