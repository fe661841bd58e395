import { getLocale, getTranslations } from 'next-intl/server';
import { Card } from '@/components/ui/card';
import { PageHeader } from '@/components/ui/page-header';
import { getDb } from '@/db';
import { requireMerchantActor } from '@/lib/auth/session';
import { formatDate, localDigits } from '@/lib/date/format';
import type { Locale } from '@/lib/i18n/config';
import { titled } from '@/lib/i18n/metadata';
import { can, invitationsFor, membershipsOf, teamOf } from '@/lib/teams';
import { leaveTeamAction, removeMemberAction, revokeInvitationAction, transferOwnershipAction } from './actions';
import { InvitationsForYou } from './_components/invitations-for-you';
import { InviteForm } from './_components/invite-form';
import { RoleSelect } from './_components/role-select';
import { TeamButton } from './_components/team-button';

export const generateMetadata = titled('team', 'title');

/**
 * The business's team: who works in it and as what. The owner and admins invite by mobile, change
 * roles and remove members; only the owner passes ownership on; anyone but the owner may leave.
 */
export default async function TeamPage() {
  const { user, actor } = await requireMerchantActor();
  const db = getDb();
  const t = await getTranslations('team');
  const locale = (await getLocale()) as Locale;
  const [memberships, forYou] = await Promise.all([membershipsOf(db, user.id), invitationsFor(db, user)]);
  const business = memberships.find((m) => m.merchantId === actor.merchantId)?.name ?? '';
  const manage = can(actor, 'team');
  const team = manage ? await teamOf(db, actor) : null;
  return (
    <div className="flex flex-col gap-6">
      <PageHeader
        title={t('title')}
        intro={t.rich('intro', { business: () => <bdi className="font-semibold">{business}</bdi>, role: t(`roles.${actor.role}`) })}
      />
      {forYou.length > 0 && (
        <Card title={t('forYou')}>
          <InvitationsForYou invitations={forYou} />
        </Card>
      )}
      {team && (
        <>
          <Card title={t('inviteTitle')}>
            <p className="mb-4 text-sm text-muted">{t('inviteBody')}</p>
            <InviteForm />
          </Card>
          <Card title={t('members')}>
            <ul className="flex flex-col divide-y divide-slate-100" data-testid="members">
              {team.members.map((m) => {
                const name = `${m.firstName} ${m.lastName}`.trim();
                const self = m.userId === actor.userId;
                return (
                  <li key={m.userId} className="flex flex-wrap items-center justify-between gap-3 py-3" data-testid="member">
                    <div className="min-w-0">
                      <p className="font-semibold">
                        <bdi>{name}</bdi> {self && <span className="text-xs font-normal text-muted">({t('you')})</span>}
                      </p>
                      <p className="text-xs text-muted">
                        <bdi dir="ltr">{localDigits(m.mobile, locale)}</bdi> · {t('since', { date: formatDate(m.createdAt, locale) })}
                      </p>
                    </div>
                    <div className="flex flex-wrap items-start gap-2">
                      {m.role === 'owner' || self ? (
                        <span className="rounded-full bg-slate-100 px-3 py-1 text-sm" data-testid="member-role">
                          {t(`roles.${m.role}`)}
                        </span>
                      ) : (
                        <>
                          <RoleSelect userId={m.userId} role={m.role} name={name} />
                          <TeamButton
                            action={removeMemberAction}
                            input={{ userId: m.userId }}
                            label={t('remove')}
                            confirm={t('removeConfirm', { name })}
                            variant="danger"
                            testId="remove-member"
                          />
                          {can(actor, 'transfer') && (
                            <TeamButton
                              action={transferOwnershipAction}
                              input={{ userId: m.userId }}
                              label={t('transfer')}
                              confirm={t('transferConfirm', { name })}
                              testId="transfer-ownership"
                            />
                          )}
                        </>
                      )}
                    </div>
                  </li>
                );
              })}
            </ul>
          </Card>
          {team.invitations.length > 0 && (
            <Card title={t('pending')}>
              <ul className="flex flex-col divide-y divide-slate-100" data-testid="pending-invitations">
                {team.invitations.map((i) => (
                  <li key={i.id} className="flex flex-wrap items-center justify-between gap-3 py-3">
                    <p className="text-sm">
                      <bdi dir="ltr">{localDigits(i.mobile, locale)}</bdi> · {t(`roles.${i.role}`)} · {formatDate(i.createdAt, locale)}
                    </p>
                    <TeamButton
                      action={revokeInvitationAction}
                      input={{ invitationId: i.id }}
                      label={t('revoke')}
                      variant="danger"
                      testId="revoke-invitation"
                    />
                  </li>
                ))}
              </ul>
            </Card>
          )}
        </>
      )}
      {actor.role === 'owner' ? (
        <p className="text-sm text-muted">{t('ownerNote')}</p>
      ) : (
        <Card title={t('leaveTitle')}>
          <p className="mb-4 text-sm text-muted">{t('leaveBody', { business })}</p>
          <TeamButton
            action={leaveTeamAction}
            input={{}}
            label={t('leave')}
            confirm={t('leaveConfirm', { business })}
            variant="danger"
            then="/"
            testId="leave-team"
          />
        </Card>
      )}
    </div>
  );
}
