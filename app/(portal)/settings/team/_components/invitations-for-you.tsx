import { getTranslations } from 'next-intl/server';
import type { PendingInvitation } from '@/lib/teams';
import { acceptInvitationAction, declineInvitationAction } from '../actions';
import { TeamButton } from './team-button';

/** The invitations waiting for the signed-in person: accept (and work in that business) or decline. */
export async function InvitationsForYou({ invitations }: { invitations: PendingInvitation[] }) {
  const t = await getTranslations('team');
  return (
    <ul className="flex flex-col gap-3" data-testid="invitations-for-you">
      {invitations.map((i) => (
        <li key={i.id} className="flex flex-wrap items-center justify-between gap-3 rounded-xl border border-slate-200 p-3">
          <p className="text-sm">
            {t.rich('invitedAs', {
              business: () => <bdi className="font-semibold">{i.businessName}</bdi>,
              role: t(`roles.${i.role}`),
            })}
          </p>
          <span className="flex flex-wrap gap-2">
            <TeamButton
              action={acceptInvitationAction}
              input={{ invitationId: i.id }}
              label={t('accept')}
              variant="primary"
              then="/"
              testId="accept-invitation"
            />
            <TeamButton action={declineInvitationAction} input={{ invitationId: i.id }} label={t('decline')} testId="decline-invitation" />
          </span>
        </li>
      ))}
    </ul>
  );
}
