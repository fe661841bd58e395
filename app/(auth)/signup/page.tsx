import type { Metadata } from 'next';
import { getTranslations } from 'next-intl/server';
import { redirect } from 'next/navigation';
import { getCurrentUser } from '@/lib/auth/session';
import { env } from '@/lib/env';
import { SignupFlow } from './_components/signup-flow';

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations('signup'))('title') };
}

export default async function SignupPage() {
  if (await getCurrentUser()) redirect('/');
  return <SignupFlow otpLength={env().OTP_LENGTH} />;
}
