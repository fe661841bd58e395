import Link from 'next/link';
import { getTranslations } from 'next-intl/server';
import type { ReactNode } from 'react';
import { KycFirst } from '@/components/services/kyc-first';
import { Card } from '@/components/ui/card';
import { PageHeader } from '@/components/ui/page-header';
import { getDb } from '@/db';
import type { MerchantActor } from '@/lib/actor';
import { requireMerchantWithKyc } from '@/lib/auth/approved';
import { hasVposService } from '@/lib/vpos/definitions';
import { VposTabs } from './vpos-tabs';

/**
 * Every virtual POS page's guard: a merchant with approved customer information and the virtual POS
 * service; otherwise what to do first, in place of the page.
 */
export async function requireVpos(): Promise<{ actor: MerchantActor; blocked: null } | { actor: null; blocked: ReactNode }> {
  // The virtual POS takes money in: a member whose role may sell.
  const { actor, approved } = await requireMerchantWithKyc({ need: 'sell' });
  if (!approved) return { actor: null, blocked: <KycFirst /> };
  if (!(await hasVposService(getDb(), actor.merchantId))) return { actor: null, blocked: <ServiceFirst /> };
  return { actor, blocked: null };
}

async function ServiceFirst() {
  const t = await getTranslations('vpos');
  return (
    <div className="flex flex-col gap-6">
      <PageHeader title={t('title')} />
      <Card title={t('serviceFirstTitle')}>
        <p className="text-sm text-muted" data-testid="vpos-service-first">
          {t('serviceFirst')}
        </p>
        <Link
          href="/services"
          className="mt-3 inline-flex min-h-11 items-center rounded-lg bg-brand-600 px-4 text-sm font-semibold text-white hover:bg-brand-700"
        >
          {t('toServices')}
        </Link>
      </Card>
    </div>
  );
}

/** The virtual POS pages' heading and tabs. */
export async function VposFrame({ title, intro, actions, children }: { title: string; intro?: ReactNode; actions?: ReactNode; children: ReactNode }) {
  return (
    <div className="flex flex-col gap-6">
      <PageHeader title={title} intro={intro}>
        {actions}
      </PageHeader>
      <VposTabs />
      {children}
    </div>
  );
}
