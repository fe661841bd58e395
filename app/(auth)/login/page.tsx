import { Suspense } from 'react';
import { redirect } from 'next/navigation';
import { safeCallback } from '@/lib/auth/callback-url';
import { getCurrentUser, getTwoFactorStep, TWO_FACTOR_PATHS } from '@/lib/auth/session';
import { LoginForm } from './_components/login-form';
import { titled } from '@/lib/i18n/metadata';

export const generateMetadata = titled('login', 'title');

export default async function LoginPage({ searchParams }: { searchParams: Promise<{ callbackUrl?: string }> }) {
  const { callbackUrl } = await searchParams;
  // Already signed in (another tab): straight to the page the link was for.
  if (await getCurrentUser()) redirect(safeCallback(callbackUrl));
  // Signed in with the password but owing the second factor: that step, not the password again.
  const step = await getTwoFactorStep();
  if (step && step.gate !== 'ok') redirect(TWO_FACTOR_PATHS[step.gate]);
  return (
    <Suspense>
      <LoginForm callbackUrl={typeof callbackUrl === 'string' ? callbackUrl : undefined} />
    </Suspense>
  );
}
