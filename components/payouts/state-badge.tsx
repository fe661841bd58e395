import type { PayoutState } from '@/db/schema';

const tones: Record<PayoutState, string> = {
  requested: 'bg-amber-50 text-amber-900 ring-amber-200',
  approved: 'bg-sky-50 text-sky-900 ring-sky-200',
  sent: 'bg-indigo-50 text-indigo-900 ring-indigo-200',
  paid: 'bg-emerald-50 text-emerald-900 ring-emerald-200',
  returned: 'bg-red-50 text-red-800 ring-red-200',
  rejected: 'bg-red-50 text-red-800 ring-red-200',
  canceled: 'bg-slate-100 text-slate-700 ring-slate-200',
};

/** A payout's state as a coloured pill; the label is the page's words for it. */
export function PayoutStateBadge({ state, label }: { state: PayoutState; label: string }) {
  return (
    <span
      data-testid="payout-state"
      data-state={state}
      className={`inline-block whitespace-nowrap rounded-full px-2 py-0.5 text-xs font-medium ring-1 ring-inset ${tones[state]}`}
    >
      {label}
    </span>
  );
}
