'use client';

import { useTranslations } from 'next-intl';
import { useRouter } from 'next/navigation';
import { useState, useTransition } from 'react';
import type { GivableRole } from '@/lib/teams/schemas';
import { GIVABLE_ROLES } from '@/lib/teams/schemas';
import { changeMemberRoleAction } from '../actions';

/** A member's role, changed as soon as another is chosen. */
export function RoleSelect({ userId, role, name }: { userId: string; role: GivableRole; name: string }) {
  const t = useTranslations('team');
  const te = useTranslations('errors');
  const router = useRouter();
  const [error, setError] = useState<string | null>(null);
  const [pending, start] = useTransition();
  return (
    <span className="inline-flex flex-col gap-1">
      <select
        aria-label={t('roleOf', { name })}
        defaultValue={role}
        disabled={pending}
        data-testid={`role-${userId}`}
        className="min-h-10 rounded-lg border border-slate-300 bg-white px-2 py-1.5 text-sm"
        onChange={(e) => {
          const next = e.target.value as GivableRole;
          setError(null);
          start(async () => {
            const r = await changeMemberRoleAction({ userId, role: next }).catch(() => ({ ok: false as const, error: 'network' }));
            if (!r.ok) setError(te.has(r.error ?? 'unknown') ? te(r.error ?? 'unknown') : te('unknown'));
            else router.refresh();
          });
        }}
      >
        {GIVABLE_ROLES.map((r) => (
          <option key={r} value={r}>
            {t(`roles.${r}`)}
          </option>
        ))}
      </select>
      {error && (
        <span role="alert" className="text-xs text-red-700">
          {error}
        </span>
      )}
    </span>
  );
}
