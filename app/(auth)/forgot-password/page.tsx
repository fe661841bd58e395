import { env } from '@/lib/env';
import { ResetFlow } from './_components/reset-flow';
import { titled } from '@/lib/i18n/metadata';

export const generateMetadata = titled('reset', 'title');

export default function ForgotPasswordPage() {
  return <ResetFlow otpLength={env().OTP_LENGTH} />;
}
