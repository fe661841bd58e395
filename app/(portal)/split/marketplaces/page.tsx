import Link from 'next/link';
import { isolate } from '@/components/ivr/bidi';
import { getLocale, getTranslations } from 'next-intl/server';
import { acceptInvitationAction, declineInvitationAction } from '@/app/(portal)/split/actions';
import { ConfirmAction } from '@/app/(portal)/split/_components/confirm-action';
import { PermissionForm } from '@/app/(portal)/split/_components/permission-form';
import { SplitBadge } from '@/components/split/badge';
import { BackLink } from '@/components/ui/back-link';
import { Card } from '@/components/ui/card';
import { Notice } from '@/components/ui/notice';
import { PageHeader } from '@/components/ui/page-header';
import { getDb } from '@/db';
import { requireMerchantWithKyc } from '@/lib/auth/approved';
import { formatDate } from '@/lib/date/format';
import type { Locale } from '@/lib/i18n/config';
import { titled } from '@/lib/i18n/metadata';
import { formatAmount } from '@/lib/money';
import { myMarketplaces } from '@/lib/split';

export const generateMetadata = titled('split', 'sellingTitle');

/**
 * The marketplaces I sell through: invitations to accept (once my customer information is
 * approved) or decline, the dealer permission I give each, and my balance from each.
 */
export default async function SellingPage() {
  const { actor, approved } = await requireMerchantWithKyc({ need: 'sell' });
  const rows = await myMarketplaces(getDb(), actor);
  const t = await getTranslations('split.selling');
  const ts = await getTranslations('split');
  const locale = (await getLocale()) as Locale;
  const invited = rows.filter((r) => r.beneficiary.state === 'invited');
  const active = rows.filter((r) => r.beneficiary.state === 'active');
  const past = rows.filter((r) => r.beneficiary.state === 'declined' || r.beneficiary.state === 'removed');
  return (
    <div className="flex flex-col gap-6">
      <PageHeader title={t('title')} intro={t('intro')}>
        <BackLink href="/split">{ts('backToSplit')}</BackLink>
      </PageHeader>
      {rows.length === 0 && (
        <Card>
          <p className="text-sm text-muted" data-testid="not-selling">
            {t('empty')}
          </p>
        </Card>
      )}
      {invited.length > 0 && (
        <Card title={t('invitationsTitle')}>
          {!approved && (
            <div className="mb-4 flex flex-col gap-2">
              <Notice tone="info" testId="accept-needs-kyc">
                {t('kycFirst')}
              </Notice>
              <Link href="/customer-info" className="text-sm font-semibold text-brand-700 hover:underline">
                {t('toCustomerInfo')}
              </Link>
            </div>
          )}
          <ul className="flex flex-col divide-y divide-slate-100" data-testid="invitations">
            {invited.map(({ beneficiary: b, marketplaceName }) => (
              <li
                key={b.id}
                className="flex flex-col gap-3 py-4 first:pt-0 last:pb-0 md:flex-row md:items-center md:justify-between"
                data-marketplace={marketplaceName}
              >
                <div className="text-sm">
                  <p className="text-base font-bold">
                    <bdi>{marketplaceName}</bdi>
                  </p>
                  <p className="text-muted">{t('invitedAs', { name: isolate(b.displayName), at: formatDate(b.createdAt, locale) })}</p>
                </div>
                <div className="flex flex-wrap items-start gap-2">
                  {approved && (
                    <ConfirmAction
                      action={acceptInvitationAction}
                      input={{ beneficiaryId: b.id }}
                      label={t('accept')}
                      variant="primary"
                      testId="accept-invitation"
                    />
                  )}
                  <ConfirmAction
                    action={declineInvitationAction}
                    input={{ beneficiaryId: b.id }}
                    label={t('decline')}
                    confirm={t('declineConfirm', { name: isolate(marketplaceName) })}
                    yes={t('declineYes')}
                    variant="danger"
                    testId="decline-invitation"
                  />
                </div>
              </li>
            ))}
          </ul>
        </Card>
      )}
      {active.map(({ beneficiary: b, marketplaceName, pending, withdrawable }) => (
        <Card key={b.id} title={<bdi>{marketplaceName}</bdi>}>
          <div className="flex flex-col gap-5" data-testid="selling-through" data-marketplace={marketplaceName}>
            <div className="flex flex-wrap items-center gap-2 text-sm">
              <SplitBadge
                tone={b.permission}
                label={b.permission === 'products' ? t('permissionNowProducts', { count: b.products.length }) : t(`permissionNow.${b.permission}`)}
                testId="my-permission"
              />
              <span className="text-muted">{t(`kinds.${b.kind}`)}</span>
            </div>
            <dl className="grid grid-cols-2 gap-3 rounded-xl bg-slate-50 p-4 text-sm sm:max-w-md">
              <div>
                <dt className="text-xs text-muted">{t('pending')}</dt>
                <dd className="font-bold" data-testid="my-pending" data-rials={pending.toString()}>
                  {formatAmount(pending, locale)}
                </dd>
              </div>
              <div>
                <dt className="text-xs text-muted">{t('withdrawable')}</dt>
                <dd className="font-bold" data-testid="my-withdrawable" data-rials={withdrawable.toString()}>
                  {formatAmount(withdrawable, locale)}
                </dd>
              </div>
            </dl>
            <p className="text-xs text-muted">{t('balanceNote')}</p>
            <PermissionForm beneficiaryId={b.id} permission={b.permission} products={b.products} />
            <div className="flex flex-wrap gap-4 border-t border-slate-100 pt-4 text-sm">
              <Link href={`/split/parts?b=${b.id}`} className="font-semibold text-brand-700 hover:underline" data-testid="my-parts-link">
                {t('myParts')}
              </Link>
              {withdrawable > 0n && (
                <Link href="/payouts" className="font-semibold text-brand-700 hover:underline">
                  {t('withdraw')}
                </Link>
              )}
            </div>
          </div>
        </Card>
      ))}
      {past.length > 0 && (
        <Card title={t('pastTitle')}>
          <ul className="flex flex-col gap-2 text-sm" data-testid="past-marketplaces">
            {past.map(({ beneficiary: b, marketplaceName }) => (
              <li key={b.id} className="flex flex-wrap items-center gap-2">
                <bdi className="font-semibold">{marketplaceName}</bdi>
                <SplitBadge tone={b.state} label={t(`states.${b.state}`)} />
              </li>
            ))}
          </ul>
        </Card>
      )}
    </div>
  );
}
