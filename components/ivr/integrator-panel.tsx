import { getLocale, getTranslations } from 'next-intl/server';
import type { ReactNode } from 'react';
import { localDigits } from '@/lib/date/format';
import type { Locale } from '@/lib/i18n/config';
import { LOOKUP_ERRORS } from '@/lib/ivr';

const json = (v: unknown) => JSON.stringify(v, null, 2);

function Code({ children, testId }: { children: ReactNode; testId?: string }) {
  return (
    <pre
      dir="ltr"
      className="whitespace-pre-wrap rounded-lg bg-slate-900 p-3 text-start text-xs leading-relaxed text-slate-100 [overflow-wrap:anywhere]"
      data-testid={testId}
    >
      <code>{children}</code>
    </pre>
  );
}

function Step({ title, children }: { title: string; children: ReactNode }) {
  return (
    <div className="flex flex-col gap-2">
      <h3 className="text-sm font-semibold">{title}</h3>
      {children}
    </div>
  );
}

/**
 * What the IVR integrator needs, filled in with this platform's values: the look-up endpoint and
 * its bearer, PayStar's two request bodies, the answer with the SIP hand-off, the errors 1–5 the
 * IVR plays to the caller, and the two result inquiries. `origin` is the configured public origin.
 */
export async function IntegratorPanel({ origin, merchantNumber, line }: { origin: string; merchantNumber: string; line: string }) {
  const t = await getTranslations('ivr.integrator');
  const locale = (await getLocale()) as Locale;
  const lineDigits = line.replace(/\D/g, '');
  return (
    <div className="flex min-w-0 flex-col gap-5 text-sm" data-testid="integrator-panel">
      <p className="text-muted">{t('intro')}</p>
      <Step title={t('lookup')}>
        <Code testId="lookup-endpoint">{`POST ${origin}/api/ivr/transactions\nAuthorization: Bearer <IVR credential>\nContent-Type: application/json`}</Code>
        <p className="text-xs text-muted">{t('lookupAuth')}</p>
      </Step>
      <Step title={t('mode1')}>
        <p className="text-muted">{t('mode1Intro')}</p>
        <Code>{json({ invoice_id: '<tracking code>', merchant_cid: '<caller number>', ivr: 0, type: 1 })}</Code>
      </Step>
      <Step title={t('mode2')}>
        <p className="text-muted">{t('mode2Intro')}</p>
        <Code>{json({ order_id: '<UNIQUEID>-…', merchant_cid: '<caller number>', amount: '<Rials>', trunk_id: '<trunk id>', ivr: 1, type: 1 })}</Code>
      </Step>
      <Step title={t('answer')}>
        <p className="text-muted">{t('answerIntro')}</p>
        <Code testId="lookup-answer">
          {json({
            transactionId: '<transactionId>',
            merchantId: merchantNumber,
            price: '<price>',
            sip: { 'CALLERID(all)': `${lineDigits}*${merchantNumber}*<transactionId>`, Amount: '<price>' },
          }).replace('"<transactionId>"', '<transactionId>')}
        </Code>
        <p className="text-xs text-muted">{t('sip')}</p>
      </Step>
      <Step title={t('errors')}>
        <p className="text-muted">{t('errorsIntro')}</p>
        <Code>{json({ error: 2, message: LOOKUP_ERRORS[2] })}</Code>
        <table className="w-full text-sm" data-testid="lookup-errors">
          <caption className="sr-only">{t('errors')}</caption>
          <thead>
            <tr className="border-b border-slate-200 text-xs text-muted">
              <th scope="col" className="px-2 py-2 text-start font-medium first:ps-0">
                {t('code')}
              </th>
              <th scope="col" className="px-2 py-2 text-start font-medium">
                {t('meaning')}
              </th>
              <th scope="col" className="px-2 py-2 text-start font-medium">
                {t('message')}
              </th>
            </tr>
          </thead>
          <tbody>
            {([1, 2, 3, 4, 5] as const).map((c) => (
              <tr key={c} className="border-b border-slate-100 align-top last:border-0">
                <td className="px-2 py-2 font-semibold first:ps-0">{localDigits(c, locale)}</td>
                <td className="px-2 py-2">{t(`codes.${c}`)}</td>
                <td className="px-2 py-2 text-xs text-muted" lang="fa">
                  {LOOKUP_ERRORS[c]}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </Step>
      <Step title={t('result')}>
        <p className="text-muted">{t('resultIntro')}</p>
        <Code testId="result-endpoints">{`GET ${origin}/api/v1/ivr/invoices/{tracking_code}\nAuthorization: Bearer <API key or token>\n\nGET ${origin}/api/ivr/get-transaction-result?tracking_code=…\nAuthorization: Bearer <API key or token>`}</Code>
        <p className="text-xs text-muted">{t('resultPaystar')}</p>
      </Step>
    </div>
  );
}
