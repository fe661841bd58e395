import type { payments } from '@/db/schema';

type State = (typeof payments.$inferSelect)['state'];

/** Each state's colours: green done, red failed or canceled, amber still open, grey not started. */
const TONES: Record<State, string> = {
  succeeded: 'bg-green-100 text-green-800 ring-green-200',
  failed: 'bg-red-100 text-red-800 ring-red-200',
  canceled: 'bg-red-50 text-red-800 ring-red-200',
  redirected: 'bg-amber-100 text-amber-900 ring-amber-200',
  unknown: 'bg-amber-100 text-amber-900 ring-amber-200',
  awaiting_confirmation: 'bg-amber-100 text-amber-900 ring-amber-200',
  created: 'bg-slate-100 text-slate-700 ring-slate-200',
};

/**
 * A mark per kind, so the state reads at a glance without its colour too (the text says it in
 * full). Drawn by CSS, so the badge's text is the state's name alone (for copying and tests).
 */
const MARKS: Record<State, string> = {
  succeeded: "before:content-['✓']",
  failed: "before:content-['✕']",
  canceled: "before:content-['✕']",
  redirected: "before:content-['…']",
  unknown: "before:content-['…']",
  awaiting_confirmation: "before:content-['…']",
  created: "before:content-['•']",
};

/** A payment's state as a coloured badge with its name (never colour alone). */
export function StateBadge({ state, label }: { state: State; label: string }) {
  return (
    <span
      className={`inline-flex items-center gap-1 whitespace-nowrap rounded-full px-2 py-0.5 text-xs font-medium ring-1 ring-inset ${TONES[state]} ${MARKS[state]}`}
      data-state={state}
    >
      {label}
    </span>
  );
}
