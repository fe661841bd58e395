import { notFound } from 'next/navigation';
import { getTranslations } from 'next-intl/server';
import { AnswerForm } from '@/components/disputes/answer-form';
import { DisputeFacts } from '@/components/disputes/dispute-facts';
import { EvidenceList, evidenceLinks } from '@/components/disputes/evidence-list';
import { KycFirst } from '@/components/services/kyc-first';
import { BackLink } from '@/components/ui/back-link';
import { Card } from '@/components/ui/card';
import { getDb } from '@/db';
import { requireMerchantWithKyc } from '@/lib/auth/approved';
import { getDispute, MAX_EVIDENCE_FILES } from '@/lib/disputes';
import { titled } from '@/lib/i18n/metadata';
import { answerDisputeAction } from '../actions';

export const generateMetadata = titled('disputes', 'detailTitle');

/** One dispute for its merchant: the facts, and the answer with evidence until the deadline; the decision once made. */
export default async function DisputePage({ params }: { params: Promise<{ id: string }> }) {
  const { actor, approved } = await requireMerchantWithKyc({ need: 'sell' });
  if (!approved) return <KycFirst />;
  const t = await getTranslations('disputes');
  const row = await getDispute(getDb(), actor, (await params).id);
  if (!row) notFound();
  const now = new Date();
  const d = row.dispute;
  const canAnswer = (d.state === 'open' || d.state === 'answered') && d.deadline > now;
  const files = evidenceLinks(d);
  return (
    <div className="flex flex-col gap-6">
      <div>
        <BackLink href="/disputes">{t('back')}</BackLink>
        <h1 className="mt-2 text-2xl font-bold">{t('detailTitle')}</h1>
      </div>
      <DisputeFacts row={row} now={now} paymentHref={`/reports/transactions/${d.paymentId}`} />
      <Card title={t('yourAnswer')}>
        {canAnswer ? (
          <AnswerForm disputeId={d.id} answer={d.answer ?? ''} files={files} maxFiles={MAX_EVIDENCE_FILES} action={answerDisputeAction} />
        ) : (
          <div className="flex flex-col gap-3 text-sm" data-testid="answer-closed">
            <p className="whitespace-pre-line">{d.answer ?? t('noAnswer')}</p>
            <EvidenceList files={files} />
          </div>
        )}
      </Card>
    </div>
  );
}
