import type { IvrInvoiceState } from '@/lib/ivr';

const tones: Record<IvrInvoiceState, string> = {
  creating: 'bg-slate-50 text-slate-700 ring-slate-200',
  open: 'bg-sky-50 text-sky-900 ring-sky-200',
  paying: 'bg-indigo-50 text-indigo-900 ring-indigo-200',
  paid: 'bg-emerald-50 text-emerald-900 ring-emerald-200',
  unknown: 'bg-amber-50 text-amber-900 ring-amber-200',
  expired: 'bg-slate-100 text-slate-700 ring-slate-200',
  canceled: 'bg-red-50 text-red-800 ring-red-200',
};

/** An invoice's state as a coloured pill; the label is the page's words for it. */
export function IvrStateBadge({ state, label }: { state: IvrInvoiceState; label: string }) {
  return (
    <span
      data-testid="invoice-state"
      data-state={state}
      className={`inline-block whitespace-nowrap rounded-full px-2 py-0.5 text-xs font-medium ring-1 ring-inset ${tones[state]}`}
    >
      {label}
    </span>
  );
}
