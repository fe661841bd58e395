import Link from 'next/link';
import { getTranslations } from 'next-intl/server';
import { Button } from '@/components/ui/button';
import { Field } from '@/components/ui/field';
import { SelectField } from '@/components/ui/select-field';
import { SPLIT_INVOICE_STATES } from '@/lib/split/schemas';

export type SplitListQuery = { state?: string; bill?: string; from?: string; to?: string };

/**
 * The split-invoice list's filters as a plain GET form (a filtered list can be bookmarked):
 * state, bill number, and a day range typed in the reader's calendar.
 */
export async function SplitInvoiceFilters({
  action,
  query,
  errors,
  withDates = true,
}: {
  action: string;
  query: SplitListQuery;
  errors: { from?: string; to?: string };
  withDates?: boolean;
}) {
  const t = await getTranslations('split.invoices');
  const ts = await getTranslations('split');
  const te = await getTranslations('errors');
  const filtered = Boolean(query.state || query.bill || query.from || query.to);
  return (
    <form
      method="get"
      action={action}
      role="search"
      aria-label={t('filters')}
      className="mb-4 grid items-end gap-3 sm:grid-cols-2 lg:grid-cols-5"
      data-testid="split-filters"
    >
      <SelectField
        name="state"
        label={t('state')}
        defaultValue={query.state ?? ''}
        emptyLabel={t('allStates')}
        options={SPLIT_INVOICE_STATES.map((s) => ({ value: s, label: ts(`states.${s}`) }))}
      />
      <Field name="bill" label={t('billNumber')} defaultValue={query.bill ?? ''} dir="ltr" autoComplete="off" />
      {withDates && (
        <>
          <Field
            name="from"
            label={t('from')}
            defaultValue={query.from ?? ''}
            placeholder={t('dateHint')}
            error={errors.from && te(errors.from)}
            digits
            autoComplete="off"
          />
          <Field
            name="to"
            label={t('to')}
            defaultValue={query.to ?? ''}
            placeholder={t('dateHint')}
            error={errors.to && te(errors.to)}
            digits
            autoComplete="off"
          />
        </>
      )}
      <div className="flex flex-wrap items-center gap-3 pb-0.5">
        <Button type="submit" data-testid="apply-filters">
          {t('filter')}
        </Button>
        {filtered && (
          <Link href={action} className="text-sm font-medium text-brand-700 hover:underline">
            {t('clear')}
          </Link>
        )}
      </div>
    </form>
  );
}

/** The list's query string, with the page's keyset cursor when there is one. */
export function splitListHref(path: string, query: SplitListQuery, before?: string | null): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) if (v) q.set(k, v);
  if (before) q.set('before', before);
  const s = q.toString();
  return s ? `${path}?${s}` : path;
}
