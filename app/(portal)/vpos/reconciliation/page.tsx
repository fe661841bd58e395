import Link from 'next/link';
import { getLocale, getTranslations } from 'next-intl/server';
import { KycFirst } from '@/components/services/kyc-first';
import { BackLink } from '@/components/ui/back-link';
import { Button } from '@/components/ui/button';
import { Card } from '@/components/ui/card';
import { DataTable } from '@/components/ui/data-table';
import { Notice } from '@/components/ui/notice';
import { PageHeader } from '@/components/ui/page-header';
import { SelectField } from '@/components/ui/select-field';
import { getDb } from '@/db';
import { requireMerchantWithKyc } from '@/lib/auth/approved';
import { titled } from '@/lib/i18n/metadata';
import { listVposDefinitions } from '@/lib/vpos/definitions';
import { RECON_KINDS, listReconRuns, turkishDayOf, turkishYesterday } from '@/lib/vpos/reconcile';
import { istanbulTime, turkishDay } from './_components/format';
import { RunDayForm } from './_components/run-day-form';

export const generateMetadata = titled('vposRecon', 'title');

/** The reconciliation runs of the merchant's POS definitions, per day and POS, newest day first, and a form to run a day now. */
export default async function VposReconciliationPage({ searchParams }: { searchParams: Promise<Record<string, string | undefined>> }) {
  const { actor, approved } = await requireMerchantWithKyc({ need: 'reports' });
  if (!approved) return <KycFirst />;
  const sp = await searchParams;
  const t = await getTranslations('vposRecon');
  const locale = await getLocale();
  const db = getDb();
  const definitions = await listVposDefinitions(db, actor);
  const definitionId = definitions.some((d) => d.id === sp.definition) ? sp.definition! : null;
  const runs = await listReconRuns(db, actor, { definitionId, limit: 100 });
  const now = new Date();
  const num = (n: number | undefined) => new Intl.NumberFormat(locale === 'fa' ? 'fa-IR' : locale).format(n ?? 0);
  return (
    <div className="flex flex-col gap-6">
      <PageHeader title={t('title')} intro={t('intro')}>
        <BackLink href="/vpos">{t('backToCollections')}</BackLink>
      </PageHeader>
      <Card title={t('runTitle')}>
        {definitions.length === 0 ? (
          <p className="text-sm text-muted" data-testid="recon-no-definitions">
            {t('noDefinitions')}{' '}
            <Link href="/vpos" className="font-semibold text-brand-700 hover:underline">
              {t('backToCollections')}
            </Link>
          </p>
        ) : (
          <>
            <p className="mb-4 text-sm text-muted">{t('runIntro')}</p>
            <RunDayForm definitions={definitions.map((d) => ({ id: d.id, name: d.name }))} yesterday={turkishYesterday(now)} today={turkishDayOf(now)} />
          </>
        )}
      </Card>
      <Card title={t('runsTitle')}>
        {definitions.length > 1 && (
          <form method="get" className="mb-4 flex flex-wrap items-end gap-3" role="search">
            <SelectField
              name="definition"
              label={t('definition')}
              defaultValue={definitionId ?? ''}
              emptyLabel={t('allDefinitions')}
              options={definitions.map((d) => ({ value: d.id, label: d.name }))}
            />
            <Button type="submit" variant="secondary">
              {t('filter')}
            </Button>
          </form>
        )}
        {runs.length === 0 ? (
          <p className="text-sm text-muted" data-testid="recon-no-runs">
            {t('noRuns')}
          </p>
        ) : (
          <DataTable
            caption={t('runsTitle')}
            columns={[t('cols.day'), t('cols.pos'), t('cols.ranAt'), ...RECON_KINDS.map((k) => t(`kinds.${k}`)), t('cols.open'), t('cols.report')]}
            testId="recon-runs"
          >
            {runs.map((r) => (
              <tr key={r.id} className="border-b border-slate-100 align-top last:border-0" data-testid="recon-run-row">
                <td className="px-2 py-2 ps-0 whitespace-nowrap font-medium">{turkishDay(r.day, locale)}</td>
                <td className="px-2 py-2">
                  <bdi>{r.definitionName}</bdi>
                  <div className="text-xs text-muted">
                    <bdi>{r.company}</bdi>
                  </div>
                </td>
                <td className="px-2 py-2 text-xs text-muted">
                  {istanbulTime(r.ranAt, locale)}
                  <div>{r.ranBy ? t('byHand') : t('nightly')}</div>
                </td>
                {r.error ? (
                  <td colSpan={RECON_KINDS.length + 1} className="px-2 py-2 text-sm text-red-800" data-testid="recon-run-error">
                    {t('unreachable', { reason: r.error })}
                  </td>
                ) : (
                  <>
                    {RECON_KINDS.map((k) => (
                      <td key={k} className={`px-2 py-2 tabular-nums ${k !== 'matched' && (r.counts[k] ?? 0) > 0 ? 'font-semibold text-amber-900' : ''}`}>
                        {num(r.counts[k])}
                      </td>
                    ))}
                    <td className="px-2 py-2 tabular-nums" data-testid="recon-run-open">
                      {num(r.open)}
                    </td>
                  </>
                )}
                <td className="px-2 py-2">
                  <Link href={`/vpos/reconciliation/${r.id}`} className="font-semibold text-brand-700 hover:underline" data-testid="recon-run-link">
                    {t('view')}
                  </Link>
                </td>
              </tr>
            ))}
          </DataTable>
        )}
        {runs.some((r) => r.error) && (
          <div className="mt-3">
            <Notice tone="info">{t('unreachableHint')}</Notice>
          </div>
        )}
      </Card>
    </div>
  );
}
