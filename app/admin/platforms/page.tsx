import Link from 'next/link';
import { canStaff } from '@/lib/staff/permissions';
import { getLocale, getTranslations } from 'next-intl/server';
import { Card } from '@/components/ui/card';
import { DecisionOutcomes } from '@/components/ui/approve-reject';
import { getDb } from '@/db';
import { requireStaffActor } from '@/lib/auth/session';
import { formatDate, localDigits } from '@/lib/date/format';
import type { Locale } from '@/lib/i18n/config';
import { listPlatformsForReview } from '@/lib/platforms';
import { PlatformDecision } from './platform-decision';
import { titled } from '@/lib/i18n/metadata';
import { formatInteger } from '@/lib/i18n/numbers';

export const generateMetadata = titled('adminPlatforms', 'title');

/**
 * Sales platforms waiting for approval (oldest first), and the live ones staff may suspend. Names,
 * addresses and mobiles are isolated: a Latin domain inside a Persian line keeps its own order.
 */
export default async function AdminPlatformsPage() {
  const { actor } = await requireStaffActor('platforms');
  const t = await getTranslations('adminPlatforms');
  const ts = await getTranslations('services');
  const locale = (await getLocale()) as Locale;
  const { pending, live } = await listPlatformsForReview(getDb(), actor);
  const row = (r: (typeof pending)[number], mode: 'decide' | 'suspend') => (
    <li key={r.p.id} className="rounded-xl border border-slate-200 p-4 text-sm" data-testid={`admin-platform-${r.p.name}`}>
      <p className="font-semibold">
        <bdi>{r.p.name}</bdi> · {ts(`types.${r.p.type}`)} · {locale === 'fa' ? r.serviceFa : r.serviceEn}
      </p>
      <p className="mt-1 break-all text-muted">
        <bdi dir="ltr">{r.p.address}</bdi>
      </p>
      <p className="mt-1 text-muted">
        <Link href={`/admin/merchants/${r.p.userId}`} className="font-medium text-brand-700 hover:underline" data-testid="platform-merchant">
          <bdi>
            {r.owner} {r.ownerLast}
          </bdi>
        </Link>{' '}
        · <bdi dir="ltr">{localDigits(r.mobile, locale)}</bdi> · {formatDate(r.p.createdAt, locale, { time: true })}
      </p>
      <p className="mt-1 text-muted">
        {t('volume', { amount: formatInteger(r.p.expectedMonthlyVolume, locale) })} · {ts(`platformStatus.${r.p.status}`)}
      </p>
      {r.p.decisionReason && mode === 'suspend' && (
        <p className="mt-1 text-muted">
          {t('reasonWas')} <bdi>{r.p.decisionReason}</bdi>
        </p>
      )}
      {r.p.callbackUrls.length > 0 && (
        <ul className="mt-1 flex flex-col break-all text-muted" dir="ltr">
          {r.p.callbackUrls.map((u) => (
            <li key={u}>{u}</li>
          ))}
        </ul>
      )}
      {(mode === 'decide' || r.p.status !== 'suspended') && canStaff(actor, 'platforms', 'write') && (
        <PlatformDecision platformId={r.p.id} name={r.p.name} mode={mode} />
      )}
    </li>
  );
  return (
    <div className="flex flex-col gap-6">
      <h1 className="text-2xl font-bold">{t('title')}</h1>
      <DecisionOutcomes testId="platform-outcome">
        <div className="flex flex-col gap-6">
          <Card title={t('pending')}>
            {pending.length ? (
              <ul className="flex flex-col gap-3">{pending.map((r) => row(r, 'decide'))}</ul>
            ) : (
              <p className="text-sm text-muted">{t('nonePending')}</p>
            )}
          </Card>
          <Card title={t('live')}>
            {live.length ? (
              <ul className="flex flex-col gap-3">{live.map((r) => row(r, 'suspend'))}</ul>
            ) : (
              <p className="text-sm text-muted">{t('noneLive')}</p>
            )}
          </Card>
        </div>
      </DecisionOutcomes>
    </div>
  );
}
