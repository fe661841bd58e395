'use server';

import { getLocale } from 'next-intl/server';
import { action } from '@/lib/actions/action';
import { formatDate } from '@/lib/date/format';
import type { Locale } from '@/lib/i18n/config';
import { formatMoney } from '@/lib/money';
import { ok } from '@/lib/result';
import { askAboutPayment, type PayerState } from '@/lib/support/inquiries';
import { payHelpSchema } from '@/lib/support/inquiries-schema';

/** What the payer's page shows: plain strings in the payer's language (nothing else of the payment). */
export type PayHelpAnswer =
  { matched: false } | { matched: true; state: PayerState; amount: string; refunded: string; when: string; merchant: string; trackingCode: string };

/** The payer's question from /pay/help; everything is re-checked on the server (rate limits first). */
export const askAboutPaymentAction = action({ who: 'public', schema: payHelpSchema }, async (_, input, { db, ip }) => {
  const locale = (await getLocale()) as Locale;
  const r = await askAboutPayment(db, input, { ip, locale });
  if (!r.ok) return r;
  if (!r.data.matched) return ok<PayHelpAnswer>({ matched: false });
  const p = r.data.payment;
  return ok<PayHelpAnswer>({
    matched: true,
    state: p.state,
    amount: formatMoney(p.amount, p.currency, locale),
    refunded: formatMoney(p.refunded, p.currency, locale),
    when: p.at ? formatDate(p.at, locale, { time: true }) : '',
    merchant: p.merchant,
    trackingCode: p.trackingCode,
  });
});
