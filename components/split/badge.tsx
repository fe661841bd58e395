const tones = {
  open: 'bg-sky-50 text-sky-900 ring-sky-200',
  paid: 'bg-indigo-50 text-indigo-900 ring-indigo-200',
  closed: 'bg-emerald-50 text-emerald-900 ring-emerald-200',
  canceled: 'bg-red-50 text-red-800 ring-red-200',
  expired: 'bg-slate-100 text-slate-700 ring-slate-200',
  invited: 'bg-amber-50 text-amber-900 ring-amber-200',
  active: 'bg-emerald-50 text-emerald-900 ring-emerald-200',
  declined: 'bg-slate-100 text-slate-700 ring-slate-200',
  removed: 'bg-red-50 text-red-800 ring-red-200',
  none: 'bg-slate-100 text-slate-700 ring-slate-200',
  all: 'bg-emerald-50 text-emerald-900 ring-emerald-200',
  products: 'bg-sky-50 text-sky-900 ring-sky-200',
  sandbox: 'bg-amber-100 text-amber-900 ring-amber-200',
} as const;

export type SplitTone = keyof typeof tones;

/** A state (an invoice's, a beneficiary's, a permission's) as a coloured pill; the label is the page's words for it. */
export function SplitBadge({ tone, label, testId }: { tone: SplitTone; label: string; testId?: string }) {
  return (
    <span
      data-testid={testId}
      data-state={tone}
      className={`inline-block whitespace-nowrap rounded-full px-2 py-0.5 text-xs font-medium ring-1 ring-inset ${tones[tone]}`}
    >
      {label}
    </span>
  );
}
