'use client';

import Link from 'next/link';
import { useTranslations } from 'next-intl';
import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { closeManySplitInvoicesAction } from '@/app/(portal)/split/actions';
import { SplitBadge } from '@/components/split/badge';
import { useSplitMessage } from '@/components/split/use-split-message';
import { Button } from '@/components/ui/button';
import { DataTable } from '@/components/ui/data-table';

export type InvoiceRow = {
  id: string;
  billNumber: string;
  total: string;
  state: 'open' | 'paid' | 'closed' | 'canceled' | 'expired';
  livemode: boolean;
  created: string;
  paid: string;
  /** Paid, and verified when it had to be: the rows bulk close offers. */
  closable: boolean;
};

/**
 * A marketplace's invoices (a table from `md` up, cards below), with a box on each closable row
 * and "close the selected" behind a confirm step; each refusal is said next to its bill number.
 */
export function InvoiceTable({ rows, hrefBase }: { rows: InvoiceRow[]; hrefBase: string }) {
  const t = useTranslations('split.invoices');
  const ts = useTranslations('split');
  const msg = useSplitMessage();
  const router = useRouter();
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const [confirming, setConfirming] = useState(false);
  const [pending, setPending] = useState(false);
  const [outcome, setOutcome] = useState<{ closed: number; refused: { bill: string; error: string }[] } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const closable = rows.filter((r) => r.closable);
  const chosen = closable.filter((r) => selected.has(r.id));
  const toggle = (id: string) =>
    setSelected((s) => {
      const next = new Set(s);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      return next;
    });
  const allChosen = closable.length > 0 && chosen.length === closable.length;

  async function closeChosen() {
    setPending(true);
    setError(null);
    try {
      const r = await closeManySplitInvoicesAction({ invoiceIds: chosen.map((c) => c.id) });
      if (!r.ok || !r.data) {
        setError(r.ok ? 'unknown' : (r.error ?? 'unknown'));
        return;
      }
      const bill = new Map(rows.map((row) => [row.id, row.billNumber]));
      setOutcome({
        closed: r.data.filter((x) => x.ok).length,
        refused: r.data.filter((x) => !x.ok).map((x) => ({ bill: bill.get(x.id) ?? x.id, error: x.error ?? 'unknown' })),
      });
      setSelected(new Set());
      setConfirming(false);
      router.refresh();
    } catch {
      setError('network');
    } finally {
      setPending(false);
    }
  }

  const box = (r: InvoiceRow) =>
    r.closable ? (
      <input
        type="checkbox"
        className="size-5"
        checked={selected.has(r.id)}
        onChange={() => toggle(r.id)}
        aria-label={t('selectRow', { bill: r.billNumber })}
        data-testid="select-invoice"
      />
    ) : null;
  const state = (r: InvoiceRow) => (
    <span className="flex flex-wrap gap-1">
      <SplitBadge tone={r.state} label={ts(`states.${r.state}`)} testId="invoice-state" />
      {!r.livemode && <SplitBadge tone="sandbox" label={ts('sandbox')} />}
    </span>
  );
  const bill = (r: InvoiceRow) => (
    <Link href={`${hrefBase}/${r.id}`} className="font-semibold text-brand-700 underline-offset-4 hover:underline" data-testid="invoice-link">
      <bdi dir="ltr">{r.billNumber}</bdi>
    </Link>
  );

  return (
    <div className="flex flex-col gap-4">
      {closable.length > 0 && (
        <div className="flex flex-wrap items-center gap-3 rounded-xl bg-slate-50 p-3" data-testid="bulk-close">
          <label className="flex min-h-11 items-center gap-2 text-sm">
            <input
              type="checkbox"
              className="size-5"
              checked={allChosen}
              onChange={() => setSelected(allChosen ? new Set() : new Set(closable.map((r) => r.id)))}
              data-testid="select-all"
            />
            {t('selectAll', { count: closable.length })}
          </label>
          {confirming && chosen.length > 0 ? (
            <div role="group" aria-label={t('closeSelected')} className="flex flex-wrap items-center gap-2">
              <span className="text-sm">{t('closeSelectedConfirm', { count: chosen.length })}</span>
              <Button type="button" className="min-h-10 px-3" pending={pending} onClick={() => void closeChosen()} data-testid="close-selected-yes">
                {t('closeYes')}
              </Button>
              <Button type="button" variant="secondary" className="min-h-10 px-3" disabled={pending} onClick={() => setConfirming(false)}>
                {ts('back')}
              </Button>
            </div>
          ) : (
            <Button type="button" className="min-h-10 px-3" disabled={chosen.length === 0} onClick={() => setConfirming(true)} data-testid="close-selected">
              {t('closeSelectedCount', { count: chosen.length })}
            </Button>
          )}
        </div>
      )}
      <div aria-live="polite" data-testid="bulk-outcome">
        {error && <p className="text-sm text-red-700">{msg(error)}</p>}
        {outcome && (
          <div className="rounded-lg border border-emerald-300 bg-emerald-50 px-3 py-2 text-sm text-emerald-900">
            <p>{t('bulkClosed', { count: outcome.closed })}</p>
            {outcome.refused.length > 0 && (
              <ul className="mt-1 list-inside list-disc text-red-800">
                {outcome.refused.map((x) => (
                  <li key={x.bill}>
                    <bdi dir="ltr">{x.bill}</bdi>: {msg(x.error)}
                  </li>
                ))}
              </ul>
            )}
          </div>
        )}
      </div>
      <ul className="flex flex-col gap-3 md:hidden" data-testid="invoice-cards">
        {rows.map((r) => (
          <li key={r.id} className="rounded-xl border border-slate-200 p-4 text-sm" data-bill={r.billNumber}>
            <div className="flex items-start justify-between gap-2">
              <div className="flex items-center gap-2">
                {box(r)}
                {bill(r)}
              </div>
              {state(r)}
            </div>
            <dl className="mt-3 grid grid-cols-[auto_1fr] gap-x-3 gap-y-1.5">
              <dt className="text-muted">{t('total')}</dt>
              <dd className="font-semibold">{r.total}</dd>
              <dt className="text-muted">{t('created')}</dt>
              <dd>{r.created}</dd>
              <dt className="text-muted">{t('paid')}</dt>
              <dd>{r.paid}</dd>
            </dl>
          </li>
        ))}
      </ul>
      <div className="hidden md:block">
        <DataTable caption={t('title')} columns={[t('select'), t('billNumber'), t('total'), t('state'), t('created'), t('paid')]} testId="split-invoices">
          {rows.map((r) => (
            <tr key={r.id} className="border-b border-slate-100 align-middle last:border-0" data-bill={r.billNumber}>
              <td className="px-2 py-2 first:ps-0">{box(r)}</td>
              <td className="whitespace-nowrap px-2 py-2">{bill(r)}</td>
              <td className="whitespace-nowrap px-2 py-2 font-semibold">{r.total}</td>
              <td className="px-2 py-2">{state(r)}</td>
              <td className="px-2 py-2">{r.created}</td>
              <td className="px-2 py-2">{r.paid}</td>
            </tr>
          ))}
        </DataTable>
      </div>
    </div>
  );
}
