import { getTranslations } from 'next-intl/server';
import type { ReactNode } from 'react';
import { ClientMessages } from '@/components/i18n/client-messages';
import { AppShell } from '@/components/shell/app-shell';
import {
  BankIcon,
  CardIcon,
  ClipboardIcon,
  GridIcon,
  HomeIcon,
  MegaphoneIcon,
  MobileTopupIcon,
  PhoneIcon,
  PlugIcon,
  ShieldIcon,
  SplitIcon,
  UsersIcon,
} from '@/components/shell/icons';
import { ChatIcon } from '@/components/support/chat-icon';
import { setLocaleAction } from '@/app/actions/locale';
import { signOutAction } from '@/app/(portal)/actions';
import { requireStaffActor } from '@/lib/auth/session';
import { staffNavFor } from '@/lib/staff/permissions';

export default async function AdminLayout({ children }: { children: ReactNode }) {
  // A merchant gets the 403 page here, never a redirect (which could loop with the portal's).
  // A staff member holding no role (removed) gets it too.
  const { user, actor } = await requireStaffActor();
  const allowed = new Set<string>(staffNavFor(actor));
  const t = await getTranslations('nav');
  const tc = await getTranslations('connectors');
  const tTopup = await getTranslations('adminTopup');
  const tm = await getTranslations('adminMerchants');
  const ts = await getTranslations('staff');
  const tf = await getTranslations('twoFactor');
  return (
    <ClientMessages area="admin">
      <AppShell
        nav={[
          { href: '/admin', label: tm('overviewNav'), icon: <HomeIcon /> },
          { href: '/admin/merchants', label: tm('nav'), icon: <UsersIcon /> },
          { href: '/admin/kyc', label: t('kycReview'), icon: <ClipboardIcon /> },
          { href: '/admin/platforms', label: t('platforms'), icon: <GridIcon /> },
          { href: '/admin/services', label: t('servicesAdmin'), icon: <ClipboardIcon /> },
          { href: '/admin/payments', label: t('paymentsAdmin'), icon: <CardIcon /> },
          { href: '/admin/ivr', label: t('ivrAdmin'), icon: <PhoneIcon /> },
          { href: '/admin/topup', label: tTopup('nav'), icon: <MobileTopupIcon /> },
          { href: '/admin/split', label: t('splitAdmin'), icon: <SplitIcon /> },
          { href: '/admin/payouts', label: t('payoutsAdmin'), icon: <BankIcon /> },
          { href: '/admin/disputes', label: t('disputesAdmin'), icon: <ClipboardIcon /> },
          { href: '/admin/support', label: (await getTranslations('adminSupport'))('nav'), icon: <ChatIcon /> },
          { href: '/admin/reports/transactions', label: t('reports'), icon: <ClipboardIcon /> },
          { href: '/admin/messages', label: t('messagesAdmin'), icon: <MegaphoneIcon /> },
          { href: '/admin/connectors', label: tc('nav'), icon: <PlugIcon /> },
          { href: '/admin/staff', label: ts('nav'), icon: <ShieldIcon /> },
          { href: '/admin/audit', label: (await getTranslations('audit'))('nav'), icon: <ClipboardIcon /> },
          { href: '/admin/support/inquiries', label: (await getTranslations('adminInquiries'))('nav'), icon: <ClipboardIcon /> },
          { href: '/admin/security', label: tf('adminTitle'), icon: <ShieldIcon /> },
        ].filter((item) => allowed.has(item.href))}
        userName={`${user.firstName} ${user.lastName}`}
        area={t('adminArea')}
        searchPath="/admin/search"
        signOut={signOutAction}
        setLocale={setLocaleAction}
      >
        {children}
      </AppShell>
    </ClientMessages>
  );
}
