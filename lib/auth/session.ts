import 'server-only';
import { forbidden, redirect } from 'next/navigation';
import { cache } from 'react';
import { auth } from '@/auth';
import { getDb } from '@/db';
import type { User } from '@/db/schema';
import { getUserById } from './accounts';
import { isSessionCurrent } from './session-check';

/**
 * The signed-in user, re-read from the database on every request: a cookie issued before a
 * password change, reset or "sign out everywhere" is refused at once.
 */
export const getCurrentUser = cache(async (): Promise<User | null> => {
  const session = await auth();
  if (!session?.user?.id) return null;
  const user = await getUserById(getDb(), session.user.id);
  if (!user || !isSessionCurrent(user, session)) return null;
  return user;
});

export async function requireUser(): Promise<User> {
  const user = await getCurrentUser();
  if (!user) redirect('/login');
  return user;
}

export async function requireMerchant(): Promise<User> {
  const user = await requireUser();
  if (user.role !== 'merchant') forbidden();
  return user;
}

export async function requireAdmin(): Promise<User> {
  const user = await requireUser();
  if (user.role !== 'admin') forbidden();
  return user;
}
