import Link from 'next/link';
import { canStaff } from '@/lib/staff/permissions';
import { StaffWrite } from '@/components/staff/staff-write';
import { notFound } from 'next/navigation';
import { getLocale, getTranslations } from 'next-intl/server';
import { Card } from '@/components/ui/card';
import { getDb } from '@/db';
import { requireStaffActor } from '@/lib/auth/session';
import { formatDate, localDigits } from '@/lib/date/format';
import type { Locale } from '@/lib/i18n/config';
import { getKycForReview } from '@/lib/kyc/admin';
import { bankOfSheba } from '@/lib/validation/identifiers';
import { financialFieldsOf, identityFields } from '@/lib/validation/kyc';
import { bankCodeOfTrIban, formatTrIban } from '@/lib/validation/turkey';
import { ReviewForm, type ReviewRow } from './_components/review-form';
import { SuspensionForm } from './_components/suspension-form';
import { titled } from '@/lib/i18n/metadata';
import { BackLink } from '@/components/ui/back-link';

export const generateMetadata = titled('adminKyc', 'reviewTitle');

export default async function KycReviewPage({ params, searchParams }: { params: Promise<{ id: string }>; searchParams: Promise<{ approved?: string }> }) {
  const { actor } = await requireStaffActor('kyc');
  const data = await getKycForReview(getDb(), actor, (await params).id);
  if (!data) notFound();
  const t = await getTranslations('adminKyc');
  const tk = await getTranslations('kyc');
  const locale = (await getLocale()) as Locale;
  const { profile } = data;
  const turkish = profile.kind === 'turkish_company';
  const show = (key: string, v: string | undefined) => {
    if (!v) return '—';
    if (key === 'companyType') return tk.has(`companyTypes.${v}`) ? tk(`companyTypes.${v}`) : v;
    if (key === 'iban') return formatTrIban(v);
    // A Turkish company's numbers (VKN, T.C. kimlik, MERSİS, postal code) are read as written, in Latin digits.
    if (turkish) return v;
    return /^[\d/]+$/.test(v) ? localDigits(v, locale) : v;
  };
  /** A field's label: a Turkish company's from `kyc.turkey.fields`, the Iranian kinds' from `kyc.fields`. */
  const label = (k: string) => (turkish && tk.has(`turkey.fields.${k}`) ? tk(`turkey.fields.${k}`) : tk.has(`fields.${k}`) ? tk(`fields.${k}`) : k);
  const rows: ReviewRow[] = [
    ...identityFields[profile.kind].map((k) => ({ key: `identity.${k}`, label: label(k), value: show(k, profile.identity[k]), isolate: turkish })),
    ...financialFieldsOf[profile.kind].map((k) => ({ key: `financial.${k}`, label: label(k), value: show(k, profile.financial[k]), isolate: turkish })),
  ];
  const bankInfo = !turkish && profile.financial.sheba ? bankOfSheba(profile.financial.sheba) : null;
  const bank = bankInfo ? (locale === 'fa' ? bankInfo.name : bankInfo.nameEn) : null;
  const trBankCode = turkish && profile.financial.iban ? bankCodeOfTrIban(profile.financial.iban) : null;
  return (
    <div className="flex flex-col gap-6">
      <div>
        <BackLink href="/admin/kyc">{t('backToQueue')}</BackLink>
        <h1 className="mt-2 text-2xl font-bold">
          {t('reviewTitle')} · {tk(`kinds.${profile.kind}`)}
        </h1>
        <p className="mt-1 text-sm text-muted">
          <Link href={`/admin/merchants/${profile.userId}`} className="font-medium text-brand-700 hover:underline">
            <bdi>
              {data.firstName} {data.lastName}
            </bdi>
          </Link>{' '}
          · <bdi dir="ltr">{localDigits(data.mobile, locale)}</bdi> · {tk(`status.${profile.status}`)}
          {profile.submittedAt && <> · {t('submittedOn', { date: formatDate(profile.submittedAt, locale, { time: true }) })}</>}
        </p>
        {bank && <p className="mt-1 text-sm">{tk('bankIs', { bank })}</p>}
        {trBankCode && (
          <p className="mt-1 text-sm" data-testid="iban-bank">
            {tk('turkey.bankCode', { code: trBankCode })}
          </p>
        )}
      </div>
      <ReviewForm
        profileId={profile.id}
        canDecide={profile.status === 'submitted' && canStaff(actor, 'kyc', 'write')}
        merchantName={`${data.firstName} ${data.lastName}`}
        arrived={(await searchParams).approved === '1'}
        rows={rows}
        documents={data.documents.map((d) => ({
          id: d.id,
          key: `documents.${d.kind}`,
          label: tk(`documentKinds.${d.kind}`),
          isImage: d.contentType.startsWith('image/'),
          name: d.originalName,
        }))}
      />
      {(profile.status === 'suspended' || profile.approvedAt) && (
        <StaffWrite may={canStaff(actor, 'kyc', 'write')} readOnly>
          <SuspensionForm
            profileId={profile.id}
            name={`${data.firstName} ${data.lastName}`}
            suspended={profile.status === 'suspended'}
            since={
              profile.status === 'suspended'
                ? t('suspendedSince', { date: formatDate(profile.suspendedAt ?? new Date(), locale, { time: true }), reason: profile.suspensionReason ?? '' })
                : undefined
            }
          />
        </StaffWrite>
      )}
      <Card title={t('history')}>
        {data.history.length === 0 ? (
          <p className="text-sm text-muted">{t('noHistory')}</p>
        ) : (
          <ol className="flex flex-col gap-3" data-testid="history">
            {data.history.map((h) => (
              <li key={h.id} className="rounded-lg border border-slate-200 p-3 text-sm">
                <p className="font-medium">
                  {t('submittedOn', { date: formatDate(h.submittedAt, locale, { time: true }) })} —{' '}
                  {h.decision ? tk(`status.${h.decision}`) : tk('status.submitted')}
                  {h.decidedAt && <> ({formatDate(h.decidedAt, locale, { time: true })})</>}
                </p>
                {h.note && <p className="mt-1 text-muted">{h.note}</p>}
                {h.fieldReasons && Object.keys(h.fieldReasons).length > 0 && (
                  <ul className="mt-1 list-disc ps-5 text-muted">
                    {Object.entries(h.fieldReasons).map(([k, v]) => (
                      <li key={k}>
                        {k.startsWith('documents.') && tk.has(`documentKinds.${k.split('.')[1]}`)
                          ? tk(`documentKinds.${k.split('.')[1]}`)
                          : label(k.split('.')[1])}
                        : {v}
                      </li>
                    ))}
                  </ul>
                )}
              </li>
            ))}
          </ol>
        )}
      </Card>
    </div>
  );
}
