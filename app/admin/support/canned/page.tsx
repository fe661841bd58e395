import { getTranslations } from 'next-intl/server';
import { CannedForm } from '@/components/support/canned-form';
import { CannedRemove } from '@/components/support/canned-remove';
import { BackLink } from '@/components/ui/back-link';
import { Card } from '@/components/ui/card';
import { getDb } from '@/db';
import { requireStaffActor } from '@/lib/auth/session';
import { titled } from '@/lib/i18n/metadata';
import { canStaff } from '@/lib/staff/permissions';
import { listCannedAnswers } from '@/lib/support/canned';
import { removeCannedAction, saveCannedAction } from '../actions';

export const generateMetadata = titled('adminSupport', 'cannedTitle');

/** Staff's saved answers: add, edit and remove (support staff); the auditor reads them. */
export default async function CannedAnswersPage() {
  const { actor } = await requireStaffActor('support');
  const t = await getTranslations('adminSupport');
  const writer = canStaff(actor, 'support', 'write');
  const rows = await listCannedAnswers(getDb(), actor);
  return (
    <div className="flex flex-col gap-6">
      <div>
        <BackLink href="/admin/support">{t('back')}</BackLink>
        <h1 className="mt-2 text-2xl font-bold">{t('cannedTitle')}</h1>
        <p className="mt-1 text-sm text-muted">{t('cannedIntro')}</p>
      </div>
      {writer && (
        <Card title={t('cannedNew')}>
          <CannedForm action={saveCannedAction} />
        </Card>
      )}
      {rows.length === 0 ? (
        <p className="text-sm text-muted">{t('cannedEmpty')}</p>
      ) : (
        <ul className="grid gap-4 lg:grid-cols-2" data-testid="canned-list">
          {rows.map((c) => (
            <li key={c.id}>
              <Card title={<span dir="auto">{c.title}</span>}>
                {writer ? (
                  <div className="flex flex-col gap-3">
                    <CannedForm action={saveCannedAction} initial={{ id: c.id, title: c.title, body: c.body, locale: (c.locale ?? '') as '' }} />
                    <CannedRemove id={c.id} action={removeCannedAction} />
                  </div>
                ) : (
                  <p className="text-sm whitespace-pre-line" dir="auto">
                    {c.body}
                  </p>
                )}
              </Card>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
