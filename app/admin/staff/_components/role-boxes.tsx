'use client';

import { useTranslations } from 'next-intl';
import type { UseFormRegisterReturn } from 'react-hook-form';
import { STAFF_ROLES } from '@/lib/staff/permissions';

/** One checkbox per staff role, each with what the role may do (`compact`: the names only); `error` is announced under the group. */
export function RoleBoxes({
  idPrefix,
  register,
  error,
  compact = false,
}: {
  idPrefix: string;
  register: UseFormRegisterReturn;
  error?: string;
  compact?: boolean;
}) {
  const t = useTranslations('staff');
  const errorId = `${idPrefix}-roles-error`;
  return (
    <fieldset className="flex flex-col gap-2" aria-describedby={error ? errorId : undefined}>
      <legend className="mb-1 text-sm font-medium">{t('rolesLabel')}</legend>
      <div className={`grid gap-2 ${compact ? 'grid-cols-2 sm:grid-cols-3' : 'sm:grid-cols-2'}`}>
        {STAFF_ROLES.map((role) => (
          <label key={role} htmlFor={`${idPrefix}-${role}`} className="flex items-start gap-2 rounded-lg border border-slate-200 p-2 text-sm">
            <input type="checkbox" id={`${idPrefix}-${role}`} value={role} {...register} className="mt-1 size-4 shrink-0 accent-brand-600" />
            <span>
              <span className="block font-medium">{t(`roles.${role}`)}</span>
              {!compact && <span className="block text-xs text-muted">{t(`roleHints.${role}`)}</span>}
            </span>
          </label>
        ))}
      </div>
      <p id={errorId} className="text-sm text-red-700" aria-live="polite">
        {error}
      </p>
    </fieldset>
  );
}
