import type { TicketState } from '@/db/schema';

const tones: Record<TicketState, string> = {
  open: 'bg-sky-100 text-sky-900',
  awaiting_staff: 'bg-amber-100 text-amber-900',
  awaiting_merchant: 'bg-violet-100 text-violet-900',
  resolved: 'bg-emerald-100 text-emerald-900',
  closed: 'bg-slate-100 text-slate-700',
};

/** A ticket's state as a small coloured label; `label` is the state's words in the reader's language. */
export function StateBadge({ state, label }: { state: TicketState; label: string }) {
  return <span className={`inline-block rounded-full px-2 py-0.5 text-xs font-medium ${tones[state]}`}>{label}</span>;
}
