import Link from 'next/link';
import { getLocale, getTranslations } from 'next-intl/server';
import { notFound } from 'next/navigation';
import { KycFirst } from '@/components/services/kyc-first';
import { BackLink } from '@/components/ui/back-link';
import { Card } from '@/components/ui/card';
import { DataTable } from '@/components/ui/data-table';
import { Notice } from '@/components/ui/notice';
import { PageHeader } from '@/components/ui/page-header';
import { getDb } from '@/db';
import { requireMerchantWithKyc } from '@/lib/auth/approved';
import { titled } from '@/lib/i18n/metadata';
import { RECON_KINDS, SETTLED_BY_RUN, enterableSale, getReconRun, type ReconKind } from '@/lib/vpos/reconcile';
import { istanbulTime, lira, turkishDay } from '../_components/format';
import { ResolveItem } from '../_components/resolve-item';

export const generateMetadata = titled('vposRecon', 'reportTitle');

/** Matched pairs shown on the page at most (the counts say how many there are). */
const MATCHED_SHOWN = 300;

const BANK_STATES = ['paid', 'declined', 'pending', 'cancelled', 'refunded', 'partially-refunded', 'not-found'];
const ROW_TYPES = ['sale', 'presale', 'cancel', 'refund', 'partial-cancel', 'partial-refund', 'other'];
const ROW_STATUSES = ['success', 'error', 'new', 'other'];
const OUR_STATES = ['created', 'redirected', 'succeeded', 'failed', 'canceled', 'unknown', 'awaiting_confirmation', 'processing'];

const tone: Record<ReconKind, string> = {
  bank_only: 'border-amber-200',
  local_only: 'border-amber-200',
  amount_differs: 'border-red-200',
  state_differs: 'border-red-200',
  matched: 'border-slate-200',
};

/** One reconciliation run: its findings grouped by kind, the bank's row beside ours, and how each was resolved. */
export default async function VposReconRunPage({ params }: { params: Promise<{ id: string }> }) {
  const { actor, approved } = await requireMerchantWithKyc({ need: 'reports' });
  if (!approved) return <KycFirst />;
  const { id } = await params;
  const run = await getReconRun(getDb(), actor, id);
  if (!run) notFound();
  const t = await getTranslations('vposRecon');
  const locale = await getLocale();

  /** A bank state (`paid`) or a reversal row's (`refund:success`) in words. */
  const bankState = (s: string | null) => {
    if (!s) return t('absent');
    const [type, status] = s.split(':');
    if (status === undefined) return BANK_STATES.includes(s) ? t(`bankStates.${s}`) : s;
    return t('reversalState', {
      kind: ROW_TYPES.includes(type) ? t(`rowTypes.${type}`) : type,
      state: ROW_STATUSES.includes(status) ? t(`rowStatuses.${status}`) : status,
    });
  };
  /** Our payment's state (`succeeded`) or a reversal's (`cancel:unknown`) in words. */
  const ourState = (s: string | null) => {
    if (!s) return t('absent');
    const [a, b] = s.split(':');
    const word = (x: string) => (OUR_STATES.includes(x) ? t(`ourStates.${x}`) : x);
    return b === undefined ? word(a) : t('reversalState', { kind: t(`rowTypes.${a}`), state: word(b) });
  };

  const groups = RECON_KINDS.map((kind) => ({ kind, items: run.items.filter((i) => i.kind === kind) })).filter((g) => g.items.length > 0);
  const columns = [t('cols.referenceCode'), t('cols.orderId'), t('cols.bank'), t('cols.ours'), t('cols.card'), t('cols.resolution')];

  return (
    <div className="flex flex-col gap-6">
      <PageHeader title={t('reportHeading', { day: turkishDay(run.day, locale), name: run.definitionName })} intro={t('reportIntro')}>
        <div className="flex flex-wrap gap-x-4 gap-y-1">
          <BackLink href="/vpos/reconciliation">{t('backToRuns')}</BackLink>
          <BackLink href="/vpos">{t('backToCollections')}</BackLink>
        </div>
      </PageHeader>
      <p className="text-sm text-muted">
        <bdi>{run.company}</bdi> · {istanbulTime(run.ranAt, locale)} · {run.ranBy ? t('byHand') : t('nightly')}
      </p>
      {run.error ? (
        <Notice tone="error" testId="recon-error">
          {t('unreachable', { reason: run.error })} {t('unreachableHint')}
        </Notice>
      ) : groups.length === 0 ? (
        <Notice tone="info" testId="recon-empty">
          {t('emptyDay')}
        </Notice>
      ) : (
        <ul className="flex flex-wrap gap-2" data-testid="recon-summary">
          {RECON_KINDS.map((k) => (
            <li key={k} className={`rounded-lg border bg-white px-3 py-2 text-sm ${tone[k]}`} data-kind={k}>
              {t(`kinds.${k}`)}:{' '}
              <span className="font-semibold tabular-nums">{new Intl.NumberFormat(locale === 'fa' ? 'fa-IR' : locale).format(run.counts[k] ?? 0)}</span>
            </li>
          ))}
        </ul>
      )}
      {groups.map(({ kind, items }) => {
        const shown = kind === 'matched' ? items.slice(0, MATCHED_SHOWN) : items;
        const table = (
          <DataTable caption={t(`kinds.${kind}`)} columns={columns} testId={`recon-items-${kind}`}>
            {shown.map((i) => {
              const row = i.bankRow as { cardMasked?: string | null; message?: string | null; rawType?: string; trxDate?: string | null } | null;
              const canEnter = enterableSale(i) !== null;
              return (
                <tr key={i.id.toString()} className="border-b border-slate-100 align-top last:border-0" data-testid="recon-item" data-kind={kind}>
                  <td className="px-2 py-2 ps-0 font-mono text-xs" dir="ltr">
                    {i.referenceCode ?? '—'}
                    {row?.trxDate && <div className="text-muted">{row.trxDate}</div>}
                  </td>
                  <td className="px-2 py-2 font-mono text-xs" dir="ltr">
                    {i.clientRefCode && i.paymentId ? (
                      <Link href={`/vpos?q=${encodeURIComponent(i.clientRefCode)}`} className="text-brand-700 hover:underline">
                        {i.clientRefCode}
                      </Link>
                    ) : (
                      (i.clientRefCode ?? '—')
                    )}
                  </td>
                  <td className="px-2 py-2">
                    <div className="tabular-nums font-medium">{lira(i.bankAmount, locale)}</div>
                    <div className="text-xs">{bankState(i.bankState)}</div>
                    {row?.message && (
                      <div className="text-xs text-muted" lang="tr">
                        <bdi>{row.message}</bdi>
                      </div>
                    )}
                  </td>
                  <td className="px-2 py-2">
                    <div className="tabular-nums font-medium">{lira(i.ourAmount, locale)}</div>
                    <div className="text-xs">{ourState(i.ourState)}</div>
                  </td>
                  <td className="px-2 py-2 font-mono text-xs" dir="ltr">
                    {row?.cardMasked ?? '—'}
                  </td>
                  <td className="px-2 py-2 text-sm">
                    {kind === 'matched' ? null : i.resolvedAt ? (
                      <p data-testid="recon-resolved">
                        {i.resolution === SETTLED_BY_RUN && !i.resolvedBy
                          ? t('settledByRun')
                          : t('resolvedOn', { when: istanbulTime(i.resolvedAt, locale), reason: i.resolution ?? '' })}
                      </p>
                    ) : (
                      <ResolveItem itemId={i.id.toString()} enterable={canEnter} />
                    )}
                  </td>
                </tr>
              );
            })}
          </DataTable>
        );
        return (
          <Card
            key={kind}
            title={`${t(`kinds.${kind}`)} (${new Intl.NumberFormat(locale === 'fa' ? 'fa-IR' : locale).format(items.length)})`}
            className={tone[kind]}
          >
            <p className="mb-3 text-sm text-muted">{t(`kindHelp.${kind}`)}</p>
            {kind === 'matched' ? (
              <details>
                <summary className="cursor-pointer text-sm font-medium text-brand-700">{t('showMatched')}</summary>
                <div className="mt-3">{table}</div>
                {items.length > shown.length && <p className="mt-2 text-xs text-muted">{t('matchedMore', { count: items.length - shown.length })}</p>}
              </details>
            ) : (
              table
            )}
          </Card>
        );
      })}
    </div>
  );
}
