import { getTranslations } from 'next-intl/server';
import { cookies } from 'next/headers';
import { redirect } from 'next/navigation';
import { safeCallback } from '@/lib/auth/callback-url';
import { AFTER_TWO_FACTOR_COOKIE } from '@/lib/auth/two-factor';
import { signOutAction } from '@/app/(portal)/actions';
import { TwoFactorCodeForm } from '@/components/two-factor/code-form';
import { SignOutLink } from '@/components/two-factor/sign-out-link';
import { PageHeader } from '@/components/ui/page-header';
import { getTwoFactorStep, TWO_FACTOR_PATHS } from '@/lib/auth/session';
import { titled } from '@/lib/i18n/metadata';
import { verifyLoginCodeAction } from './actions';

export const generateMetadata = titled('twoFactor', 'verifyTitle');

/** After the password: the code from the app, before the session counts as signed in. */
export default async function TwoFactorVerifyPage() {
  const step = await getTwoFactorStep();
  if (!step) redirect('/login');
  if (step.gate === 'ok') redirect('/');
  if (step.gate === 'enrol') redirect(TWO_FACTOR_PATHS.enrol);
  const t = await getTranslations('twoFactor');
  const next = safeCallback((await cookies()).get(AFTER_TWO_FACTOR_COOKIE)?.value);
  return (
    <div className="flex flex-col gap-5">
      <PageHeader title={t('verifyTitle')} intro={t('verifyIntro')} />
      <TwoFactorCodeForm action={verifyLoginCodeAction} next={next} />
      <SignOutLink action={signOutAction} label={t('signOut')} />
    </div>
  );
}
