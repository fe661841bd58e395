import type { Metadata } from 'next';
import { getTranslations } from 'next-intl/server';
import { env } from '@/lib/env';
import { ResetFlow } from './_components/reset-flow';

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations('reset'))('title') };
}

export default function ForgotPasswordPage() {
  return <ResetFlow otpLength={env().OTP_LENGTH} />;
}
