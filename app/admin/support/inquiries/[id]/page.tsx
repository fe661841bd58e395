import { notFound } from 'next/navigation';
import { getLocale, getTranslations } from 'next-intl/server';
import { InquiryAnswerForm, InquiryCloseButton } from '@/components/inquiries/answer-form';
import { InquiryFacts } from '@/components/inquiries/inquiry-facts';
import { BackLink } from '@/components/ui/back-link';
import { Card } from '@/components/ui/card';
import { getDb } from '@/db';
import { requireStaffActor } from '@/lib/auth/session';
import { localDigits } from '@/lib/date/format';
import type { Locale } from '@/lib/i18n/config';
import { titled } from '@/lib/i18n/metadata';
import { canStaff } from '@/lib/staff/permissions';
import { getInquiry } from '@/lib/support/inquiries';
import { staffAnswerInquiryAction, staffCloseInquiryAction } from '../actions';

export const generateMetadata = titled('adminInquiries', 'title');

/** One payer's inquiry for staff: the facts with the merchant, and (support role) an answer in the merchant's stead. */
export default async function AdminInquiryPage({ params }: { params: Promise<{ id: string }> }) {
  const { actor } = await requireStaffActor('support');
  const t = await getTranslations('adminInquiries');
  const ti = await getTranslations('inquiries');
  const locale = (await getLocale()) as Locale;
  const inquiry = await getInquiry(getDb(), actor, (await params).id);
  if (!inquiry) notFound();
  const mayWrite = canStaff(actor, 'support', 'write');
  return (
    <div className="flex flex-col gap-6">
      <div>
        <BackLink href="/admin/support/inquiries">{t('backToList')}</BackLink>
        <h1 className="mt-2 text-2xl font-bold">{t('detailTitle', { code: localDigits(inquiry.trackingCode, locale) })}</h1>
      </div>
      <Card>
        <InquiryFacts inquiry={inquiry} staff />
      </Card>
      {mayWrite && inquiry.state === 'open' && (
        <Card title={t('answerAsStaff')}>
          <InquiryAnswerForm id={inquiry.id} action={staffAnswerInquiryAction} label={ti('answer')} hint={t('answerHint')} />
        </Card>
      )}
      {mayWrite && inquiry.state !== 'closed' && <InquiryCloseButton id={inquiry.id} action={staffCloseInquiryAction} />}
      {inquiry.state === 'closed' && <p className="text-sm text-muted">{ti('closedNote')}</p>}
    </div>
  );
}
