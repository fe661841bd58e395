import { getTranslations } from 'next-intl/server';
import Link from 'next/link';
import { redirect } from 'next/navigation';
import { getDb } from '@/db';
import { currentMerchantActor, requireUser } from '@/lib/auth/session';
import { titled } from '@/lib/i18n/metadata';
import { hasOwnBusiness, invitationsFor } from '@/lib/teams';
import { startOwnBusinessAction } from '@/app/(portal)/settings/team/actions';
import { InvitationsForYou } from '@/app/(portal)/settings/team/_components/invitations-for-you';
import { TeamButton } from '@/app/(portal)/settings/team/_components/team-button';
import { signOutAction } from '@/app/(portal)/actions';

export const generateMetadata = titled('team', 'joinTitle');

/**
 * Where a signed-in person who belongs to no business lands (an invited sign-up, a removed
 * member): their invitations to accept or decline, and starting a business of their own.
 */
export default async function JoinPage() {
  const user = await requireUser();
  if (user.role === 'admin') redirect('/admin');
  const t = await getTranslations('team');
  const db = getDb();
  const [member, invitations, own] = await Promise.all([currentMerchantActor(user), invitationsFor(db, user), hasOwnBusiness(db, user.id)]);
  return (
    <div className="flex flex-col gap-5">
      <h1 className="text-xl font-bold">{t('joinTitle')}</h1>
      {member && (
        <p className="text-sm">
          <Link href="/" className="font-semibold text-brand-700 underline">
            {t('backToPortal')}
          </Link>
        </p>
      )}
      {invitations.length > 0 ? (
        <>
          <p className="text-sm text-muted">{t('joinIntro')}</p>
          <InvitationsForYou invitations={invitations} />
        </>
      ) : (
        <p className="text-sm text-muted" data-testid="no-invitations">
          {t('noInvitations')}
        </p>
      )}
      {!own && (
        <div className="flex flex-col items-start gap-2 border-t border-slate-200 pt-4">
          <p className="text-sm text-muted">{t('startOwnBody')}</p>
          <TeamButton action={startOwnBusinessAction} input={{}} label={t('startOwn')} then="/" testId="start-own-business" />
        </div>
      )}
      <form action={signOutAction as unknown as (f: FormData) => Promise<void>}>
        <button type="submit" className="text-sm font-medium text-red-700 underline">
          {t('signOut')}
        </button>
      </form>
    </div>
  );
}
