import type { Metadata } from 'next';
import { getLocale, getTranslations } from 'next-intl/server';
import { asc, desc, eq, inArray } from 'drizzle-orm';
import { Card } from '@/components/ui/card';
import { getDb } from '@/db';
import { merchantServices, platforms, services, users } from '@/db/schema';
import { requireAdmin } from '@/lib/auth/session';
import { formatDate, localDigits } from '@/lib/date/format';
import type { Locale } from '@/lib/i18n/config';
import { PlatformDecision } from './platform-decision';

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations('adminPlatforms'))('title') };
}

/** Sales platforms waiting for approval (oldest first), and the live ones staff may suspend. */
export default async function AdminPlatformsPage() {
  await requireAdmin();
  const t = await getTranslations('adminPlatforms');
  const ts = await getTranslations('services');
  const locale = (await getLocale()) as Locale;
  const db = getDb();
  const select = db
    .select({ p: platforms, mobile: users.mobile, owner: users.firstName, ownerLast: users.lastName, serviceFa: services.nameFa, serviceEn: services.nameEn })
    .from(platforms)
    .innerJoin(users, eq(users.id, platforms.userId))
    .innerJoin(merchantServices, eq(merchantServices.id, platforms.merchantServiceId))
    .innerJoin(services, eq(services.id, merchantServices.serviceId));
  const [pending, live] = await Promise.all([
    select.where(eq(platforms.status, 'pending')).orderBy(asc(platforms.createdAt)).limit(100),
    db
      .select({ p: platforms, mobile: users.mobile, owner: users.firstName, ownerLast: users.lastName, serviceFa: services.nameFa, serviceEn: services.nameEn })
      .from(platforms)
      .innerJoin(users, eq(users.id, platforms.userId))
      .innerJoin(merchantServices, eq(merchantServices.id, platforms.merchantServiceId))
      .innerJoin(services, eq(services.id, merchantServices.serviceId))
      .where(inArray(platforms.status, ['approved', 'paused', 'suspended']))
      .orderBy(desc(platforms.decidedAt))
      .limit(100),
  ]);
  const row = (r: (typeof pending)[number], mode: 'decide' | 'suspend') => (
    <li key={r.p.id} className="rounded-xl border border-slate-200 p-4 text-sm" data-testid={`admin-platform-${r.p.name}`}>
      <p className="font-semibold">
        {r.p.name} · {ts(`types.${r.p.type}`)} · {locale === 'fa' ? r.serviceFa : r.serviceEn}
      </p>
      <p className="mt-1 text-muted">
        <bdi dir="ltr">{r.p.address}</bdi> · {r.owner} {r.ownerLast} · <bdi dir="ltr">{localDigits(r.mobile, locale)}</bdi> ·{' '}
        {formatDate(r.p.createdAt, locale, { time: true })}
      </p>
      <p className="mt-1 text-muted">
        {t('volume', { amount: localDigits(r.p.expectedMonthlyVolume.toLocaleString('en-US'), locale) })} · {ts(`platformStatus.${r.p.status}`)}
      </p>
      {r.p.callbackUrls.length > 0 && (
        <p className="mt-1 text-muted" dir="ltr">
          {r.p.callbackUrls.join(' · ')}
        </p>
      )}
      {(mode === 'decide' || r.p.status !== 'suspended') && <PlatformDecision platformId={r.p.id} mode={mode} />}
    </li>
  );
  return (
    <div className="flex flex-col gap-6">
      <h1 className="text-2xl font-bold">{t('title')}</h1>
      <Card title={t('pending')}>
        {pending.length ? (
          <ul className="flex flex-col gap-3">{pending.map((r) => row(r, 'decide'))}</ul>
        ) : (
          <p className="text-sm text-muted">{t('nonePending')}</p>
        )}
      </Card>
      <Card title={t('live')}>
        {live.length ? <ul className="flex flex-col gap-3">{live.map((r) => row(r, 'suspend'))}</ul> : <p className="text-sm text-muted">{t('noneLive')}</p>}
      </Card>
    </div>
  );
}
