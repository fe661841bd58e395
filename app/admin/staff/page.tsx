import { getLocale, getTranslations } from 'next-intl/server';
import { Card } from '@/components/ui/card';
import { PageHeader } from '@/components/ui/page-header';
import { getDb } from '@/db';
import { requireStaffActor } from '@/lib/auth/session';
import { formatDate, localDigits } from '@/lib/date/format';
import type { Locale } from '@/lib/i18n/config';
import { titled } from '@/lib/i18n/metadata';
import { listStaff } from '@/lib/staff';
import { canStaff } from '@/lib/staff/permissions';
import { InviteForm } from './_components/invite-form';
import { StaffRoles } from './_components/staff-row';

export const generateMetadata = titled('staff', 'title');

/** Super admins manage staff here; the auditor reads the list. */
export default async function StaffPage() {
  const { actor } = await requireStaffActor('staff');
  const t = await getTranslations('staff');
  const locale = (await getLocale()) as Locale;
  const staff = await listStaff(getDb(), actor);
  const canManage = canStaff(actor, 'staff', 'write');
  return (
    <div className="flex flex-col gap-6">
      <PageHeader title={t('title')} intro={t('intro')} />
      {canManage && (
        <Card title={t('inviteTitle')}>
          <InviteForm />
        </Card>
      )}
      <Card title={t('listTitle')}>
        <ul className="flex flex-col divide-y divide-slate-100" data-testid="staff-list">
          {staff.map((m) => {
            const name = `${m.firstName} ${m.lastName}`;
            return (
              <li key={m.id} className="flex flex-col gap-3 py-4 first:pt-0" data-staff={m.mobile}>
                <div className="flex flex-wrap items-baseline justify-between gap-2">
                  <p className="font-semibold">
                    <bdi>{name}</bdi>
                    {m.id === actor.userId && <span className="ms-2 text-xs font-normal text-muted">{t('you')}</span>}
                  </p>
                  <p className="text-sm text-muted">
                    <bdi dir="ltr">{localDigits(m.mobile, locale)}</bdi>
                    {' · '}
                    {t('since', { date: formatDate(m.createdAt, locale) })}
                  </p>
                </div>
                {canManage ? (
                  <StaffRoles userId={m.id} name={name} roles={m.roles} self={m.id === actor.userId} />
                ) : (
                  <ul className="flex flex-wrap gap-1.5" aria-label={t('rolesLabel')}>
                    {m.roles.map((r) => (
                      <li key={r} className="rounded bg-slate-100 px-2 py-0.5 text-xs">
                        {t(`roles.${r}`)}
                      </li>
                    ))}
                  </ul>
                )}
              </li>
            );
          })}
        </ul>
      </Card>
    </div>
  );
}
