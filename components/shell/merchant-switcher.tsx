'use client';

import { useRouter } from 'next/navigation';
import { useTransition } from 'react';

export type BusinessChoice = { id: string; name: string; role: string };

/**
 * The header's business: its name, and for a person who works in several, a list to switch to
 * another. `choose` is the server action that checks the membership and remembers the choice
 * (a cookie every request checks again); the portal then shows that business from its dashboard.
 */
export function MerchantSwitcher({
  current,
  choices,
  label,
  choose,
}: {
  current: BusinessChoice;
  choices: BusinessChoice[];
  label: string;
  choose: (input: { merchantId: string }) => Promise<{ ok: boolean }>;
}) {
  const router = useRouter();
  const [pending, start] = useTransition();
  if (choices.length < 2) {
    return (
      <p className="min-w-0 truncate text-sm font-semibold text-ink" data-testid="current-business" title={current.name}>
        <span className="sr-only">{label}: </span>
        <bdi>{current.name}</bdi>
      </p>
    );
  }
  return (
    <label className="flex min-w-0 items-center gap-2 text-sm">
      <span className="sr-only">{label}</span>
      <select
        value={current.id}
        disabled={pending}
        data-testid="business-switcher"
        onChange={(e) => {
          const merchantId = e.target.value;
          start(async () => {
            const r = await choose({ merchantId });
            // The whole portal (menu, balances, the page) for the chosen business, from its dashboard.
            if (r.ok) {
              router.push('/');
              router.refresh();
            }
          });
        }}
        className="min-h-9 max-w-48 truncate rounded-lg border border-slate-300 bg-white px-2 py-1 font-semibold text-ink"
      >
        {choices.map((c) => (
          <option key={c.id} value={c.id}>
            {c.name} · {c.role}
          </option>
        ))}
      </select>
    </label>
  );
}
