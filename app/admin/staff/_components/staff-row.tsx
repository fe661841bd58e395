'use client';

import { useTranslations } from 'next-intl';
import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { useActionForm } from '@/components/forms/use-action-form';
import { Button } from '@/components/ui/button';
import { Notice } from '@/components/ui/notice';
import type { StaffRole } from '@/lib/actor';
import { removeStaffSchema, setStaffRolesSchema } from '@/lib/staff/schemas';
import { removeStaffAction, setStaffRolesAction } from '../actions';
import { RoleBoxes } from './role-boxes';

/** A staff member's roles, changed in place; removing ends their sessions at once, after a confirm step. */
export function StaffRoles({ userId, name, roles, self }: { userId: string; name: string; roles: StaffRole[]; self: boolean }) {
  const t = useTranslations('staff');
  const router = useRouter();
  const [saved, setSaved] = useState(false);
  const [confirming, setConfirming] = useState(false);
  const [editing, setEditing] = useState(false);
  const edit = useActionForm({
    schema: setStaffRolesSchema,
    defaultValues: { userId, roles },
    action: (v) => setStaffRolesAction(v),
    onSuccess: () => {
      setSaved(true);
      setEditing(false);
      router.refresh();
    },
  });
  const remove = useActionForm({
    schema: removeStaffSchema,
    defaultValues: { userId },
    action: (v) => removeStaffAction(v),
    onSuccess: () => router.refresh(),
  });
  return (
    <div className="flex flex-col gap-3">
      {editing ? (
        <form
          noValidate
          className="flex flex-col gap-3"
          onSubmit={(e) => {
            setSaved(false);
            return edit.onSubmit(e);
          }}
        >
          <RoleBoxes
            compact
            idPrefix={`roles-${userId}`}
            register={edit.form.register('roles')}
            error={edit.message(edit.form.formState.errors.roles?.message)}
          />
          <div className="flex flex-wrap gap-2">
            <Button type="submit" pending={edit.pending} aria-label={`${t('saveRoles')}: ${name}`}>
              {t('saveRoles')}
            </Button>
            <Button type="button" variant="secondary" onClick={() => setEditing(false)}>
              {t('back')}
            </Button>
          </div>
          <Notice tone="error">{edit.formError}</Notice>
        </form>
      ) : (
        <>
          <ul className="flex flex-wrap gap-1.5" aria-label={t('rolesLabel')} data-testid="staff-roles">
            {roles.map((r) => (
              <li key={r} className="rounded bg-brand-50 px-2 py-0.5 text-xs font-medium text-brand-800">
                {t(`roles.${r}`)}
              </li>
            ))}
          </ul>
          <div className="flex flex-wrap gap-2">
            <Button
              type="button"
              variant="secondary"
              className="min-h-9"
              onClick={() => {
                setSaved(false);
                setEditing(true);
              }}
              aria-label={`${t('changeRoles')}: ${name}`}
            >
              {t('changeRoles')}
            </Button>
            {!self && !confirming && (
              <Button type="button" variant="danger" className="min-h-9" onClick={() => setConfirming(true)} aria-label={`${t('remove')}: ${name}`}>
                {t('remove')}
              </Button>
            )}
          </div>
          <Notice tone="success">{saved ? t('rolesSaved') : null}</Notice>
        </>
      )}
      {confirming && (
        <form noValidate className="flex flex-col gap-2 rounded-lg border border-red-200 bg-red-50 p-3" onSubmit={(e) => void remove.onSubmit(e)}>
          <p className="text-sm">{t('removeConfirm', { name: `\u2068${name}\u2069` })}</p>
          <div className="flex flex-wrap gap-2">
            <Button type="submit" variant="danger" pending={remove.pending}>
              {t('removeYes')}
            </Button>
            <Button type="button" variant="secondary" onClick={() => setConfirming(false)}>
              {t('back')}
            </Button>
          </div>
          <Notice tone="error">{remove.formError}</Notice>
        </form>
      )}
    </div>
  );
}
