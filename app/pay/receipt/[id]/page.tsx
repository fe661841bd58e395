import { notFound } from 'next/navigation';
import type { Metadata } from 'next';
import Link from 'next/link';
import { getLocale, getTranslations } from 'next-intl/server';
import { CopyButton } from '@/components/pay/copy-button';
import { PrintButton } from '@/components/pay/print-button';
import { getDb } from '@/db';
import { formatDate, localDigits } from '@/lib/date/format';
import type { Locale } from '@/lib/i18n/config';
import { formatMoney } from '@/lib/money';
import { bankReasonOf, BankReasonView, splitReason } from '@/components/vpos/bank-reason';
import { BANKS } from '@/lib/validation/payments';
import { inLocale } from '@/lib/i18n/bilingual';
import { checkOutboundUrl } from '@/lib/net/url';
import { getReceipt } from '@/lib/payments/payer';

export const metadata: Metadata = { robots: { index: false } };

const TONE: Record<string, string> = {
  succeeded: 'bg-emerald-50 text-emerald-800 border-emerald-300',
  failed: 'bg-red-50 text-red-800 border-red-300',
  canceled: 'bg-red-50 text-red-800 border-red-300',
};

/** The payer's printable receipt: state, amount, tracking code; a retry after a decline. */
export default async function ReceiptPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const t = await getTranslations('receipt');
  const tp = await getTranslations('pay');
  const tv = await getTranslations('vpos');
  const th = await getTranslations('payHelp');
  const locale = (await getLocale()) as Locale;
  const row = await getReceipt(getDb(), id);
  // An unknown receipt answers 404 with the payer's friendly page (app/pay/not-found.tsx).
  if (!row) notFound();
  const { p, settings, slip } = row;
  const unit = settings?.displayUnit ?? 'rial';
  // Lira (the virtual POS) as lira; Rials as the merchant shows them.
  const money = (v: bigint) => formatMoney(v, p.currency, locale, unit);
  const bank = slip ? BANKS.find((b) => b.id === slip.bank) : null;
  const open = p.state === 'redirected' || p.state === 'unknown' || p.state === 'created';
  const canRetry = (p.state === 'failed' || p.state === 'canceled') && p.source === 'link' && !p.oneOffLinkId && settings?.enabled;
  const merchant = settings?.title ?? row.platformName;
  const back = wayBack(row, canRetry);
  const rows: [string, React.ReactNode, string?][] = [
    [t('merchant'), merchant],
    [t('amount'), money(p.amount), 'amount'],
    [t('date'), formatDate(p.completedAt ?? p.createdAt, locale, { time: true })],
    [t('method'), tp(p.method)],
  ];
  if (p.gateway) rows.push([t('gateway'), tp(`gateways.${p.gateway}` as 'gateways.sandbox')]);
  if (p.cardMasked)
    rows.push([
      t('card'),
      <bdi dir="ltr" key="c">
        {localDigits(p.cardMasked, locale)}
      </bdi>,
    ]);
  if (p.gatewayRef) rows.push([t('bankRef'), <bdi key="r">{localDigits(p.gatewayRef, locale)}</bdi>, 'bank-ref']);
  if (bank) rows.push([t('bank'), locale === 'fa' ? bank.fa : bank.en]);
  if (slip) rows.push([t('slipNumber'), <bdi key="s">{localDigits(slip.slipNumber, locale)}</bdi>]);
  if (row.refunded.amount > 0n) {
    const when = row.refunded.at ? ` · ${formatDate(row.refunded.at, locale, { time: true })}` : '';
    rows.push([t('refunded'), `${money(row.refunded.amount)}${when}`, 'refunded']);
  }
  if (p.failureReason && !open) {
    // A lira payment's reason is N Kolay's "<bank code> <Turkish message>": said in the payer's language too.
    const r = splitReason(p.failureReason);
    const words = (code: string) => (tv.has(`bankCodes.${code}`) ? tv(`bankCodes.${code}` as 'bankCodes.51') : undefined);
    rows.push([
      t('reason'),
      // A Rial gateway's reason may be written in both languages, "فارسی (English)": the reader's half only.
      p.currency === 'TRY' ? <BankReasonView key="why" reason={bankReasonOf(r.code, r.message, words)} locale={locale} /> : inLocale(p.failureReason, locale),
      'reason',
    ]);
  }

  return (
    <section className="rounded-2xl border border-slate-200 bg-white p-5 shadow-sm sm:p-7 print:border-0 print:shadow-none" data-testid="receipt">
      <h1 className="text-xl font-bold">{t('title')}</h1>
      <p
        className={`mt-4 rounded-lg border px-3 py-2 text-center font-semibold ${TONE[p.state] ?? 'border-amber-300 bg-amber-50 text-amber-900'}`}
        data-testid="receipt-state"
      >
        {row.refunded.amount === 0n ? t(`states.${p.state}`) : row.refunded.amount < p.amount ? t('partlyRefunded') : t('fullyRefunded')}
      </p>
      {open && <p className="mt-3 text-sm text-muted">{t('pendingNote')}</p>}
      {(p.state === 'failed' || p.state === 'canceled') && p.method === 'online' && (
        <p className="mt-3 rounded-lg bg-slate-50 px-3 py-2 text-sm text-ink" data-testid="receipt-money-back">
          {tp('moneyBackNote')}
        </p>
      )}
      {(open || p.state === 'failed' || p.state === 'canceled') && (
        <p className="mt-3 text-sm print:hidden">
          <Link href={`/pay/help?code=${p.trackingCode}`} className="font-semibold text-brand-700 hover:underline" data-testid="receipt-help">
            {th('receiptLink')}
          </Link>
        </p>
      )}
      <div className="mt-5 rounded-xl bg-slate-50 p-4 text-center">
        <p className="text-sm text-muted">{t('trackingCode')}</p>
        <p className="mt-1 text-2xl font-bold tracking-widest" data-testid="tracking-code" data-code={p.trackingCode}>
          <bdi>{localDigits(p.trackingCode, locale)}</bdi>
        </p>
        <div className="mt-2 flex justify-center">
          <CopyButton value={p.trackingCode} label={tp('copyTrackingCode')} copiedLabel={tp('copied')} testId="copy-tracking-code" />
        </div>
      </div>
      <dl className="mt-5 grid grid-cols-[8rem_1fr] gap-x-3 gap-y-2 text-sm">
        {rows.map(([k, v, testId]) => (
          <div key={k} className="contents">
            <dt className="text-muted">{k}</dt>
            <dd data-testid={testId ? `receipt-${testId}` : undefined}>{v}</dd>
          </div>
        ))}
      </dl>
      {p.payerMobile && (p.state === 'succeeded' || p.state === 'awaiting_confirmation') && (
        <p className="mt-4 text-xs text-muted">{t('smsNote', { mobile: localDigits(`${p.payerMobile.slice(0, 4)}***${p.payerMobile.slice(-4)}`, locale) })}</p>
      )}
      <div className="mt-6 flex flex-wrap gap-3 print:hidden">
        <PrintButton label={t('print')} />
        {canRetry && settings && (
          <Link
            href={`/pay/${settings.handle}?retry=${p.id}`}
            className="inline-flex min-h-11 items-center rounded-lg bg-brand-600 px-4 text-sm font-semibold text-white hover:bg-brand-700"
          >
            {t('retry')}
          </Link>
        )}
        {back && (
          <a
            href={back.href}
            rel={back.external ? 'noopener noreferrer' : undefined}
            className="inline-flex min-h-11 items-center rounded-lg px-4 text-sm font-semibold text-brand-700 hover:bg-brand-50"
            data-testid="receipt-back"
          >
            {/* The merchant's name isolated (FSI…PDI): a Persian name inside an English sentence keeps its place. */}
            {tp(back.external ? 'backToSite' : 'backToPage', { name: `\u2068${merchant}\u2069` })}
          </a>
        )}
      </div>
    </section>
  );
}

/**
 * Where the payer goes back to the merchant: the address an API payment came with (as the callback
 * sends it, with the payment's id and state), else a website platform's address, else the link's own
 * page (unless "try again" already leads there). Addresses are checked again before they become links.
 */
function wayBack(row: NonNullable<Awaited<ReturnType<typeof getReceipt>>>, canRetry: unknown): { href: string; external: boolean } | null {
  const { p, settings } = row;
  if (p.callbackUrl) {
    const verdict = checkOutboundUrl(p.callbackUrl);
    if (verdict.ok) {
      const url = verdict.url;
      url.searchParams.set('payment_id', p.id);
      url.searchParams.set('order_id', p.orderId);
      url.searchParams.set('status', p.state);
      return { href: url.toString(), external: true };
    }
  }
  if (row.platformType === 'website') {
    const verdict = checkOutboundUrl(row.platformAddress);
    if (verdict.ok) return { href: verdict.url.toString(), external: true };
  }
  if (settings?.enabled && p.source === 'link' && !canRetry) return { href: `/pay/${settings.handle}`, external: false };
  return null;
}
