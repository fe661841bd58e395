import { getTranslations } from 'next-intl/server';
import { redirect } from 'next/navigation';
import { signOutAction } from '@/app/(portal)/actions';
import { TwoFactorEnrolForm } from '@/components/two-factor/enrol-form';
import { SignOutLink } from '@/components/two-factor/sign-out-link';
import { PageHeader } from '@/components/ui/page-header';
import { getDb } from '@/db';
import { safeCallback } from '@/lib/auth/callback-url';
import { getTwoFactorStep, TWO_FACTOR_PATHS } from '@/lib/auth/session';
import { pendingEnrolment } from '@/lib/auth/two-factor';
import { titled } from '@/lib/i18n/metadata';
import { confirmEnrolmentAction } from '../actions';

export const generateMetadata = titled('twoFactor', 'setupTitle');

/**
 * Enrolment: where a person who must have 2FA is sent until they have it (nothing else answers
 * them), and where anyone else sets it up from their security section (`?back=` returns there).
 */
export default async function TwoFactorSetupPage({ searchParams }: { searchParams: Promise<{ back?: string }> }) {
  const step = await getTwoFactorStep();
  if (!step) redirect('/login');
  if (step.gate === 'verify') redirect(TWO_FACTOR_PATHS.verify);
  const { back } = await searchParams;
  const next = safeCallback(typeof back === 'string' ? back : undefined);
  const enrolment = await pendingEnrolment(getDb(), step.user);
  if (!enrolment.ok) redirect(next);
  const t = await getTranslations('twoFactor');
  return (
    <div className="flex flex-col gap-5">
      <PageHeader title={t('setupTitle')} intro={step.gate === 'enrol' ? `${t('requiredIntro')} ${t('setupIntro')}` : t('setupIntro')} />
      <TwoFactorEnrolForm secret={enrolment.data.secret} qrSvg={enrolment.data.qrSvg} action={confirmEnrolmentAction} next={next} />
      {step.gate === 'enrol' && <SignOutLink action={signOutAction} label={t('signOut')} />}
    </div>
  );
}
