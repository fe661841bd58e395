import { notFound } from 'next/navigation';
import { getTranslations } from 'next-intl/server';
import { ExportProgress } from '@/components/reports/export-progress';
import { Card } from '@/components/ui/card';
import { getDb } from '@/db';
import { requireUserActor } from '@/lib/auth/session';
import { getExport } from '@/lib/reports/background';

/** A background export's page, for merchants and staff alike: progress, then the download. Its owner only. */
export async function ExportPage({ id }: { id: string }) {
  const { actor } = await requireUserActor();
  const e = await getExport(getDb(), actor, id);
  if (!e) notFound();
  const t = await getTranslations('reports');
  return (
    <div className="flex flex-col gap-6">
      <h1 className="text-2xl font-bold">{t('exportTitle')}</h1>
      <Card title={t('exports')}>
        <p className="mb-4 text-sm text-muted">{t('exportNote')}</p>
        <ExportProgress id={e.id} initial={{ state: e.state, done: e.done, total: e.total, error: e.error }} />
      </Card>
    </div>
  );
}
