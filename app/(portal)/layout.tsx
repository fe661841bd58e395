import { getTranslations } from 'next-intl/server';
import { redirect } from 'next/navigation';
import type { ReactNode } from 'react';
import { AppShell } from '@/components/shell/app-shell';
import { GridIcon, HomeIcon, IdCardIcon, UserIcon } from '@/components/shell/icons';
import { getDb } from '@/db';
import { getKycProfile, isKycApproved } from '@/lib/kyc';
import { requireUser } from '@/lib/auth/session';

export default async function PortalLayout({ children }: { children: ReactNode }) {
  const user = await requireUser();
  if (user.role === 'admin') redirect('/admin');
  const t = await getTranslations('nav');
  // Only menus whose pages work are listed; the charge-gateway menus join as they are built.
  const approved = isKycApproved(await getKycProfile(getDb(), user.id));
  // The services menu appears once the customer information is approved (its pages check too).
  const nav = [
    { href: '/', label: t('dashboard'), icon: <HomeIcon /> },
    { href: '/customer-info', label: t('customerInfo'), icon: <IdCardIcon /> },
    ...(approved ? [{ href: '/services', label: t('services'), icon: <GridIcon /> }] : []),
    { href: '/profile', label: t('profile'), icon: <UserIcon /> },
  ];
  return (
    <AppShell nav={nav} userName={`${user.firstName} ${user.lastName}`} area={t('merchantArea')}>
      {children}
    </AppShell>
  );
}
