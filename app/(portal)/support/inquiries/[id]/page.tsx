import { notFound } from 'next/navigation';
import { getTranslations } from 'next-intl/server';
import { InquiryAnswerForm, InquiryCloseButton } from '@/components/inquiries/answer-form';
import { InquiryFacts } from '@/components/inquiries/inquiry-facts';
import { BackLink } from '@/components/ui/back-link';
import { Card } from '@/components/ui/card';
import { getDb } from '@/db';
import { localDigits } from '@/lib/date/format';
import { requireMerchantActor } from '@/lib/auth/session';
import type { Locale } from '@/lib/i18n/config';
import { titled } from '@/lib/i18n/metadata';
import { getInquiry } from '@/lib/support/inquiries';
import { getLocale } from 'next-intl/server';
import { answerInquiryAction, closeInquiryAction } from '../actions';

export const generateMetadata = titled('inquiries', 'title');

/** One payer's inquiry for its merchant: the facts, the answer (SMS to the payer), closing it. */
export default async function InquiryPage({ params }: { params: Promise<{ id: string }> }) {
  const { actor } = await requireMerchantActor({ need: 'payments' });
  const t = await getTranslations('inquiries');
  const locale = (await getLocale()) as Locale;
  const inquiry = await getInquiry(getDb(), actor, (await params).id);
  if (!inquiry) notFound();
  return (
    <div className="flex flex-col gap-6">
      <div>
        <BackLink href="/support/inquiries">{t('backToList')}</BackLink>
        <h1 className="mt-2 text-2xl font-bold">{t('detailTitle', { code: localDigits(inquiry.trackingCode, locale) })}</h1>
      </div>
      <Card>
        <InquiryFacts inquiry={inquiry} />
      </Card>
      {inquiry.state === 'open' && (
        <Card title={t('answer')}>
          <InquiryAnswerForm id={inquiry.id} action={answerInquiryAction} />
        </Card>
      )}
      {inquiry.state !== 'closed' ? (
        <InquiryCloseButton id={inquiry.id} action={closeInquiryAction} />
      ) : (
        <p className="text-sm text-muted">{t('closedNote')}</p>
      )}
    </div>
  );
}
