import Link from 'next/link';
import { baseUrl } from '@/lib/http/base-url';
import { getTranslations } from 'next-intl/server';
import { setLocaleAction } from '@/app/actions/locale';
import { PublicHeader } from '@/components/shell/public-header';
import { Card } from '@/components/ui/card';
import { openApiDocument } from '@/lib/api/openapi';
import { titled } from '@/lib/i18n/metadata';

export const generateMetadata = titled('apiDocs', 'title');

/** The technical documentation: an introduction, then every endpoint of the OpenAPI document with curl examples. */
export default async function ApiDocsPage() {
  const t = await getTranslations('apiDocs');
  const origin = await baseUrl();
  const doc = openApiDocument(origin);
  const base = `${origin}/api/v1`;
  const examples: Record<string, string> = {
    getToken: `curl -X POST ${base}/token \\\n  -H 'Content-Type: application/json' \\\n  -d '{"api_key":"dk_test_…"}'`,
    getPlatform: `curl ${base}/platform \\\n  -H 'Authorization: Bearer <access_token>'`,
    listServices: `curl ${base}/services \\\n  -H 'Authorization: Bearer <access_token>'`,
    createIvrInvoice: `curl -X POST ${base}/ivr/invoices \\\n  -H 'Authorization: Bearer <access_token>' \\\n  -H 'Content-Type: application/json' \\\n  -d '{"amount":1500000,"order_id":"INV-1042","customer_name":"…","phone":"09121234567"}'`,
    getIvrInvoice: `curl ${base}/ivr/invoices/<tracking_code> \\\n  -H 'Authorization: Bearer <access_token>'`,
    ivrLookup: `curl -X POST ${origin}/api/ivr/transactions \\\n  -H 'Authorization: Bearer ivr_…' \\\n  -H 'Content-Type: application/json' \\\n  -d '{"invoice_id":48213675,"merchant_cid":"09121234567","ivr":0,"type":1}'\n\n# → {"transactionId":…,"merchantId":"…","price":"1500000","sip":{"CALLERID(all)":"<line>*<merchantId>*<transactionId>","Amount":"1500000"}}\n# or {"error":2,"message":"…"}`,
    listTopupProducts: `curl '${base}/topup/products?mobile=09121234567&kind=package' \\\n  -H 'Authorization: Bearer <access_token>'`,
    createTopup: `curl -X POST ${base}/topups \\\n  -H 'Authorization: Bearer <access_token>' \\\n  -H 'Idempotency-Key: topup-1042' \\\n  -H 'Content-Type: application/json' \\\n  -d '{"mobile":"09121234567","amount":50000,"order_id":"TOPUP-1042","callback_url":"https://shop.example/back"}'\n\n# → 201 {"id":"…","state":"awaiting_payment","payment_url":"…/pay/go/…",…}: send the buyer to payment_url`,
    getTopup: `curl ${base}/topups/<id> \\\n  -H 'Authorization: Bearer <access_token>'`,
  };
  // A path may name a server of its own (the IVR endpoints live under /api, not /api/v1).
  const ops = Object.entries(doc.paths).flatMap(([path, item]) => {
    const { servers, ...methods } = item as { servers?: { url: string }[] };
    const prefix = new URL(servers?.[0]?.url ?? base).pathname;
    return Object.entries(methods as Record<string, { operationId: string; summary: string }>).map(([method, op]) => ({
      path: `${prefix}${path}`,
      method: method.toUpperCase(),
      ...op,
    }));
  });
  return (
    <div className="min-h-dvh">
      <PublicHeader
        className="border-b border-slate-200 bg-white px-6 py-4"
        brand={
          <Link href="/" className="text-lg font-extrabold text-brand-700">
            {t('brand')}
          </Link>
        }
        setLocale={setLocaleAction}
      />
      <main id="main" className="mx-auto flex max-w-4xl flex-col gap-6 px-5 py-8">
        <div>
          <h1 className="text-2xl font-bold">{t('title')}</h1>
          <p className="mt-2 text-sm leading-7 text-muted">{t('intro')}</p>
          <pre dir="ltr" className="mt-2 overflow-x-auto rounded-lg bg-slate-100 p-3 text-xs" tabIndex={0}>
            {'{ "error": { "code": "key_revoked", "message": "…", "fields": { … } } }'}
          </pre>
        </div>
        <Card title={t('authTitle')}>
          <ol className="list-decimal space-y-2 ps-5 text-sm leading-7">
            <li>{t('step1')}</li>
            <li>{t('step2')}</li>
            <li>{t('step3')}</li>
          </ol>
          <p className="mt-3 text-sm text-muted">{t('errorsNote')}</p>
        </Card>
        {ops.map((op) => (
          <Card key={op.operationId} title={t.has(`ops.${op.operationId}`) ? t(`ops.${op.operationId}`) : op.summary}>
            <p className="text-sm" dir="ltr">
              <code className="rounded bg-slate-100 px-2 py-1 font-semibold">
                {op.method} {op.path}
              </code>{' '}
              <span className="text-muted">({op.operationId})</span>
            </p>
            {examples[op.operationId] && (
              <pre dir="ltr" className="mt-3 overflow-x-auto rounded-lg bg-slate-900 p-4 text-xs leading-6 text-slate-100" tabIndex={0}>
                {examples[op.operationId]}
              </pre>
            )}
          </Card>
        ))}
        <p className="text-sm">
          <a href="/api/v1/openapi.json" className="font-medium text-brand-700 underline">
            {t('openapi')}
          </a>
        </p>
      </main>
    </div>
  );
}
