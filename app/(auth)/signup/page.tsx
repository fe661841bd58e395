import { redirect } from 'next/navigation';
import { getCurrentUser } from '@/lib/auth/session';
import { env } from '@/lib/env';
import { SignupFlow } from './_components/signup-flow';
import { titled } from '@/lib/i18n/metadata';

export const generateMetadata = titled('signup', 'title');

export default async function SignupPage() {
  if (await getCurrentUser()) redirect('/');
  return <SignupFlow otpLength={env().OTP_LENGTH} />;
}
