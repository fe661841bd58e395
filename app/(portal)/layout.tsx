import { getTranslations } from 'next-intl/server';
import { redirect } from 'next/navigation';
import type { ReactNode } from 'react';
import { ClientMessages } from '@/components/i18n/client-messages';
import { AppShell } from '@/components/shell/app-shell';
import {
  BankIcon,
  CalendarIcon,
  CardIcon,
  ChartIcon,
  ClipboardIcon,
  GridIcon,
  HomeIcon,
  IdCardIcon,
  MailIcon,
  MobileTopupIcon,
  NoteIcon,
  PhoneIcon,
  SplitIcon,
  UserIcon,
  UsersIcon,
  WalletIcon,
} from '@/components/shell/icons';
import { MerchantSwitcher } from '@/components/shell/merchant-switcher';
import { ChatIcon } from '@/components/support/chat-icon';
import { localDigits } from '@/lib/date/format';
import { unreadCountNow } from '@/lib/messages';
import { unreadBadge } from '@/lib/messages/view';
import { getLocale } from 'next-intl/server';
import type { Locale } from '@/lib/i18n/config';
import { formatAmount } from '@/lib/money';
import { balancesOfMerchant, unitOfAll } from '@/lib/payments/balances';
import { getDb } from '@/db';
import { getKycProfile, isKycApproved } from '@/lib/kyc';
import { hasSplitAccess } from '@/lib/split/access';
import { hasVposService } from '@/lib/vpos/definitions';
import { requireMerchantActor, requireUser } from '@/lib/auth/session';
import { setLocaleAction } from '@/app/actions/locale';
import { can, invitationsFor, membershipsOf, needOfPath } from '@/lib/teams';
import { signOutAction } from './actions';
import { switchMerchantAction } from './settings/team/actions';

export default async function PortalLayout({ children }: { children: ReactNode }) {
  if ((await requireUser()).role === 'admin') redirect('/admin');
  const { user, actor } = await requireMerchantActor();
  const t = await getTranslations('nav');
  const tTopup = await getTranslations('topup');
  const tTeam = await getTranslations('team');
  // Only menus whose pages work are listed; the charge-gateway menus join as they are built.
  const [profile, unread, split, vpos, memberships, invitations] = await Promise.all([
    getKycProfile(getDb(), actor.merchantId),
    unreadCountNow(getDb(), actor),
    // Split payments: only for marketplaces and their beneficiaries (an invitation may come before KYC).
    hasSplitAccess(getDb(), actor),
    // The virtual POS (lira, through the company's own N Kolay agreement): once its service is asked for.
    hasVposService(getDb(), actor.merchantId),
    // The businesses the person works in (the header's switcher) and the invitations waiting for them.
    membershipsOf(getDb(), user.id),
    invitationsFor(getDb(), user),
  ]);
  const approved = isKycApproved(profile);
  // A Turkish company may use the virtual POS only (lira, never held by Dargah): no Rial menus, no Rial balance.
  const turkish = approved && profile?.approvedKind === 'turkish_company';
  const locale = (await getLocale()) as Locale;
  // The services menu appears once the customer information is approved (its pages check too).
  const all = [
    { href: '/', label: t('dashboard'), icon: <HomeIcon /> },
    {
      href: '/messages',
      label: t('messages'),
      icon: <MailIcon />,
      ...unreadBadge(unread, locale, t),
    },
    { href: '/customer-info', label: t('customerInfo'), icon: <IdCardIcon /> },
    ...(turkish
      ? [{ href: '/services', label: t('services'), icon: <GridIcon /> }, ...(vpos ? [{ href: '/vpos', label: t('vpos'), icon: <CardIcon /> }] : [])]
      : approved
        ? [
            { href: '/services', label: t('services'), icon: <GridIcon /> },
            { href: '/payments/links', label: t('payments'), icon: <CardIcon /> },
            { href: '/ivr', label: t('ivr'), icon: <PhoneIcon /> },
            { href: '/topup', label: tTopup('nav'), icon: <MobileTopupIcon /> },
            ...(split ? [{ href: '/split', label: t('split'), icon: <SplitIcon /> }] : []),
            ...(vpos ? [{ href: '/vpos', label: t('vpos'), icon: <CardIcon /> }] : []),
            { href: '/reports/transactions', label: t('reports'), icon: <ClipboardIcon /> },
            { href: '/reports/sales', label: t('sales'), icon: <ChartIcon /> },
            { href: '/reports/balances', label: t('balances'), icon: <WalletIcon /> },
            { href: '/payouts', label: t('payouts'), icon: <BankIcon /> },
            { href: '/disputes', label: t('disputes'), icon: <ClipboardIcon /> },
          ]
        : []),
    // A sub-business or an invited merchant sees its marketplaces before its own KYC is approved.
    ...(split && !approved ? [{ href: '/split', label: t('split'), icon: <SplitIcon /> }] : []),
    { href: '/support', label: (await getTranslations('support'))('nav'), icon: <ChatIcon /> },
    { href: '/calendar', label: t('calendar'), icon: <CalendarIcon /> },
    { href: '/events', label: t('events'), icon: <NoteIcon /> },
    {
      href: '/settings/team',
      label: tTeam('nav'),
      icon: <UsersIcon />,
      badge: invitations.length ? localDigits(invitations.length, locale) : undefined,
      badgeLabel: invitations.length ? tTeam('invitationsWaiting', { count: invitations.length }) : undefined,
    },
    { href: '/profile', label: t('profile'), icon: <UserIcon /> },
    { href: '/settings/audit', label: (await getTranslations('audit'))('nav'), icon: <ClipboardIcon /> },
  ];
  // Only what the member's role may use (lib/teams/permissions.ts; the pages check again).
  const nav = all.filter((item) => {
    const need = needOfPath(item.href);
    return !need || can(actor, need);
  });
  const current = memberships.find((m) => m.merchantId === actor.merchantId);
  const choices = memberships.map((m) => ({ id: m.merchantId, name: m.name, role: tTeam(`roles.${m.role}`) }));
  // The sidebar's balance: the sum over the merchant's platforms, in Toman when they all show Toman.
  const balances = approved && !turkish && can(actor, 'reports') ? await balancesOfMerchant(actor) : [];
  const tb = await getTranslations('balances');
  const unit = unitOfAll(balances);
  const sum = (k: 'pending' | 'withdrawable') => balances.reduce((a, b) => a + b[k], 0n);
  const sidebar = balances.length ? (
    <dl className="rounded-xl bg-slate-50 p-3 text-sm" data-testid="sidebar-balance">
      <dt className="text-xs text-muted">{tb('withdrawable')}</dt>
      <dd className="font-bold" data-testid="sidebar-withdrawable">
        {formatAmount(sum('withdrawable'), locale, unit)}
      </dd>
      <dt className="mt-2 text-xs text-muted">{tb('pending')}</dt>
      <dd className="font-semibold" data-testid="sidebar-pending">
        {formatAmount(sum('pending'), locale, unit)}
      </dd>
    </dl>
  ) : null;
  return (
    <ClientMessages area="portal">
      <AppShell
        nav={nav}
        userName={`${user.firstName} ${user.lastName}`}
        area={t('merchantArea')}
        sidebar={sidebar}
        searchPath="/search"
        signOut={signOutAction}
        setLocale={setLocaleAction}
        business={
          current && (
            <MerchantSwitcher
              current={{ id: current.merchantId, name: current.name, role: tTeam(`roles.${current.role}`) }}
              choices={choices}
              label={tTeam('business')}
              choose={switchMerchantAction}
            />
          )
        }
      >
        {children}
      </AppShell>
    </ClientMessages>
  );
}
