import { redirect } from 'next/navigation';
import { getCurrentUser } from '@/lib/auth/session';
import { LoginForm } from './_components/login-form';
import { titled } from '@/lib/i18n/metadata';

export const generateMetadata = titled('login', 'title');

export default async function LoginPage({ searchParams }: { searchParams: Promise<{ callbackUrl?: string }> }) {
  if (await getCurrentUser()) redirect('/');
  const { callbackUrl } = await searchParams;
  return <LoginForm callbackUrl={typeof callbackUrl === 'string' ? callbackUrl : undefined} />;
}
