import { getLocale, getTranslations } from 'next-intl/server';
import { isolate } from '@/components/ivr/bidi';
import { notFound } from 'next/navigation';
import { removeBeneficiaryAction } from '@/app/(portal)/split/actions';
import { AddBeneficiaryForm } from '@/app/(portal)/split/_components/add-beneficiary-form';
import { ConfirmAction } from '@/app/(portal)/split/_components/confirm-action';
import { SubBusinessWithdraw } from '@/app/(portal)/split/_components/sub-business-withdraw';
import { SplitBadge } from '@/components/split/badge';
import { Card } from '@/components/ui/card';
import { getDb } from '@/db';
import { requireMerchantWithKyc } from '@/lib/auth/approved';
import { formatDate, localDigits } from '@/lib/date/format';
import type { Locale } from '@/lib/i18n/config';
import { titled } from '@/lib/i18n/metadata';
import { listBeneficiaries } from '@/lib/split';
import { subBusinessBalances } from '@/lib/split/sub-business';
import { formatAmount } from '@/lib/money';

export const generateMetadata = titled('split', 'beneficiariesTitle');

/** A marketplace's beneficiaries: add one, see each one's state and the dealer permission it gave, remove one. */
export default async function BeneficiariesPage({ params }: { params: Promise<{ marketplaceId: string }> }) {
  const { actor, approved } = await requireMerchantWithKyc({ need: 'sell' });
  if (!approved) return null;
  const { marketplaceId } = await params;
  const db = getDb();
  const rows = await listBeneficiaries(db, actor, marketplaceId);
  if (!rows) notFound();
  // The sub-businesses it manages: the marketplace sees their balance and withdraws for them.
  const managed = new Map((await subBusinessBalances(db, actor, marketplaceId)).map((b) => [b.beneficiaryId, b]));
  const t = await getTranslations('split.beneficiaries');
  const ts = await getTranslations('split');
  const locale = (await getLocale()) as Locale;
  return (
    <div className="flex flex-col gap-6">
      <Card title={t('addTitle')}>
        <p className="mb-4 text-sm text-muted">{t('addIntro')}</p>
        <AddBeneficiaryForm marketplaceId={marketplaceId} />
      </Card>
      <Card title={t('listTitle')}>
        {rows.length === 0 ? (
          <p className="text-sm text-muted" data-testid="no-beneficiaries">
            {t('empty')}
          </p>
        ) : (
          <ul className="flex flex-col divide-y divide-slate-100" data-testid="beneficiaries">
            {rows.map((b) => (
              <li key={b.id} className="flex flex-col gap-3 py-4 first:pt-0 last:pb-0 md:flex-row md:items-start md:justify-between" data-mobile={b.mobile}>
                <div className="flex flex-col gap-1 text-sm">
                  <bdi className="text-base font-bold">{b.displayName}</bdi>
                  <span className="text-muted">
                    {t(`kindNames.${b.kind}`)} · <bdi dir="ltr">{localDigits(b.mobile, locale)}</bdi>
                    {b.guildCode && (
                      <>
                        {' '}
                        · {t('guildCode')}: <bdi dir="ltr">{b.guildCode}</bdi>
                      </>
                    )}
                  </span>
                  <span className="flex flex-wrap items-center gap-2">
                    <SplitBadge tone={b.state} label={t(`states.${b.state}`)} testId="beneficiary-state" />
                    {b.state === 'active' && (
                      <SplitBadge
                        tone={b.permission}
                        label={b.permission === 'products' ? t('permissionProducts', { count: b.products.length }) : t(`permissions.${b.permission}`)}
                        testId="beneficiary-permission"
                      />
                    )}
                  </span>
                  {b.state === 'active' && b.permission === 'products' && (
                    <span className="text-xs text-muted">
                      {t('productsList')}: <bdi dir="ltr">{b.products.join(', ')}</bdi>
                    </span>
                  )}
                  {b.state === 'active' && b.permission === 'none' && <span className="text-xs text-amber-900">{t('noPermissionNote')}</span>}
                  <span className="text-xs text-muted">{t('addedAt', { at: formatDate(b.createdAt, locale) })}</span>
                  {managed.has(b.id) && (
                    <div className="mt-2 flex flex-col gap-2 rounded-xl bg-slate-50 p-3" data-testid="sub-business-balance">
                      <p>
                        {t('subBalance', {
                          pending: formatAmount(managed.get(b.id)!.pending, locale),
                          withdrawable: formatAmount(managed.get(b.id)!.withdrawable, locale),
                        })}
                      </p>
                      {managed.get(b.id)!.account !== 'approved' ? (
                        <p className="text-xs text-amber-900" data-testid="sub-business-account">
                          {t(`account.${managed.get(b.id)!.account}`)}
                        </p>
                      ) : managed.get(b.id)!.withdrawable > 0n ? (
                        <SubBusinessWithdraw beneficiaryId={b.id} name={b.displayName} />
                      ) : null}
                    </div>
                  )}
                </div>
                {b.state !== 'removed' && (
                  <ConfirmAction
                    action={removeBeneficiaryAction}
                    input={{ beneficiaryId: b.id }}
                    label={t('remove')}
                    confirm={t('removeConfirm', { name: isolate(b.displayName) })}
                    yes={t('removeYes')}
                    variant="danger"
                    testId="remove-beneficiary"
                  />
                )}
              </li>
            ))}
          </ul>
        )}
        <p className="mt-4 text-xs text-muted">{ts('beneficiaries.privacyNote')}</p>
      </Card>
    </div>
  );
}
