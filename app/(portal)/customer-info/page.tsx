import { getLocale, getTranslations } from 'next-intl/server';
import { getDb } from '@/db';
import { requireMerchantActor } from '@/lib/auth/session';
import { formatDate } from '@/lib/date/format';
import { PROVINCES } from '@/lib/geo/provinces';
import type { Locale } from '@/lib/i18n/config';
import { getCustomerInfo } from '@/lib/kyc';
import { CustomerInfoForm, type DocumentInfo } from './_components/customer-info-form';
import { isolate } from '@/components/ui/bidi';
import { PageHeader } from '@/components/ui/page-header';
import { titled } from '@/lib/i18n/metadata';

export const generateMetadata = titled('kyc', 'title');

export default async function CustomerInfoPage() {
  const { user, actor } = await requireMerchantActor({ need: 'kyc' });
  const t = await getTranslations('kyc');
  const locale = (await getLocale()) as Locale;
  const { profile, documents: docs } = await getCustomerInfo(getDb(), actor);
  const status = profile?.status ?? 'draft';
  // The name given at sign-up starts the form (the owner's own: a business is its owner today); what is stored wins.
  const signUpName = status !== 'submitted' && actor.userId === actor.merchantId ? { firstName: user.firstName, lastName: user.lastName } : {};
  const identity = Object.fromEntries(Object.entries({ ...signUpName, ...profile?.identity }).filter(([, v]) => typeof v === 'string' && v.trim() !== ''));
  const documents: Record<string, DocumentInfo> = Object.fromEntries(
    Object.entries(docs).map(([k, d]) => [k, { id: d.id, name: d.originalName, contentType: d.contentType }]),
  );
  const banner = {
    draft: profile?.approvedAt ? { tone: 'info', text: t('banner.changing') } : { tone: 'info', text: t('banner.draft') },
    submitted: { tone: 'info', text: t('banner.submitted', { date: formatDate(profile?.submittedAt ?? new Date(), locale, { time: true }) }) },
    approved: { tone: 'success', text: t('banner.approved', { date: formatDate(profile?.approvedAt ?? new Date(), locale) }) },
    rejected: { tone: 'error', text: t('banner.rejected') },
    suspended: { tone: 'error', text: t('banner.suspended', { date: formatDate(profile?.suspendedAt ?? new Date(), locale) }) },
  }[status];
  const tones = {
    info: 'border-brand-100 bg-brand-50 text-brand-800',
    success: 'border-emerald-300 bg-emerald-50 text-emerald-900',
    error: 'border-amber-300 bg-amber-50 text-amber-900',
  };
  return (
    <div className="flex flex-col gap-6">
      <PageHeader title={t('title')} intro={t('subtitle')} />
      <div className={`rounded-xl border px-4 py-3 text-sm ${tones[banner.tone as keyof typeof tones]}`} data-testid="kyc-status" data-status={status}>
        <p className="font-semibold">{t(`status.${status}`)}</p>
        <p className="mt-1">{banner.text}</p>
        {status === 'suspended' && profile?.suspensionReason && (
          <p className="mt-2" data-testid="suspension-reason">
            {t('suspensionReason', { reason: isolate(profile.suspensionReason) })}
          </p>
        )}
        {status === 'rejected' && profile?.rejectionNote && (
          <p className="mt-2" data-testid="rejection-note">
            {t('staffSays', { reason: isolate(profile.rejectionNote) })}
          </p>
        )}
      </div>
      <CustomerInfoForm
        // A new state (submitted, decided) remounts the form with the stored, normalised values.
        key={`${status}-${profile?.submittedAt?.getTime() ?? 0}-${profile?.decidedAt?.getTime() ?? 0}`}
        initial={{ kind: profile?.kind ?? 'natural', identity, financial: profile?.financial ?? {} }}
        readOnly={status === 'submitted' || status === 'suspended'}
        approved={status === 'approved'}
        reasons={status === 'rejected' ? (profile?.rejectionReasons ?? {}) : {}}
        provinces={PROVINCES}
        documents={documents}
      />
    </div>
  );
}
