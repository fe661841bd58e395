const TONE: Record<string, string> = {
  succeeded: 'bg-emerald-100 text-emerald-900',
  failed: 'bg-red-100 text-red-900',
  canceled: 'bg-red-100 text-red-900',
  reversed: 'bg-slate-200 text-slate-900',
  partly: 'bg-amber-100 text-amber-900',
};

/** A payment's state as a badge: approved, declined, waiting, or taken back (in full or in part). */
export function VposStateBadge({ state, label, testId }: { state: string; label: string; testId?: string }) {
  return (
    <span
      className={`inline-block whitespace-nowrap rounded-full px-2 py-0.5 text-xs font-semibold ${TONE[state] ?? 'bg-amber-100 text-amber-900'}`}
      data-testid={testId}
      data-state={state}
    >
      {label}
    </span>
  );
}

/** The badge's key: a succeeded payment with money taken back shows that instead. */
export function badgeStateOf(p: { state: string; amount: bigint; refunded: bigint }): string {
  if (p.state === 'succeeded' && p.refunded > 0n) return p.refunded >= p.amount ? 'reversed' : 'partly';
  return p.state;
}
